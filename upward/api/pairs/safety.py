"""/api/v1/pairs/{pair_id}: raising a concern, no-fault exit and closure."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.responses import Status

from upward.api.pairs.base import _member, room_errors, router
from upward.api.pairs.schemas import (
    ClosureIn,
    ConcernIn,
    ConcernOut,
    ExitIn,
    PairOut,
    _pair_out,
)
from upward.mentoring.services import safety

# --- safety and closure ----------------------------------------------------------------------


@router.post(
    "/{pair_id}/concerns",
    response={201: ConcernOut},
    summary="Raise a confidential concern to the coordinators",
    operation_id="upward_api_pairs_raise_concern",
)
def raise_concern(request: HttpRequest, pair_id: int, payload: ConcernIn) -> Status:
    access = _member(request, pair_id)
    with room_errors():
        return Status(
            201, safety.concern_raise(pair=access.pair, user=request.user, text=payload.text)
        )


@router.post(
    "/{pair_id}/exit",
    response=PairOut,
    summary="No-fault exit (ends the pair for both)",
    operation_id="upward_api_pairs_exit_pair",
)
def exit_pair(request: HttpRequest, pair_id: int, payload: ExitIn) -> PairOut:
    access = _member(request, pair_id)
    with room_errors():
        pair = safety.pair_exit(
            pair=access.pair, user=request.user, wants_rematch=payload.wants_rematch
        )
    return _pair_out(pair, access.role)


@router.post(
    "/{pair_id}/closure",
    response=PairOut,
    summary="My final reflection and what next",
    operation_id="upward_api_pairs_close_pair",
)
def close_pair(request: HttpRequest, pair_id: int, payload: ClosureIn) -> PairOut:
    access = _member(request, pair_id)
    with room_errors():
        safety.closure_submit(pair=access.pair, user=request.user, **payload.dict())
    access.pair.refresh_from_db()
    return _pair_out(access.pair, access.role)
