"""A coordinator connects their program's Slack channel and sends a test message to a receiver
on this machine standing in for Slack."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from django.test import override_settings
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from upward.notifications.models import ProgramChatChannel


def test_coordinator_connects_a_slack_channel_and_tests_it(page: Any) -> None:
    received: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/services/T0/B0/secretpart"
    try:
        with override_settings(WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=True):
            sign_in(page, "coordinator@example.com")
            page.goto("/notifications/nudges/")
            page.click("text=Connect…")
            page.check("input[value='slack']")
            page.fill("#id_webhook_url", url)
            page.click("button:has-text('Save')")
            expect(page.locator(".messages")).to_contain_text("Chat channel saved")
            assert "secretpart" not in page.content()
            page.click("button:has-text('Send a test message')")
            expect(page.locator(".messages")).to_contain_text("Test message posted")
            payload = json.loads(received[0])
            assert payload["blocks"][0]["type"] == "section"
            screenshot(page, "chat-channel")
    finally:
        server.shutdown()
        server.server_close()
        ProgramChatChannel.objects.all().delete()
