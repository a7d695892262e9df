"""Webhooks API: register endpoints, list and replay their deliveries. Org admins and
coordinators only; the same services and selectors as Integrations → Webhooks."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status

from upward.access import AuthedRequest, can_register_webhooks
from upward.errors import ServiceError
from upward.webhooks import selectors, services
from upward.webhooks.catalogue import EVENT_TYPES
from upward.webhooks.models import Endpoint, WebhookDelivery

router = Router(tags=["webhooks"])

EVENTS_HELP = "Any of: " + ", ".join(EVENT_TYPES)


class EndpointOut(Schema):
    id: int
    url: str
    description: str
    events: list[str]
    program_id: int | None
    state: str = Field(description="active, paused (after a day of failures) or off.")
    paused_at: dt.datetime | None
    pause_reason: str
    failing_since: dt.datetime | None
    owner: str
    created_at: dt.datetime

    @staticmethod
    def of(e: Endpoint) -> EndpointOut:
        return EndpointOut(
            id=e.pk,
            url=e.url,
            description=e.description,
            events=list(e.events),
            program_id=e.program_id,
            state=e.state,
            paused_at=e.paused_at,
            pause_reason=e.pause_reason,
            failing_since=e.failing_since,
            owner=e.owner.email,
            created_at=e.created_at,
        )


class EndpointCreated(EndpointOut):
    secret: str = Field(description="Shown once: keep it to verify X-Upward-Signature.")


class SecretOut(Schema):
    secret: str


class EndpointIn(Schema):
    url: str = Field(..., description="Public https URL that receives the JSON deliveries.")
    events: list[str] = Field(..., description=EVENTS_HELP)
    program: int | None = Field(None, description="Only this program's events (one you manage).")
    description: str = ""


class EndpointPatch(Schema):
    url: str | None = None
    events: list[str] | None = Field(None, description=EVENTS_HELP)
    description: str | None = None
    active: bool | None = None


class DeliveryOut(Schema):
    id: int
    delivery_id: uuid.UUID = Field(description="The `id` in the body the receiver got.")
    event: str
    status: str
    attempts: int
    replays: int
    response_code: int | None
    last_error: str
    created_at: dt.datetime
    last_attempt_at: dt.datetime | None
    next_attempt_at: dt.datetime | None
    delivered_at: dt.datetime | None
    body: dict[str, Any]

    @staticmethod
    def of(d: WebhookDelivery) -> DeliveryOut:
        return DeliveryOut(
            id=d.pk,
            delivery_id=d.uuid,
            event=d.event,
            status=d.status,
            attempts=d.attempts,
            replays=d.replays,
            response_code=d.response_code,
            last_error=d.last_error,
            created_at=d.created_at,
            last_attempt_at=d.last_attempt_at,
            next_attempt_at=d.next_attempt_at
            if d.status == WebhookDelivery.Status.PENDING
            else None,
            delivered_at=d.delivered_at,
            body=json.loads(d.body),
        )


class DeliveryPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[DeliveryOut]


class DeliveryFilters(Schema):
    status: str = Field("", description="pending, sending, delivered or failed; empty for all.")
    page: int = Field(1, ge=1)
    page_size: int = Field(25, ge=1, le=200)


class ReplayIn(Schema):
    ids: list[int] = Field(default_factory=list, description="Deliveries to send again.")
    all_failed: bool = Field(False, description="Also every delivery of this endpoint that failed.")


class ReplayOut(Schema):
    replayed: list[int]


def _require_registrar(request: AuthedRequest) -> None:
    if not can_register_webhooks(request.user):
        raise PermissionDenied(gettext("Only org admins and coordinators connect webhooks."))


@router.get("", response=list[EndpointOut], summary="My webhook endpoints (all, for org admins)")
def list_endpoints(request: AuthedRequest) -> list[EndpointOut]:
    _require_registrar(request)
    return [EndpointOut.of(e) for e in selectors.endpoints_visible_to(user=request.user)]


@router.post(
    "",
    response={201: EndpointCreated},
    summary="Register an endpoint; the answer holds its secret, shown this once",
)
def create_endpoint(request: AuthedRequest, payload: EndpointIn) -> Status:
    endpoint, secret = services.endpoint_create(
        actor=request.user,
        url=payload.url,
        events=payload.events,
        program_id=payload.program,
        description=payload.description,
    )
    return Status(201, EndpointCreated(**EndpointOut.of(endpoint).dict(), secret=secret))


@router.get("/{endpoint_id}", response=EndpointOut, summary="One endpoint")
def get_endpoint(request: AuthedRequest, endpoint_id: int) -> EndpointOut:
    return EndpointOut.of(selectors.endpoint_for(user=request.user, endpoint_id=endpoint_id))


@router.patch("/{endpoint_id}", response=EndpointOut, summary="Change the URL, events or state")
def update_endpoint(
    request: AuthedRequest, endpoint_id: int, payload: EndpointPatch
) -> EndpointOut:
    endpoint = selectors.endpoint_for(user=request.user, endpoint_id=endpoint_id)
    services.endpoint_update(
        actor=request.user,
        endpoint=endpoint,
        url=payload.url,
        events=payload.events,
        description=payload.description,
        active=payload.active,
    )
    return EndpointOut.of(endpoint)


@router.delete("/{endpoint_id}", response={204: None}, summary="Remove an endpoint")
def delete_endpoint(request: AuthedRequest, endpoint_id: int) -> Status:
    endpoint = selectors.endpoint_for(user=request.user, endpoint_id=endpoint_id)
    services.endpoint_delete(actor=request.user, endpoint=endpoint)
    return Status(204, None)


@router.post("/{endpoint_id}/resume", response=EndpointOut, summary="Resume a paused endpoint")
def resume_endpoint(request: AuthedRequest, endpoint_id: int) -> EndpointOut:
    endpoint = selectors.endpoint_for(user=request.user, endpoint_id=endpoint_id)
    return EndpointOut.of(services.endpoint_resume(actor=request.user, endpoint=endpoint))


@router.post(
    "/{endpoint_id}/rotate-secret", response=SecretOut, summary="A new secret, shown this once"
)
def rotate_secret(request: AuthedRequest, endpoint_id: int) -> SecretOut:
    endpoint = selectors.endpoint_for(user=request.user, endpoint_id=endpoint_id)
    return SecretOut(secret=services.endpoint_rotate_secret(actor=request.user, endpoint=endpoint))


@router.get(
    "/{endpoint_id}/deliveries",
    response=DeliveryPage,
    summary="An endpoint's deliveries, newest first",
)
def list_deliveries(
    request: AuthedRequest, endpoint_id: int, filters: Query[DeliveryFilters]
) -> DeliveryPage:
    endpoint = selectors.endpoint_for(user=request.user, endpoint_id=endpoint_id)
    if filters.status and filters.status not in WebhookDelivery.Status.values:
        raise ServiceError(
            gettext("Choose one of: %(choices)s.")
            % {"choices": ", ".join(WebhookDelivery.Status.values)},
            field="status",
        )
    qs = selectors.deliveries_of(endpoint=endpoint, status=filters.status)
    start = (filters.page - 1) * filters.page_size
    return DeliveryPage(
        count=qs.count(),
        page=filters.page,
        page_size=filters.page_size,
        results=[DeliveryOut.of(d) for d in qs[start : start + filters.page_size]],
    )


@router.post(
    "/{endpoint_id}/deliveries",
    response=ReplayOut,
    summary="Replay deliveries: send them again with the same id and body",
)
def replay_deliveries(request: AuthedRequest, endpoint_id: int, payload: ReplayIn) -> ReplayOut:
    endpoint = selectors.endpoint_for(user=request.user, endpoint_id=endpoint_id)
    replayed = services.deliveries_replay(
        actor=request.user, endpoint=endpoint, ids=payload.ids, all_failed=payload.all_failed
    )
    return ReplayOut(replayed=[d.pk for d in replayed])
