"""Send recorded deliveries: sign, POST, record the outcome, back off, pause what keeps failing.

A worker claims one row at a time (`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, an
IMMEDIATE transaction on SQLite) and moves it to `sending` with a compare-and-set UPDATE, so two
workers never send the same row at once. Webhooks are at least once: a worker that dies after
the receiver answered but before recording it leaves a `sending` row, which goes back to
`pending` after WEBHOOKS_SENDING_LEASE_SECONDS and is sent again with the same id. Receivers
deduplicate on `id` (docs/integrations.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
from dataclasses import dataclass

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import F, Min, QuerySet
from django.utils import formats, timezone

from upward.notifications.services import notice_send
from upward.outbound import AddressRefused, post
from upward.webhooks.models import Endpoint, WebhookDelivery
from upward.webhooks.scope import visible_programs

logger = logging.getLogger(__name__)

USER_AGENT = "Upward-Webhooks/1"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_attempts() -> int:
    return _setting("WEBHOOKS_MAX_ATTEMPTS", 15)


def retry_delay(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd … failure, at most 6 hours apart: 15 tries
    span about a day and a half, so a receiver that is down for a day gets everything."""
    seconds = _setting("WEBHOOKS_RETRY_BASE_SECONDS", 60) * 2 ** max(0, attempts - 1)
    return dt.timedelta(seconds=min(seconds, 6 * 3600))


def pause_after() -> dt.timedelta:
    return dt.timedelta(hours=_setting("WEBHOOKS_PAUSE_AFTER_HOURS", 24))


def sign(secret: str, body: bytes) -> str:
    """The X-Upward-Signature header: HMAC-SHA256 of the raw body, keyed with the secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class SendResult:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    released: int = 0
    next_due_at: dt.datetime | None = None

    def as_dict(self) -> dict[str, int]:
        return {
            "delivered": self.delivered,
            "retrying": self.retrying,
            "failed": self.failed,
            "released": self.released,
        }


def _sendable() -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING,
        endpoint__active=True,
        endpoint__paused_at__isnull=True,
    )


def _claim_next(now: dt.datetime) -> WebhookDelivery | None:
    while True:
        with transaction.atomic():
            row = (
                WebhookDelivery.objects.select_for_update(skip_locked=True)
                .filter(
                    status=WebhookDelivery.Status.PENDING,
                    next_attempt_at__lte=now,
                    endpoint__active=True,
                    endpoint__paused_at__isnull=True,
                )
                .order_by("next_attempt_at", "pk")
                .first()
            )
            if row is None:
                return None
            claimed = WebhookDelivery.objects.filter(
                pk=row.pk, status=WebhookDelivery.Status.PENDING
            ).update(
                status=WebhookDelivery.Status.SENDING,
                attempts=F("attempts") + 1,
                last_attempt_at=now,
            )
        if claimed:
            row.refresh_from_db()
            return row
        # Another worker won this row (possible only without row locks): take the next.


def _stale(now: dt.datetime) -> QuerySet[WebhookDelivery]:
    """Sends left in flight past the lease: their worker died (a live one finishes within the
    request timeout, well inside the lease)."""
    lease = dt.timedelta(seconds=_setting("WEBHOOKS_SENDING_LEASE_SECONDS", 60))
    return WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.SENDING, last_attempt_at__lt=now - lease
    )


def _release_stale(now: dt.datetime) -> int:
    return _stale(now).update(status=WebhookDelivery.Status.PENDING, next_attempt_at=now)


def _succeeded(row: WebhookDelivery, code: int, now: dt.datetime) -> None:
    WebhookDelivery.objects.filter(pk=row.pk).update(
        status=WebhookDelivery.Status.DELIVERED,
        delivered_at=now,
        response_code=code,
        last_error="",
    )
    Endpoint.objects.filter(pk=row.endpoint_id, failing_since__isnull=False).update(
        failing_since=None
    )


def _failed(
    row: WebhookDelivery,
    error: str,
    *,
    code: int | None,
    permanent: bool,
    now: dt.datetime,
    result: SendResult,
) -> None:
    give_up = permanent or row.attempts >= max_attempts()
    update: dict[str, object] = {"last_error": error[:2000], "response_code": code}
    if give_up:
        update["status"] = WebhookDelivery.Status.FAILED
        result.failed += 1
    else:
        update["status"] = WebhookDelivery.Status.PENDING
        update["next_attempt_at"] = now + retry_delay(row.attempts)
        result.retrying += 1
    WebhookDelivery.objects.filter(pk=row.pk, status=WebhookDelivery.Status.SENDING).update(
        **update
    )
    logger.info("Webhook delivery %s failed (try %d): %s", row.uuid, row.attempts, error)
    _note_failure(row.endpoint_id, error=error, now=now)


def _note_failure(endpoint_id: int, *, error: str, now: dt.datetime) -> None:
    """Start the failure streak, or pause the endpoint once it has lasted a day."""
    Endpoint.objects.filter(pk=endpoint_id, failing_since__isnull=True).update(failing_since=now)
    with transaction.atomic():
        endpoint = Endpoint.objects.select_for_update().select_related("owner").get(pk=endpoint_id)
        if endpoint.is_paused or endpoint.failing_since is None:
            return
        if now - endpoint.failing_since < pause_after():
            return
        endpoint.paused_at = now
        since = formats.date_format(endpoint.failing_since.astimezone(dt.UTC), "DATETIME_FORMAT")
        endpoint.pause_reason = (f"Every delivery since {since} UTC failed; the last one: {error}")[
            :300
        ]
        endpoint.save(update_fields=["paused_at", "pause_reason"])
        notice_send(
            user_id=endpoint.owner_id,
            key=f"webhook_paused:e{endpoint.pk}:{now:%Y%m%d%H%M%S}",
            kind="webhook_paused",
            context={
                "endpoint_url": endpoint.url,
                "failing_since_at": endpoint.failing_since.isoformat(),
                "error": error[:300],
                "url": f"/integrations/webhooks/{endpoint.pk}/",
            },
            program_id=endpoint.program_id,
        )
    logger.warning("Webhook endpoint %s paused after a day of failures", endpoint_id)


def _send(row: WebhookDelivery, now: dt.datetime, result: SendResult) -> None:
    endpoint = row.endpoint
    if visible_programs(endpoint, row.programs) is None:
        # The owner left, or no longer manages the program: what was theirs to see is not now.
        _failed(
            row,
            "Not sent: the endpoint's owner may no longer see this program.",
            code=None,
            permanent=True,
            now=now,
            result=result,
        )
        return
    body = row.body.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Upward-Event": row.event,
        "X-Upward-Delivery": str(row.uuid),
        "X-Upward-Signature": sign(endpoint.secret, body),
    }
    timeout = float(getattr(settings, "WEBHOOKS_TIMEOUT_SECONDS", 10))
    try:
        response = post(endpoint.url, body=body, headers=headers, timeout=timeout)
    except AddressRefused as exc:
        _failed(row, f"Refused: {exc}", code=None, permanent=True, now=now, result=result)
        return
    except httpx.HTTPError as exc:
        message = str(exc) or type(exc).__name__
        _failed(row, message, code=None, permanent=False, now=now, result=result)
        return
    if 200 <= response.status_code < 300:
        _succeeded(row, response.status_code, now)
        result.delivered += 1
        return
    detail = f"HTTP {response.status_code}"
    if response.text.strip():
        detail += f": {response.text.strip()[:200]}"
    _failed(row, detail, code=response.status_code, permanent=False, now=now, result=result)


def deliveries_send_due(*, limit: int = 200) -> SendResult:
    """Send up to `limit` due deliveries. Safe to run in any number of workers at once."""
    result = SendResult()
    result.released = _release_stale(timezone.now())
    for _ in range(limit):
        now = timezone.now()
        row = _claim_next(now)
        if row is None:
            break
        _send(row, now, result)
    result.next_due_at = _sendable().aggregate(at=Min("next_attempt_at"))["at"]
    return result


def deliveries_due_exist(*, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    # A send whose worker died counts too, so the scheduler's tick recovers it even when
    # nothing else is due.
    return _stale(now).exists() or _sendable().filter(next_attempt_at__lte=now).exists()
