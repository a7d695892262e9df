"""The development mail "server": one line per email on the console.

Without EMAIL_HOST, Upward writes emails to the console. Django's console backend prints each
whole MIME message (headers, both bodies, base64 calendar files), so the first scheduler sweep
after `make run` buried the demo logins under pages of text. This backend prints who, what and
the first link in the message (a sign-in or reset link must stay usable in development).
`EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend` brings the full messages back.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend

_LINK = re.compile(r"https?://[^\s<>\"')]+")


def summary_line(message: EmailMessage) -> str:
    recipients = ", ".join(message.to + message.cc + message.bcc) or "(nobody)"
    line = f"[email] to {recipients}: {message.subject!r}"
    links = _LINK.findall(str(message.body or ""))
    ours = [link for link in links if link.startswith(settings.SITE_URL)]
    if ours or links:
        line += f" -> {(ours or links)[0]}"
    names = [a[0] if isinstance(a, tuple) else a.get_filename() for a in message.attachments]
    if names:
        line += f" (+ {', '.join(str(name) for name in names)})"
    return line


class ConsoleSummaryBackend(EmailBackend):
    def write_message(self, message: EmailMessage) -> None:  # type: ignore[override]
        self.stream.write(summary_line(message) + "\n")
