"""Reads: the endpoints a person may manage (their own; every one for org admins) and their
deliveries. Anyone else's endpoint does not exist for them (404)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from upward.access import AnyUser, can_register_webhooks, is_org_admin, programs_managed_by
from upward.programs.models import Program
from upward.webhooks.models import Endpoint, WebhookDelivery
from upward.webhooks.services import NOT_FOUND


def endpoints_visible_to(*, user: AnyUser) -> QuerySet[Endpoint]:
    if not can_register_webhooks(user):
        return Endpoint.objects.none()
    qs = Endpoint.objects.select_related("owner", "program").annotate(
        failed_count=Count("deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.FAILED))
    )
    return qs if is_org_admin(user) else qs.filter(owner_id=user.pk)


def endpoint_for(*, user: AnyUser, endpoint_id: int) -> Endpoint:
    endpoint = endpoints_visible_to(user=user).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise Http404(NOT_FOUND)
    return endpoint


def deliveries_of(*, endpoint: Endpoint, status: str = "") -> QuerySet[WebhookDelivery]:
    qs = endpoint.deliveries.all()
    if status:
        qs = qs.filter(status=status)
    return qs


def delivery_for(*, user: AnyUser, endpoint_id: int, delivery_id: int) -> WebhookDelivery:
    endpoint = endpoint_for(user=user, endpoint_id=endpoint_id)
    delivery = endpoint.deliveries.filter(pk=delivery_id).first()
    if delivery is None:
        raise Http404("No such delivery.")
    return delivery


def programs_for_endpoints(*, user: AnyUser) -> QuerySet[Program]:
    """The programs a person may limit an endpoint to: those they manage."""
    return programs_managed_by(user=user).order_by("name")
