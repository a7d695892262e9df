from __future__ import annotations

from django.core.exceptions import PermissionDenied

from upward.errors import ServiceError
from upward.mentoring.models import Pair
from upward.mentoring.selectors import AnyUser, member_role
from upward.people.models import User

RoomError = ServiceError  # the one service error (upward.errors); old name kept for callers


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
