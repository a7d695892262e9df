"""Writes: register, change, pause, resume and remove endpoints; replay deliveries.

Org admins and coordinators register endpoints (`access.can_register_webhooks`); a
coordinator may only name a program they manage (any other is 404, as everywhere). The secret
is returned once, by `endpoint_create` and `endpoint_rotate_secret`; pages and the API never
show it again.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from upward.access import AnyUser, account, can_register_webhooks, is_org_admin, program_for
from upward.audit.services import declare, record
from upward.errors import ServiceError, invalid
from upward.outbound import AddressRefused, check_url, resolve_checked
from upward.programs.models import Program
from upward.webhooks.catalogue import EVENT_TYPES
from upward.webhooks.models import Endpoint, WebhookDelivery, new_secret
from upward.webhooks.tasks import enqueue_delivery

MAX_ENDPOINTS_PER_OWNER = 20

WEBHOOK_CREATED = declare("webhook.created", "Registered a webhook endpoint")
WEBHOOK_CHANGED = declare("webhook.changed", "Changed a webhook endpoint")
WEBHOOK_DELETED = declare("webhook.deleted", "Removed a webhook endpoint")
WEBHOOK_SECRET_ROTATED = declare("webhook.secret_rotated", "Rotated a webhook secret")

NOT_FOUND = "No such webhook endpoint."


def _require_registrar(actor: AnyUser) -> None:
    account(actor)
    if not can_register_webhooks(actor):
        raise PermissionDenied("Only org admins and coordinators connect webhooks.")


def require_owner(*, actor: AnyUser, endpoint: Endpoint) -> None:
    """The owner and org admins manage an endpoint; for anyone else it does not exist."""
    _require_registrar(actor)
    if endpoint.owner_id != account(actor).pk and not is_org_admin(actor):
        raise Http404(NOT_FOUND)


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        raise ServiceError(_("Give the URL that should receive the events."), field="url")
    if len(url) > 500:
        raise ServiceError(_("Keep the URL under 500 characters."), field="url")
    try:
        host, port = check_url(url)
        # Checked now for a clear answer, and again before every delivery (DNS may change).
        resolve_checked(host, port)
    except AddressRefused as exc:
        raise ServiceError(str(exc), field="url") from exc
    return url


def _clean_events(events: Iterable[str]) -> list[str]:
    chosen = [str(e).strip() for e in events or [] if str(e).strip()]
    unknown = [e for e in chosen if e not in EVENT_TYPES]
    if unknown:
        raise ServiceError(
            f"Unknown event {unknown[0]!r}; choose from: {', '.join(EVENT_TYPES)}.",
            field="events",
        )
    if not chosen:
        raise ServiceError(_("Choose at least one event."), field="events")
    return [e for e in EVENT_TYPES if e in chosen]


def _program(actor: AnyUser, program_id: int | None) -> Program | None:
    if program_id is None:
        return None
    # 404 for a program the actor does not manage: it does not exist for them.
    return program_for(user=actor, program_id=program_id, manage=True)


@transaction.atomic
def endpoint_create(
    *,
    actor: AnyUser,
    url: str,
    events: Iterable[str],
    program_id: int | None = None,
    description: str = "",
) -> tuple[Endpoint, str]:
    """Register an endpoint; returns it with its secret, the only time the secret is shown."""
    _require_registrar(actor)
    owner = account(actor)
    program = _program(actor, program_id)
    # Both fields are checked before refusing, so the form shows every problem at once.
    problems: dict[str, str] = {}
    clean_url = clean_events = None
    try:
        clean_url = _clean_url(url)
    except ServiceError as exc:
        problems["url"] = exc.message
    try:
        clean_events = _clean_events(events)
    except ServiceError as exc:
        problems["events"] = exc.message
    if problems or clean_url is None or clean_events is None:
        raise invalid(problems)
    if Endpoint.objects.filter(owner=owner).count() >= MAX_ENDPOINTS_PER_OWNER:
        raise ServiceError(
            ngettext(
                "You already have %(n)d endpoint; remove it first.",
                "You already have %(n)d endpoints; remove one first.",
                MAX_ENDPOINTS_PER_OWNER,
            )
            % {"n": MAX_ENDPOINTS_PER_OWNER},
            field="url",
            status=409,
        )
    endpoint = Endpoint.objects.create(
        owner=owner,
        program=program,
        url=clean_url,
        events=clean_events,
        description=(description or "").strip()[:200],
    )
    record(
        actor,
        WEBHOOK_CREATED,
        target=f"webhook {endpoint.pk}",
        program_id=endpoint.program_id,
        details={"url": endpoint.url, "events": endpoint.events},
    )
    return endpoint, endpoint.secret


@transaction.atomic
def endpoint_update(
    *,
    actor: AnyUser,
    endpoint: Endpoint,
    url: str | None = None,
    events: Iterable[str] | None = None,
    description: str | None = None,
    active: bool | None = None,
) -> Endpoint:
    require_owner(actor=actor, endpoint=endpoint)
    if url is not None:
        endpoint.url = _clean_url(url)
    if events is not None:
        endpoint.events = _clean_events(events)
    if description is not None:
        endpoint.description = description.strip()[:200]
    if active is not None:
        endpoint.active = active
    endpoint.updated_at = timezone.now()
    endpoint.save()
    record(
        actor,
        WEBHOOK_CHANGED,
        target=f"webhook {endpoint.pk}",
        program_id=endpoint.program_id,
        details={"url": endpoint.url, "events": endpoint.events, "active": endpoint.active},
    )
    if endpoint.active and not endpoint.is_paused:
        enqueue_delivery()
    return endpoint


@transaction.atomic
def endpoint_resume(*, actor: AnyUser, endpoint: Endpoint) -> Endpoint:
    """Resume a paused endpoint: what waited is sent now, and the failure streak starts over."""
    require_owner(actor=actor, endpoint=endpoint)
    endpoint.paused_at = None
    endpoint.pause_reason = ""
    endpoint.failing_since = None
    endpoint.active = True
    endpoint.updated_at = timezone.now()
    endpoint.save(
        update_fields=["paused_at", "pause_reason", "failing_since", "active", "updated_at"]
    )
    endpoint.deliveries.filter(status=WebhookDelivery.Status.PENDING).update(
        next_attempt_at=timezone.now()
    )
    record(actor, WEBHOOK_CHANGED, target=f"webhook {endpoint.pk}", details={"resumed": True})
    enqueue_delivery()
    return endpoint


@transaction.atomic
def endpoint_rotate_secret(*, actor: AnyUser, endpoint: Endpoint) -> str:
    """A new secret, returned once; deliveries from now on are signed with it."""
    require_owner(actor=actor, endpoint=endpoint)
    endpoint.secret = new_secret()
    endpoint.updated_at = timezone.now()
    endpoint.save(update_fields=["secret", "updated_at"])
    record(actor, WEBHOOK_SECRET_ROTATED, target=f"webhook {endpoint.pk}")
    return endpoint.secret


@transaction.atomic
def endpoint_delete(*, actor: AnyUser, endpoint: Endpoint) -> None:
    require_owner(actor=actor, endpoint=endpoint)
    record(
        actor,
        WEBHOOK_DELETED,
        target=f"webhook {endpoint.pk}",
        program_id=endpoint.program_id,
        details={"url": endpoint.url},
    )
    endpoint.delete()


@transaction.atomic
def delivery_replay(*, actor: AnyUser, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again, whatever became of it; same id and body, so the receiver can
    tell it is the same event. A row being sent right now is left alone."""
    require_owner(actor=actor, endpoint=delivery.endpoint)
    if delivery.status == WebhookDelivery.Status.SENDING:
        raise ServiceError(
            _("This delivery is being sent right now; replay it once it has finished."),
            field="delivery",
            status=409,
        )
    WebhookDelivery.objects.filter(pk=delivery.pk).exclude(
        status=WebhookDelivery.Status.SENDING
    ).update(
        status=WebhookDelivery.Status.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        last_error="",
        replays=delivery.replays + 1,
    )
    enqueue_delivery()
    delivery.refresh_from_db()
    return delivery


@transaction.atomic
def deliveries_replay(
    *, actor: AnyUser, endpoint: Endpoint, ids: Iterable[int], all_failed: bool = False
) -> list[WebhookDelivery]:
    """Replay several deliveries of one endpoint, all or none (an unknown id refuses them all)."""
    require_owner(actor=actor, endpoint=endpoint)
    wanted = list(dict.fromkeys(ids))
    found = {d.pk: d for d in endpoint.deliveries.filter(pk__in=wanted)}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise ServiceError(f"This endpoint has no delivery {missing[0]}.", field="ids", status=404)
    chosen = [found[pk] for pk in wanted]
    if all_failed:
        failed = endpoint.deliveries.filter(status=WebhookDelivery.Status.FAILED)
        chosen += [d for d in failed.order_by("pk") if d.pk not in found]
    if not chosen:
        raise ServiceError("Name the deliveries to replay, or set all_failed.", field="ids")
    return [delivery_replay(actor=actor, delivery=d) for d in chosen]
