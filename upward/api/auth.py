"""API authentication: a bearer token (made on the settings page or with `upward
create_api_token EMAIL`) or the browser session.

A token carries a scope: a read-only token is refused (403) on any method that writes, before
the endpoint runs, so no endpoint has to remember to check it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja.security import APIKeyCookie, HttpBearer

from upward.people.models import ApiToken
from upward.people.services import api_token_lookup

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = api_token_lookup(token=token)
        if found is None:
            return None
        if found.scope == ApiToken.Scope.READ and request.method not in SAFE_METHODS:
            raise PermissionDenied(
                gettext("This token is read-only: create a read-and-write token to make changes.")
            )
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session (CSRF-checked for unsafe methods by ninja)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


AUTH = [BearerToken(), SessionAuth(csrf=True)]
