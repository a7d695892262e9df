from __future__ import annotations

from django.core.exceptions import PermissionDenied

from upward.mentoring.models import Pair
from upward.mentoring.selectors import AnyUser, member_role
from upward.people.models import User


class RoomError(Exception):
    """A refused write, explained in words a participant understands, naming the field."""

    def __init__(self, message: str, *, field: str = "__all__", status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


def require_member(*, user: AnyUser, pair: Pair) -> str:
    role = member_role(user=user, pair=pair)
    if role is None:
        raise PermissionDenied("Only the two people in this pair can do that.")
    return role


def account(user: AnyUser) -> User:
    """The signed-in account (services call this after a membership check)."""
    if not isinstance(user, User):
        raise PermissionDenied("Sign in first.")
    return user


def require_open(pair: Pair) -> None:
    if not pair.is_open:
        raise RoomError(
            "This pair has finished, so the room is kept read-only as a record.", status=409
        )


def require_writer(*, user: AnyUser, pair: Pair) -> str:
    role = require_member(user=user, pair=pair)
    require_open(pair)
    return role
