"""The pairs router and the helpers every pairs endpoint module shares."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.http import HttpRequest
from ninja import Router

from upward.api.errors import field_error
from upward.mentoring import selectors
from upward.mentoring.models import Meeting
from upward.mentoring.selectors import PairAccess
from upward.mentoring.services.common import RoomError

router = Router(tags=["pairs"])


@contextmanager
def room_errors() -> Iterator[None]:
    """Refused writes become 4xx JSON naming the field."""
    try:
        yield
    except RoomError as exc:
        raise field_error(
            exc.field if exc.field != "__all__" else "body", exc.message, status=exc.status
        ) from exc


# --- helpers ------------------------------------------------------------------------------


def _member(request: HttpRequest, pair_id: int) -> PairAccess:
    return selectors.pair_for_member(user=request.user, pair_id=pair_id)


def _meeting(request: HttpRequest, access: PairAccess, meeting_id: int) -> Meeting:
    return selectors.meeting_for_member(user=request.user, pair=access.pair, meeting_id=meeting_id)
