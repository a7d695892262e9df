"""A person's own reminders in Slack or Teams, through the incoming-webhook URL they saved.

The organisation offers the channel (PERSONAL_CHAT_PROVIDERS); each person pastes a webhook of
their own (a Slack app's incoming webhook posting to their DM or a private channel, or a Teams
Workflows "when a webhook request is received" flow that posts to them in chat). A chat reminder
is a `Delivery` row on the `chat` channel like any other: recorded once, deferred through quiet
hours, claimed by one worker, retried with backoff. When the chat app refuses it for good (the
URL is revoked, 5 tries fail), the same message is recorded by email instead, under the key the
email copy would have had, so a person who also chose email gets it once.

The message is the in-app wording (subject as title, body as text, a link into Upward) in the
documented payload shapes of upward/notifications/chat.py (Slack blocks, a Teams Adaptive Card).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import httpx
from django.utils import timezone

from upward.i18n import language_of
from upward.notifications.chat import TIMEOUT_SECONDS, payload_for
from upward.notifications.messages import RenderedMessage, absolute
from upward.notifications.models import Channel, Delivery, DeliveryPreference
from upward.outbound import AddressRefused, post

FALLBACK_FLAG = "chat_fallback"


@dataclass(frozen=True)
class ChatAnswer:
    code: int | None
    error: str  # empty when the chat app accepted the message
    permanent: bool = False  # no point trying again: fall back to email now


def chat_message_send(
    *, provider: str, webhook_url: str, title: str, text: str, link: str
) -> ChatAnswer:
    """POST one message to a person's webhook through upward.outbound (public addresses only)."""
    body = json.dumps(payload_for(provider, title=title, text=text, link=absolute(link))).encode()
    try:
        response = post(
            webhook_url,
            body=body,
            headers={"Content-Type": "application/json"},
            timeout=TIMEOUT_SECONDS,
        )
    except AddressRefused as exc:
        return ChatAnswer(None, f"Refused: {exc}", permanent=True)
    except httpx.HTTPError as exc:
        return ChatAnswer(None, str(exc) or type(exc).__name__)
    code = response.status_code
    if 200 <= code < 300:
        return ChatAnswer(code, "")
    error = f"HTTP {code}: {response.text.strip()[:200]}"
    # Slack answers 403/404/410 for a revoked hook or archived channel, Teams 400/401/404 for a
    # deleted flow: trying again cannot help. 408 and 429 are "later", 5xx are the service's.
    return ChatAnswer(code, error, permanent=400 <= code < 500 and code not in (408, 429))


def delivery_chat_send(row: Delivery, message: RenderedMessage) -> ChatAnswer:
    pref = DeliveryPreference.objects.filter(user_id=row.user_id).first()
    if pref is None or not pref.chat_webhook_url:
        return ChatAnswer(None, "No chat link saved any more.", permanent=True)
    with language_of(row.user):  # the button, like the message, in the person's language
        return chat_message_send(
            provider=pref.chat_provider,
            webhook_url=pref.chat_webhook_url,
            title=message.subject,
            text=message.inapp_body or message.subject,
            link=message.url,
        )


def email_fallback_record(row: Delivery) -> Delivery | None:
    """Record the email copy of a chat message that could not be delivered."""
    if row.channel != Channel.CHAT:
        return None
    base = (
        row.key[: -len(Channel.CHAT.value)]
        if row.key.endswith(Channel.CHAT.value)
        else (f"{row.key}:")
    )
    key = f"{base}{Channel.EMAIL.value}"
    method = (
        str((row.context or {}).get("method", "")) if row.template == "meeting_invitation" else ""
    )
    Delivery.objects.bulk_create(
        [
            Delivery(
                key=key[:255],
                kind=row.kind,
                channel=Channel.EMAIL,
                user_id=row.user_id,
                program_id=row.program_id,
                template=row.template,
                context={**(row.context or {}), FALLBACK_FLAG: True},
                ics_method=method,
                is_nudge=row.is_nudge,
                next_attempt_at=timezone.now(),
                expires_at=row.expires_at,
                created_at=timezone.now(),
            )
        ],
        ignore_conflicts=True,
    )
    return Delivery.objects.filter(key=key[:255]).first()
