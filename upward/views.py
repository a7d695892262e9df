from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from upward import events
from upward.home import Panel
from upward.people.events import HOME_PANELS


def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "database": "unreachable", "detail": str(exc)[:200]}, status=503
        )
    return JsonResponse({"status": "ok", "database": connection.vendor})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # Each app adds its panels (HOME_PANELS); a panel that answers None is not shown.
    panels: list[Panel] = sorted(
        events.publish(HOME_PANELS, request=request), key=lambda p: p.order
    )
    return render(
        request,
        "home.html",
        {
            "panels": panels,
            # Each file once, in the order the panels ask for them (a library before its user).
            "panel_scripts": list(dict.fromkeys(s for p in panels for s in p.scripts)),
            "panel_styles": list(dict.fromkeys(s for p in panels for s in p.styles)),
        },
    )


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


# The API answers JSON for every error, even those Django raises before or after ninja runs
# (an unknown /api/ address, a crash in a middleware), in development and production alike.
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Server error: it has been logged."}, status=500)
    return render(request, "errors/500.html", status=500)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "You do not have access to this resource."}, status=403)
    return render(request, "errors/403.html", status=403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return HttpResponse("Bad request.", status=400, content_type="text/plain; charset=utf-8")
