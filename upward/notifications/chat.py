"""Program messages in a Slack or Microsoft Teams channel, through an incoming-webhook URL.

Only program-level messages go to a channel, never anything about one person that they did not
choose to share: a survey opened, a group check-in planned or due tomorrow, and celebrations
(names only where both people agreed; an action's title, never its description). Each message
is recorded once in the `ChatPost` ledger (unique key), then sent by the task worker; a refused
post is retried with backoff and shown to the coordinator if it still fails.

Payloads follow each product's documented incoming-webhook format:
- Slack: `{"text": <fallback>, "blocks": [section (mrkdwn), actions (a button with a url)]}`
  (api.slack.com/messaging/webhooks, Block Kit);
- Teams: `{"type": "message", "attachments": [{"contentType":
  "application/vnd.microsoft.card.adaptive", "content": <Adaptive Card 1.4>}]}` (Teams incoming
  webhooks and Workflows, "Send Adaptive Cards using an Incoming Webhook").
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Any

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from upward.notifications.models import (
    ChatPost,
    ChatProvider,
    ProgramChatChannel,
    ProgramNudgePause,
)
from upward.outbound import AddressRefused, post
from upward.programs.models import Program

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_BASE = dt.timedelta(minutes=1)
TIMEOUT_SECONDS = 10.0
SLACK_TEXT_LIMIT = 3000  # a section block's text
ADAPTIVE_CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


# --- payloads --------------------------------------------------------------------------------


def _slack_escape(text: str) -> str:
    # Slack's mrkdwn treats &, < and > as control characters (links, mentions).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(*, title: str, text: str, link: str) -> dict[str, Any]:
    body = f"*{_slack_escape(title)}*\n{_slack_escape(text)}"[:SLACK_TEXT_LIMIT]
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": body}},
    ]
    if link:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": _("Open in Upward")},
                        "url": link,
                    }
                ],
            }
        )
    return {"text": f"{title}: {text}"[:SLACK_TEXT_LIMIT], "blocks": blocks}


def teams_payload(*, title: str, text: str, link: str) -> dict[str, Any]:
    card: dict[str, Any] = {
        "$schema": ADAPTIVE_CARD_SCHEMA,
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {
                "type": "TextBlock",
                "text": title,
                "weight": "Bolder",
                "size": "Medium",
                "wrap": True,
            },
            {"type": "TextBlock", "text": text, "wrap": True},
        ],
    }
    if link:
        card["actions"] = [{"type": "Action.OpenUrl", "title": _("Open in Upward"), "url": link}]
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }


def payload_for(provider: str, *, title: str, text: str, link: str) -> dict[str, Any]:
    build = slack_payload if provider == ChatProvider.SLACK else teams_payload
    return build(title=title, text=text, link=link)


# --- recording -------------------------------------------------------------------------------


def chat_post_record(
    *,
    program: Program,
    kind: str,
    key: str,
    title: str,
    text: str,
    url: str = "",
    expires_at: dt.datetime | None = None,
) -> ChatPost | None:
    """Record one message for the program's channel if it has one that wants this kind.
    Recording the same key twice records it once; the caller enqueues sending
    (`tasks.enqueue_chat`), which waits for its transaction to commit."""
    channel = ProgramChatChannel.objects.filter(program=program, enabled=True).first()
    if channel is None or kind not in channel.kinds:
        return None
    now = timezone.now()
    ChatPost.objects.bulk_create(
        [
            ChatPost(
                key=key[:255],
                program=program,
                kind=kind,
                title=title[:200],
                text=text,
                url=url,
                next_attempt_at=now,
                expires_at=expires_at,
                created_at=now,
            )
        ],
        ignore_conflicts=True,
    )
    return ChatPost.objects.filter(key=key[:255]).first()


# --- sending ---------------------------------------------------------------------------------


@dataclass
class ChatResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _absolute(url: str) -> str:
    return url if not url or url.startswith("https://") else f"{settings.SITE_URL}{url}"


def _claim(now: dt.datetime) -> ChatPost | None:
    while True:
        with transaction.atomic():
            row = (
                ChatPost.objects.select_for_update(skip_locked=True)
                .filter(status=ChatPost.Status.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at", "pk")
                .first()
            )
            if row is None:
                return None
            claimed = ChatPost.objects.filter(pk=row.pk, status=ChatPost.Status.PENDING).update(
                status=ChatPost.Status.SENDING, attempts=F("attempts") + 1
            )
        if claimed:
            row.refresh_from_db()
            return row


def _skip_reason(row: ChatPost, now: dt.datetime) -> str:
    if row.expires_at is not None and row.expires_at <= now:
        return "Expired before it could be sent (the occasion has passed)."
    if ProgramNudgePause.objects.filter(program_id=row.program_id).exists():
        return "The coordinator paused nudges for this program."
    channel = ProgramChatChannel.objects.filter(program_id=row.program_id, enabled=True).first()
    if channel is None or row.kind not in channel.kinds:
        return "The program's chat channel was turned off or no longer wants this message."
    return ""


def _finish(row: ChatPost, **update: Any) -> None:
    ChatPost.objects.filter(pk=row.pk, status=ChatPost.Status.SENDING).update(**update)


def send_one(row: ChatPost, channel: ProgramChatChannel) -> tuple[int | None, str]:
    """POST the message; (status code, error) where error is empty on success. A channel is
    read by many people, so its button speaks the organisation's language."""
    with translation.override(settings.LANGUAGE_CODE):
        payload = payload_for(
            channel.provider, title=row.title, text=row.text, link=_absolute(row.url)
        )
    body = json.dumps(payload).encode()
    try:
        response = post(
            channel.webhook_url,
            body=body,
            headers={"Content-Type": "application/json"},
            timeout=TIMEOUT_SECONDS,
        )
    except AddressRefused as exc:
        return None, f"Refused: {exc}"
    except httpx.HTTPError as exc:
        return None, str(exc) or type(exc).__name__
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    return response.status_code, f"HTTP {response.status_code}: {response.text.strip()[:200]}"


def chat_posts_send_due(*, limit: int = 200) -> ChatResult:
    """Send due channel messages. Safe in any number of workers (each row is claimed once)."""
    result = ChatResult()
    for _attempt in range(limit):
        now = timezone.now()
        row = _claim(now)
        if row is None:
            break
        reason = _skip_reason(row, now)
        if reason:
            _finish(row, status=ChatPost.Status.SKIPPED, last_error=reason)
            result.skipped += 1
            continue
        channel = ProgramChatChannel.objects.get(program_id=row.program_id)
        code, error = send_one(row, channel)
        if not error:
            _finish(
                row, status=ChatPost.Status.SENT, sent_at=now, response_code=code, last_error=""
            )
            result.sent += 1
        elif error.startswith("Refused") or row.attempts >= MAX_ATTEMPTS:
            _finish(row, status=ChatPost.Status.FAILED, response_code=code, last_error=error)
            result.failed += 1
        else:
            delay = RETRY_BASE * 2 ** (row.attempts - 1)
            _finish(
                row,
                status=ChatPost.Status.PENDING,
                next_attempt_at=now + delay,
                response_code=code,
                last_error=error,
            )
            result.retrying += 1
    return result


def chat_posts_due_exist(*, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return ChatPost.objects.filter(
        status=ChatPost.Status.PENDING, next_attempt_at__lte=now
    ).exists()
