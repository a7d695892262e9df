"""/scim/v2/: the SCIM 2.0 endpoints an identity provider calls, and the org admins' page for
SCIM tokens (/accounts/scim/)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import AuthedRequest
from upward.errors import ServiceError
from upward.inputs import is_id
from upward.people.models import AffinityGroup, Person
from upward.scim import services
from upward.scim.models import ScimToken
from upward.scim.resources import (
    ENTERPRISE,
    GROUP,
    LIST,
    USER,
    ScimError,
    error_body,
    group_resource,
    parse_eq_filter,
    user_resource,
)

CONTENT_TYPE = "application/scim+json"
MAX_PAGE = 200

ScimView = Callable[..., HttpResponse]


def _json(body: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, content_type=CONTENT_TYPE, safe=False)


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("scim:root")).rstrip("/")


def scim_endpoint(view: ScimView) -> ScimView:
    """Bearer SCIM token, JSON body, and every refusal as a SCIM error document."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        found = (
            services.scim_token_authenticate(token=token.strip())
            if scheme.lower() == "bearer"
            else None
        )
        if found is None:
            response = _json(
                error_body(ScimError("A valid SCIM bearer token is required.", status=401)), 401
            )
            response["WWW-Authenticate"] = 'Bearer realm="scim"'
            return response
        body: Any = None
        if request.method in ("POST", "PUT", "PATCH") and request.body:
            try:
                body = json.loads(request.body)
            except ValueError:
                return _json(
                    error_body(ScimError("The body is not JSON.", scim_type="invalidSyntax")), 400
                )
            if not isinstance(body, dict):
                return _json(
                    error_body(
                        ScimError("The body must be a JSON object.", scim_type="invalidSyntax")
                    ),
                    400,
                )
        try:
            return view(request, found, body or {}, *args, **kwargs)
        except ScimError as exc:
            return _json(error_body(exc), exc.status)
        except ServiceError as exc:
            return _json(error_body(ScimError(exc.message, status=exc.status)), exc.status)

    return wrapper


def _page(
    request: HttpRequest, items: list[dict[str, Any]], total: int, start: int
) -> JsonResponse:
    return _json(
        {
            "schemas": [LIST],
            "totalResults": total,
            "startIndex": start,
            "itemsPerPage": len(items),
            "Resources": items,
        }
    )


def _paging(request: HttpRequest) -> tuple[int, int]:
    try:
        # Capped: an offset past any real directory would overflow the database's integer.
        start = min(10**9, max(1, int(request.GET.get("startIndex", 1))))
        count = min(MAX_PAGE, max(0, int(request.GET.get("count", 100))))
    except ValueError as exc:
        raise ScimError("startIndex and count are whole numbers", scim_type="invalidValue") from exc
    return start, count


USER_FILTERS = {
    "username": lambda v: Q(email__iexact=v),
    "externalid": lambda v: Q(employee_id=v),
    "emails.value": lambda v: Q(email__iexact=v),
    "emails": lambda v: Q(email__iexact=v),
    "id": lambda v: Q(pk=int(v)) if is_id(v) else Q(pk__in=[]),
    f"{ENTERPRISE}:employeenumber".lower(): lambda v: Q(employee_id=v),
    "displayname": lambda v: Q(name=v),
}


@scim_endpoint
@require_http_methods(["GET", "POST"])
def users(request: HttpRequest, token: ScimToken, body: dict[str, Any]) -> HttpResponse:
    base = _base(request)
    if request.method == "POST":
        person = services.user_create(token=token, doc=body)
        response = _json(user_resource(person, base=base), 201)
        response["Location"] = f"{base}/Users/{person.pk}"
        return response
    qs = Person.objects.select_related("department", "manager").prefetch_related("affinity_groups")
    if request.GET.get("filter"):
        attribute, value = parse_eq_filter(request.GET["filter"])
        condition = USER_FILTERS.get(attribute.lower())
        if condition is None:
            raise ScimError(f"cannot filter on {attribute}", scim_type="invalidFilter")
        qs = qs.filter(condition(value))
    start, count = _paging(request)
    qs = qs.order_by("pk")
    page = list(qs[start - 1 : start - 1 + count])
    return _page(request, [user_resource(p, base=base) for p in page], qs.count(), start)


@scim_endpoint
@require_http_methods(["GET", "PUT", "PATCH", "DELETE"])
def user(
    request: HttpRequest, token: ScimToken, body: dict[str, Any], person_id: str
) -> HttpResponse:
    base = _base(request)
    if request.method == "DELETE":
        services.user_deactivate(token=token, person_id=person_id)
        return HttpResponse(status=204)
    if request.method == "PUT":
        person = services.user_replace(token=token, person_id=person_id, doc=body)
    elif request.method == "PATCH":
        person = services.user_patch(token=token, person_id=person_id, body=body, base=base)
    else:
        person = services._person(person_id)
    return _json(user_resource(person, base=base))


@scim_endpoint
@require_http_methods(["GET", "POST"])
def groups(request: HttpRequest, token: ScimToken, body: dict[str, Any]) -> HttpResponse:
    base = _base(request)
    if request.method == "POST":
        group = services.group_create(token=token, doc=body)
        response = _json(group_resource(group, base=base), 201)
        response["Location"] = f"{base}/Groups/{group.pk}"
        return response
    qs = AffinityGroup.objects.order_by("pk")
    if request.GET.get("filter"):
        attribute, value = parse_eq_filter(request.GET["filter"])
        if attribute.lower() == "displayname":
            qs = qs.filter(name=value)
        elif attribute.lower() in ("id", "externalid"):
            qs = qs.filter(pk=int(value)) if is_id(value) else qs.none()
        else:
            raise ScimError(f"cannot filter on {attribute}", scim_type="invalidFilter")
    start, count = _paging(request)
    page = list(qs[start - 1 : start - 1 + count])
    excluded = request.GET.get("excludedAttributes", "")
    items = [group_resource(g, base=base) for g in page]
    if "members" in excluded:
        for item in items:
            item.pop("members", None)
    return _page(request, items, qs.count(), start)


@scim_endpoint
@require_http_methods(["GET", "PATCH", "DELETE"])
def group(
    request: HttpRequest, token: ScimToken, body: dict[str, Any], group_id: str
) -> HttpResponse:
    base = _base(request)
    if request.method == "DELETE":
        services.group_delete(token=token, group_id=group_id)
        return HttpResponse(status=204)
    if request.method == "PATCH":
        found = services.group_patch(token=token, group_id=group_id, body=body)
    else:
        found = services.group_get(group_id)
    return _json(group_resource(found, base=base))


@scim_endpoint
def service_provider_config(
    request: HttpRequest, token: ScimToken, body: dict[str, Any]
) -> HttpResponse:
    return _json(
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "patch": {"supported": True},
            "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": True, "maxResults": MAX_PAGE},
            "changePassword": {"supported": False},
            "sort": {"supported": False},
            "etag": {"supported": False},
            "authenticationSchemes": [
                {
                    "type": "oauthbearertoken",
                    "name": "Bearer token",
                    "description": "A SCIM token made by an org admin on /accounts/scim/",
                }
            ],
        }
    )


@scim_endpoint
def resource_types(request: HttpRequest, token: ScimToken, body: dict[str, Any]) -> HttpResponse:
    base = _base(request)
    items: list[dict[str, Any]] = [
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": "User",
            "name": "User",
            "endpoint": "/Users",
            "schema": USER,
            "schemaExtensions": [{"schema": ENTERPRISE, "required": False}],
            "meta": {"resourceType": "ResourceType", "location": f"{base}/ResourceTypes/User"},
        },
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": "Group",
            "name": "Group",
            "endpoint": "/Groups",
            "schema": GROUP,
            "meta": {"resourceType": "ResourceType", "location": f"{base}/ResourceTypes/Group"},
        },
    ]
    return _page(request, items, len(items), 1)


def root(request: HttpRequest) -> HttpResponse:
    return _json(error_body(ScimError("See /scim/v2/Users and /scim/v2/Groups.", status=404)), 404)


# --- the org admins' page -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def token_page(request: AuthedRequest) -> HttpResponse:
    tokens = list(services.scim_tokens(actor=request.user))
    new_token = ""
    error = ""
    status = 200
    if request.method == "POST":
        try:
            new_token = services.scim_token_create(
                actor=request.user, name=request.POST.get("name", "")
            )
        except ScimError as exc:
            error, status = exc.message, 400
        tokens = list(services.scim_tokens(actor=request.user))
    context = {
        "tokens": tokens,
        "new_token": new_token,
        "error": error,
        "scim_url": _base(request),
    }
    response = render(request, "scim/tokens.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    revoked = services.scim_token_revoke(actor=request.user, token_id=token_id)
    messages.success(
        request,
        _("SCIM token “%(name)s” revoked: it stops working now.") % {"name": revoked.name},
    )
    return redirect("scim_tokens:list")
