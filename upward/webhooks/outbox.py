"""Record deliveries for an event, in the transaction of the change that caused it.

Who hears about what is `scope.visible_programs`; what they hear is `payloads`.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from upward.access import is_org_admin
from upward.webhooks.catalogue import EVENT_TYPES
from upward.webhooks.models import Endpoint, WebhookDelivery
from upward.webhooks.scope import managed_program_ids, visible_programs
from upward.webhooks.tasks import enqueue_delivery

# The data of an event: the same for every endpoint, or built from the programs it may see.
Data = dict[str, Any] | Callable[[list[int]], dict[str, Any]]


def envelope(*, delivery_id: uuid.UUID, event: str, at: dt.datetime, data: dict) -> str:
    """The body as sent and signed: compact, keys in a fixed order."""
    body = {"id": str(delivery_id), "event": event, "timestamp": at.isoformat(), "data": data}
    return json.dumps(body, cls=DjangoJSONEncoder, separators=(",", ":"), ensure_ascii=False)


def record(*, event: str, program_ids: Iterable[int], data: Data) -> list[WebhookDelivery]:
    """One delivery per endpoint that subscribed to `event` and may see it; sent after commit."""
    return record_many(event=event, items=[(list(program_ids), data)])


def record_many(*, event: str, items: Sequence[tuple[list[int], Data]]) -> list[WebhookDelivery]:
    """`record` for several objects at once (a series of meetings, an import's leavers).

    Paused endpoints still get their rows (held until someone resumes the endpoint), so a
    receiver that comes back misses nothing; endpoints turned off get none.
    """
    if event not in EVENT_TYPES:
        raise LookupError(f"Unknown webhook event {event!r}")
    endpoints = [
        e for e in Endpoint.objects.filter(active=True).select_related("owner") if event in e.events
    ]
    if not endpoints or not items:
        return []
    # Computed once per event, not per object: an import may announce thousands of leavers.
    managed = {e.pk: managed_program_ids(e) for e in endpoints if not is_org_admin(e.owner)}
    now = timezone.now()
    rows: list[WebhookDelivery] = []
    for program_ids, data in items:
        for endpoint in endpoints:
            visible = visible_programs(endpoint, program_ids, managed=managed.get(endpoint.pk))
            if visible is None:
                continue
            delivery_id = uuid.uuid4()
            payload = data(visible) if callable(data) else data
            rows.append(
                WebhookDelivery(
                    uuid=delivery_id,
                    endpoint=endpoint,
                    event=event,
                    programs=visible,
                    body=envelope(delivery_id=delivery_id, event=event, at=now, data=payload),
                    next_attempt_at=now,
                    created_at=now,
                )
            )
    if rows:
        WebhookDelivery.objects.bulk_create(rows, batch_size=500)
        enqueue_delivery()
    return rows
