"""Which language a person meets Upward in.

Their own choice first (Notification settings, or the language menu in the footer), then their
browser's Accept-Language, then the organisation's default (LANGUAGE_CODE). Pages use the
middleware below; everything written to a person while they are not looking (emails, reminders,
in-app notifications, calendar invitations) is rendered inside `language_of(user)`.

The choice is kept in the session once per sign-in, so a page costs no extra query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

SESSION_KEY = "upward_language"
_UNSET = object()


def supported(code: str | None) -> str:
    """`code` when Upward speaks it ('' otherwise): 'fr', 'de-AT' -> 'de', 'xx' -> ''."""
    if not code:
        return ""
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return ""


def chosen_language(user: Any) -> str:
    """The language a person chose for themselves, '' when they follow their browser."""
    if user is None or not getattr(user, "pk", None):
        return ""
    # Imported here: the notifications app loads after this module is first imported.
    from upward.notifications.models import DeliveryPreference

    code = (
        DeliveryPreference.objects.filter(user_id=user.pk)
        .values_list("language", flat=True)
        .first()
    )
    return supported(code)


def language_for(user: Any) -> str:
    """What to write to `user` in when they are not there to send an Accept-Language."""
    return chosen_language(user) or settings.LANGUAGE_CODE


@contextmanager
def language_of(user: Any) -> Iterator[str]:
    """Render what `user` will read (an email, a calendar file) in their language."""
    code = language_for(user)
    with translation.override(code):
        yield code


def remember_choice(request: HttpRequest, code: str) -> None:
    """After sign-in or a change of setting: pages follow `code` ('' = the browser)."""
    if hasattr(request, "session"):
        request.session[SESSION_KEY] = supported(code)


def on_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Connected to user_logged_in (NotificationsConfig.ready): one lookup per sign-in."""
    if request is not None:
        remember_choice(request, chosen_language(user))


class PersonLanguageMiddleware:
    """Activates the person's language for the request (after AuthenticationMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        code = ""
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and user.is_authenticated and session is not None:
            stored = session.get(SESSION_KEY, _UNSET)
            if stored is _UNSET:  # first page since a session began: look once, keep it
                stored = chosen_language(user)
                session[SESSION_KEY] = stored
            code = supported(str(stored))
        if not code:
            code = translation.get_language_from_request(request)
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()  # type: ignore[attr-defined]
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", translation.get_language())
        translation.deactivate()
        return response
