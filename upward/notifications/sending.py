"""Send recorded deliveries, each at most once, with retries and a visible give-up.

A worker claims one row at a time: inside a short transaction it locks the oldest due pending
row (`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite runs the transaction IMMEDIATE,
so claims are serialised) and moves it to `sending` with a compare-and-set UPDATE. Only the
worker whose UPDATE changed the row may send it. In-app notifications are written in that same
transaction, so they are exactly-once. An email is handed to the mail server after the claim
commits and marked `sent` right after; the only unsafe window is the SMTP conversation of that
one message (docs/notifications.md, "Guarantees").
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import smtplib
import socket
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.utils import timezone

from upward.notifications.messages import build_email, render_delivery
from upward.notifications.models import Channel, Delivery, Notification, ProgramNudgePause
from upward.notifications.personal_chat import (
    FALLBACK_FLAG,
    delivery_chat_send,
    email_fallback_record,
)
from upward.notifications.preferences import preference_for

logger = logging.getLogger(__name__)

MAX_ATTEMPTS: int = getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", 5)
RETRY_BASE_SECONDS: int = getattr(settings, "NOTIFICATIONS_RETRY_BASE_SECONDS", 60)
# Far longer than EMAIL_TIMEOUT: a row still `sending` after this belongs to a dead worker.
SENDING_LEASE = dt.timedelta(seconds=getattr(settings, "NOTIFICATIONS_SENDING_LEASE_SECONDS", 60))
INTERRUPTED = (
    "The worker stopped while handing this message to the mail server, so it may or may not "
    "have arrived. It is not sent again automatically; use Retry to send it anyway."
)


@dataclass
class SendResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    deferred: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def new_worker_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential backoff: 1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd … failure, at most 6 h."""
    seconds = RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)
    return dt.timedelta(seconds=min(seconds, 6 * 3600))


def _verdict(row: Delivery, now: dt.datetime) -> tuple[str, str | dt.datetime | None]:
    """Decide, just before sending, whether the message should still go now."""
    if row.expires_at is not None and row.expires_at <= now:
        return "skip", "Expired before it could be sent (the occasion has passed)."
    pref = preference_for(row.user)
    if not pref.active:
        return "skip", "The account is deactivated."
    # An email standing in for a chat message that could not be delivered goes even to someone
    # who turned email off: they chose to hear about it, and chat is broken.
    fallback = bool((row.context or {}).get(FALLBACK_FLAG))
    if row.channel == Channel.EMAIL and not pref.email and not fallback:
        return "skip", "The person turned email off."
    if row.channel == Channel.IN_APP and not pref.in_app:
        return "skip", "The person turned in-app notifications off."
    if row.channel == Channel.CHAT and not pref.chat:
        return "skip", "The person turned chat off (or the organisation no longer offers it)."
    if row.is_nudge:
        if row.program_id and ProgramNudgePause.objects.filter(program_id=row.program_id).exists():
            return "skip", "The coordinator paused nudges for this program."
        if row.channel in (Channel.EMAIL, Channel.CHAT):
            until = pref.quiet_until(now)
            if until is not None:
                return "defer", until
    return "send", None


def _write_in_app(row: Delivery, now: dt.datetime) -> None:
    message = render_delivery(row)
    Notification.objects.create(
        user_id=row.user_id,
        kind=row.kind,
        title=message.subject,
        body=message.inapp_body,
        url=message.url,
        created_at=now,
    )


def _claim_next(*, worker_id: str, result: SendResult) -> Delivery | None:
    """Claim the next due row. An in-app row is settled here and comes back already `sent`;
    an email comes back `sending`, for the caller to hand to the mail server."""
    while True:
        now = timezone.now()
        with transaction.atomic():
            row = (
                Delivery.objects.select_for_update(skip_locked=True)
                .filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at", "pk")
                .first()
            )
            if row is None:
                return None
            pending = Delivery.objects.filter(pk=row.pk, status=Delivery.Status.PENDING)
            verdict, detail = _verdict(row, now)
            if verdict == "skip":
                pending.update(status=Delivery.Status.SKIPPED, last_error=str(detail))
                result.skipped += 1
                continue
            if verdict == "defer":
                pending.update(next_attempt_at=detail)
                result.deferred += 1
                continue
            claimed = pending.update(
                status=Delivery.Status.SENDING,
                claimed_by=worker_id,
                claimed_at=now,
                attempts=F("attempts") + 1,
            )
            if not claimed:
                continue  # another worker won this row (possible only without row locks)
            if row.channel == Channel.IN_APP:
                # Same transaction as the claim: the notification exists iff the row says sent.
                try:
                    _write_in_app(row, now)
                except (TemplateDoesNotExist, TemplateSyntaxError, KeyError, ValueError) as exc:
                    logger.exception("Cannot render delivery %s", row.key)
                    Delivery.objects.filter(pk=row.pk).update(
                        status=Delivery.Status.FAILED, last_error=f"Cannot render: {exc}"
                    )
                    result.failed += 1
                    continue
                Delivery.objects.filter(pk=row.pk).update(status=Delivery.Status.SENT, sent_at=now)
                result.sent += 1
                row.status = Delivery.Status.SENT
                return row  # already settled; the caller moves on
        row.refresh_from_db()
        return row


def _record_failure(row: Delivery, error: str, *, permanent: bool, result: SendResult) -> bool:
    """Put the row back for a later try, or give up on it; True when given up."""
    give_up = permanent or row.attempts >= MAX_ATTEMPTS
    update: dict[str, object] = {"last_error": error[:2000], "claimed_by": ""}
    if give_up:
        update["status"] = Delivery.Status.FAILED
        result.failed += 1
        logger.warning("Giving up on delivery %s after %d tries: %s", row.key, row.attempts, error)
    else:
        update["status"] = Delivery.Status.PENDING
        update["next_attempt_at"] = timezone.now() + retry_delay(row.attempts)
        result.retrying += 1
        logger.info("Delivery %s failed (try %d), will retry: %s", row.key, row.attempts, error)
    Delivery.objects.filter(pk=row.pk, status=Delivery.Status.SENDING).update(**update)
    return give_up


def _send_chat(row: Delivery, result: SendResult) -> None:
    """Post a chat row to the person's webhook; given up for good, it is recorded by email."""
    try:
        message = render_delivery(row)
    except (TemplateDoesNotExist, TemplateSyntaxError, KeyError, ValueError) as exc:
        logger.exception("Cannot render delivery %s", row.key)
        _record_failure(row, f"Cannot render: {exc}", permanent=True, result=result)
        return
    answer = delivery_chat_send(row, message)
    if not answer.error:
        Delivery.objects.filter(pk=row.pk, status=Delivery.Status.SENDING).update(
            status=Delivery.Status.SENT, sent_at=timezone.now(), last_error="", claimed_by=""
        )
        result.sent += 1
        return
    if _record_failure(row, answer.error, permanent=answer.permanent, result=result):
        email_fallback_record(row)


def deliveries_send_due(*, limit: int = 500, worker_id: str | None = None) -> SendResult:
    """Send up to `limit` due deliveries. Safe to run in any number of workers at once."""
    worker_id = worker_id or new_worker_id()
    result = SendResult()
    connection = None
    try:
        for _ in range(limit):
            row = _claim_next(worker_id=worker_id, result=result)
            if row is None:
                break
            if row.status != Delivery.Status.SENDING:
                continue
            if row.channel == Channel.CHAT:
                _send_chat(row, result)
                continue
            try:
                email = build_email(row, render_delivery(row))
            except (TemplateDoesNotExist, TemplateSyntaxError, KeyError, ValueError) as exc:
                logger.exception("Cannot render delivery %s", row.key)
                _record_failure(row, f"Cannot render: {exc}", permanent=True, result=result)
                continue
            if connection is None:
                connection = get_connection()
            try:
                accepted = connection.send_messages([email])
            except (smtplib.SMTPException, OSError) as exc:
                # Connection refused, timeout, TLS or auth error, recipient refused: retry later
                # on a fresh connection.
                _record_failure(row, f"{type(exc).__name__}: {exc}", permanent=False, result=result)
                connection = None
                continue
            if not accepted:
                _record_failure(
                    row, "The mail server did not accept it.", permanent=False, result=result
                )
                continue
            Delivery.objects.filter(
                pk=row.pk, status__in=[Delivery.Status.SENDING, Delivery.Status.UNCERTAIN]
            ).update(status=Delivery.Status.SENT, sent_at=timezone.now(), last_error="")
            result.sent += 1
    finally:
        if connection is not None:
            connection.close()
    return result


def deliveries_mark_interrupted(*, now: dt.datetime | None = None) -> int:
    """Rows left `sending` by a worker that died mid-send become `uncertain` (never re-sent)."""
    now = now or timezone.now()
    return Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=now - SENDING_LEASE
    ).update(status=Delivery.Status.UNCERTAIN, last_error=INTERRUPTED)


def deliveries_due_exist(*, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return Delivery.objects.filter(
        status=Delivery.Status.PENDING, next_attempt_at__lte=now
    ).exists()
