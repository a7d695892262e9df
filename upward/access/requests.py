"""A typed request for views and endpoints behind sign-in, so code reads `request.user` as a
`User` without casts or ignores."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from upward.access.roles import AnyUser
from upward.people.models import User

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails


class AuthedRequest(HttpRequest):
    """An `HttpRequest` whose user has signed in (`login_required` or API auth ran first)."""

    user: User
    htmx: HtmxDetails


def account(user: AnyUser) -> User:
    """The signed-in account; anyone else is refused (services call this on `actor`)."""
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied(_("Sign in first."))
    return user
