"""Integrations → Webhooks: register endpoints, see their deliveries, replay, resume.

Org admins and coordinators only (others get 403 for the section, 404 for an endpoint that is
not theirs). The secret appears on exactly one page: the answer to the POST that created (or
rotated) it, never in a URL, a redirect or the session.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import AuthedRequest, can_register_webhooks, is_org_admin
from upward.errors import ServiceError, form_error, message_error
from upward.webhooks import selectors, services
from upward.webhooks.catalogue import EVENT_TYPES
from upward.webhooks.forms import EndpointEditForm, EndpointForm
from upward.webhooks.models import Endpoint, WebhookDelivery


def _require_registrar(request: AuthedRequest) -> None:
    if not can_register_webhooks(request.user):
        raise PermissionDenied(_("Only org admins and coordinators connect webhooks."))


def _secret_page(
    request: AuthedRequest, endpoint: Endpoint, secret: str, *, new: bool
) -> HttpResponse:
    response = render(
        request, "webhooks/secret.html", {"endpoint": endpoint, "secret": secret, "new": new}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_list(request: AuthedRequest) -> HttpResponse:
    _require_registrar(request)
    programs = selectors.programs_for_endpoints(user=request.user)
    form = EndpointForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            endpoint, secret = services.endpoint_create(
                actor=request.user,
                url=data["url"],
                events=data["events"],
                program_id=data["program"].pk if data["program"] else None,
                description=data["description"],
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            return _secret_page(request, endpoint, secret, new=True)
    context = {
        "endpoints": selectors.endpoints_visible_to(user=request.user),
        "form": form,
        "event_types": EVENT_TYPES,
        "is_admin": is_org_admin(request.user),
    }
    return render(request, "webhooks/list.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_detail(request: AuthedRequest, endpoint_id: int) -> HttpResponse:
    endpoint = selectors.endpoint_for(user=request.user, endpoint_id=endpoint_id)
    initial = {
        "url": endpoint.url,
        "events": endpoint.events,
        "description": endpoint.description,
        "active": endpoint.active,
    }
    form = EndpointEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.endpoint_update(
                actor=request.user,
                endpoint=endpoint,
                url=data["url"],
                events=data["events"],
                description=data["description"],
                active=data["active"],
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Endpoint saved."))
            return redirect("webhooks:detail", endpoint.pk)
    status = request.GET.get("status", "")
    if status not in WebhookDelivery.Status.values:
        status = ""
    page = Paginator(selectors.deliveries_of(endpoint=endpoint, status=status), 25).get_page(
        request.GET.get("page")
    )
    context = {
        "endpoint": endpoint,
        "form": form,
        "page": page,
        "status": status,
        "statuses": WebhookDelivery.Status.choices,
        "event_types": EVENT_TYPES,
    }
    if request.htmx and request.method == "GET":
        return render(request, "webhooks/_deliveries.html", context)
    return render(request, "webhooks/detail.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def endpoint_resume(request: AuthedRequest, endpoint_id: int) -> HttpResponse:
    endpoint = selectors.endpoint_for(user=request.user, endpoint_id=endpoint_id)
    services.endpoint_resume(actor=request.user, endpoint=endpoint)
    messages.success(request, _("Endpoint resumed: waiting deliveries are being sent."))
    return redirect("webhooks:detail", endpoint.pk)


@login_required
@require_POST
def endpoint_rotate(request: AuthedRequest, endpoint_id: int) -> HttpResponse:
    endpoint = selectors.endpoint_for(user=request.user, endpoint_id=endpoint_id)
    secret = services.endpoint_rotate_secret(actor=request.user, endpoint=endpoint)
    return _secret_page(request, endpoint, secret, new=False)


@login_required
@require_POST
def endpoint_delete(request: AuthedRequest, endpoint_id: int) -> HttpResponse:
    endpoint = selectors.endpoint_for(user=request.user, endpoint_id=endpoint_id)
    services.endpoint_delete(actor=request.user, endpoint=endpoint)
    messages.success(request, _("Removed the endpoint %(url)s.") % {"url": endpoint.url})
    return redirect("webhooks:list")


@login_required
@require_POST
def delivery_replay(request: AuthedRequest, endpoint_id: int, delivery_id: int) -> HttpResponse:
    delivery = selectors.delivery_for(
        user=request.user, endpoint_id=endpoint_id, delivery_id=delivery_id
    )
    try:
        services.delivery_replay(actor=request.user, delivery=delivery)
    except ServiceError as exc:
        message_error(request, exc)
    else:
        if delivery.endpoint.state == "active":
            messages.success(request, _("Sending %(event)s again.") % {"event": delivery.event})
        else:
            messages.warning(
                request,
                _("%(event)s will be sent again once the endpoint is on and not paused.")
                % {"event": delivery.event},
            )
    return redirect("webhooks:detail", endpoint_id)
