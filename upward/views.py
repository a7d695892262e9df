from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from upward import events
from upward.home import Panel
from upward.i18n import remember_choice
from upward.languages import is_language, person_language_save
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


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The footer's language menu: any visitor keeps their choice in a cookie, a signed-in
    person also in their preferences (emails follow it); then back to the page they were on."""
    code = request.POST.get("language", "")
    if not is_language(code):
        return render(request, "errors/400.html", status=400)
    if request.user.is_authenticated:
        person_language_save(actor=request.user, code=code)
        remember_choice(request, code)
    target = request.POST.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE or settings.SESSION_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


# The API answers JSON for every error, even those Django raises before or after ninja runs
# (an unknown /api/ address, a crash in a middleware), in development and production alike.
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Server error: it has been logged.")}, status=500)
    return render(request, "errors/500.html", status=500)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("You do not have access to this resource.")}, status=403)
    return render(request, "errors/403.html", status=403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Bad request.")}, status=400)
    return render(request, "errors/400.html", status=400)
