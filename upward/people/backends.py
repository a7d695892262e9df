"""How a signed-in person is read on every request.

Django's ModelBackend reads the account row alone; nearly every page then asks for the
account's directory person (names, time zone) and its delivery preference (the time zone the
person chose), one query each. Reading them in the same query is one query instead of three
on every page (issue 16: CPU per request under load).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from upward.people.models import User
from upward.queryshapes import QueryShape

# Composed once per connection: every request asks (upward/queryshapes.py).
_SIGNED_IN = QueryShape(
    lambda pk: User.objects.select_related("person", "delivery_preference").filter(pk=pk)
)


def signed_in_user(user_id: Any) -> User | None:
    """The account with its directory person and delivery preference, or None."""
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        return None
    found = _SIGNED_IN(pk)
    return found[0] if found else None


class PasswordBackend(ModelBackend):
    """Email and password sign-in (Django's ModelBackend), reading the person along."""

    def get_user(self, user_id: Any) -> User | None:  # type: ignore[override]
        user = signed_in_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
