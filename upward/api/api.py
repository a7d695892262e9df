"""The JSON API under /api/v1/. Each app contributes a router module, added below."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from upward.api import (
    accounts,
    audit,
    community,
    learning,
    match_runs,
    me,
    metrics,
    notifications,
    pairs,
    people,
    privacy,
    programs,
    surveys,
    tokens,
    webhooks,
)
from upward.api.auth import AUTH
from upward.api.errors import ApiError
from upward.errors import ServiceError

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Upward API",
    version="1",
    description=(
        "Reverse-mentoring programs end to end. Authenticate with `Authorization: Bearer <token>` "
        "(create one with `upward create_api_token EMAIL`). Every list is scoped to what the "
        "token's user may see; errors are JSON with `detail` and, for bad input, `errors` naming "
        "each field."
    ),
    auth=AUTH,
    urls_namespace="api",
)

# Each app's endpoints live in their own module with a `router`; the order here is the order of
# the OpenAPI document.
api.add_router("", me.router)
api.add_router("/me", tokens.router)
api.add_router("/people", people.router)
api.add_router("/accounts", accounts.router)
api.add_router("/people", privacy.router)
api.add_router("/programs", programs.router)
api.add_router("/programs", match_runs.router)
api.add_router("/programs", surveys.router)
api.add_router("/programs", metrics.router)
api.add_router("/pairs", pairs.router)
api.add_router("/learning", learning.router)
api.add_router("/community", community.router)
api.add_router("/notifications", notifications.router)
api.add_router("/webhooks", webhooks.router)
api.add_router("/audit", audit.router)


def _field_name(loc: list[object]) -> str:
    # ninja locations look like ["body", "payload", "email"]; the user cares about the field.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "form")]
    return ".".join(parts) or "body"


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field_name(list(err.get("loc", []))), "message": err.get("msg", "invalid")}
        for err in exc.errors
    ]
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return api.create_response(
        request,
        {"detail": gettext("Invalid input: %(summary)s") % {"summary": summary}, "errors": errors},
        status=422,
    )


@api.exception_handler(ApiError)
def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    body: dict[str, object] = {"detail": exc.message}
    if exc.errors:
        body["errors"] = exc.errors
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(ServiceError)
def on_service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    """Every refused service call, from every endpoint: 4xx JSON naming the field."""
    problems = exc.errors or {exc.field or "body": exc.message}
    errors = [{"field": name or "body", "message": text} for name, text in problems.items()]
    # Each warning to confirm is listed on the field that confirms it (e.g. "confirm").
    errors += [{"field": exc.field or "body", "message": warning} for warning in exc.warnings]
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[: len(problems)])
    if exc.current:
        # A stale write: the message says what happened, `current` what is saved now.
        detail = gettext("%(message)s Changed: %(fields)s.") % {
            "message": exc.message,
            "fields": ", ".join(problems),
        }
    else:
        detail = (
            gettext("Invalid input: %(summary)s") % {"summary": summary} if exc.errors else summary
        )
    body: dict[str, object] = {"detail": detail, "errors": errors}
    if exc.current:
        body["current"] = exc.current
    if exc.warnings:
        body["warnings"] = exc.warnings
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": gettext("Authentication required: send Authorization: Bearer <token>.")},
        status=401,
    )


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": str(exc) or gettext("You do not have access to this resource.")},
        status=403,
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or gettext("Not found.")}, status=404)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(DataError)
def on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    # The database refused a value (too long or out of range for its column) that no schema
    # limit caught first; nothing was written (the request's transaction rolls back).
    logger.warning(
        "API input refused by the database: %s %s: %s", request.method, request.path, exc
    )
    return api.create_response(
        request,
        {
            "detail": gettext(
                "Invalid input: a value is too long or out of range for what it is stored in."
            )
        },
        status=422,
    )


@api.exception_handler(Exception)
def on_unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything else is our bug: logged with its traceback, answered as JSON (never a
    traceback or an HTML page, in development or production)."""
    logger.exception("API server error: %s %s", request.method, request.path)
    return api.create_response(
        request, {"detail": gettext("Server error: it has been logged.")}, status=500
    )
