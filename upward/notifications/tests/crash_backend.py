"""An email backend for the crash test: it records each message it "delivers" in a file
(like a mail server that accepted it) and, after CRASH_AFTER messages, kills its own process
with SIGKILL, i.e. after the server accepted the message but before Upward marked it sent."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage


class EmailBackend(BaseEmailBackend):
    delivered = 0

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        outbox = os.environ["CRASH_OUTBOX"]
        crash_after = int(os.environ.get("CRASH_AFTER", "0"))
        for message in email_messages:
            line: dict[str, Any] = {
                "key": message.extra_headers.get("X-Upward-Delivery"),
                "to": message.to,
                "pid": os.getpid(),
            }
            with open(outbox, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(line) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            EmailBackend.delivered += 1
            if crash_after and EmailBackend.delivered >= crash_after:
                os.kill(os.getpid(), signal.SIGKILL)
        return len(email_messages)
