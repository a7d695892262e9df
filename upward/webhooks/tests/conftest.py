"""A real HTTP receiver on loopback for webhook tests, and the setting that lets Upward reach it.

The receiver is `http.server` in a thread on 127.0.0.1 (an ephemeral port); each test scripts
its answers (`receiver.reply(500, 500, 200)`) and reads what arrived (`receiver.requests`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    replies: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reply(self, *codes: int) -> None:
        """The status codes of the next answers, in order; 200 after they run out."""
        with self.lock:
            self.replies.extend(codes)

    def next_code(self) -> int:
        with self.lock:
            return self.replies.pop(0) if self.replies else 200


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            receiver.requests.append(
                Received(path=self.path, headers=dict(self.headers.items()), body=body)
            )
            code = receiver.next_code()
            answer = b"ok" if code < 300 else b"receiver says no"
            self.send_response(code)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            pass  # keep test output quiet

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/upward"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def allow_private(settings: Any) -> None:
    """Let deliveries reach the loopback receiver (production refuses loopback addresses)."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
