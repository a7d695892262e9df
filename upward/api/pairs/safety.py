"""/api/v1/pairs/{pair_id}: raising a concern, no-fault exit and closure."""

from __future__ import annotations

from ninja.responses import Status

from upward.access import AuthedRequest
from upward.api.pairs.base import member_pair, router
from upward.api.pairs.schemas import (
    ClosureIn,
    ConcernIn,
    ConcernOut,
    EndEarlyIn,
    ExitIn,
    NewPartnerIn,
    PairOut,
    _pair_out,
    concern_out,
)
from upward.mentoring.services import safety

# --- safety and closure ----------------------------------------------------------------------


@router.post(
    "/{pair_id}/concerns",
    response={201: ConcernOut},
    summary="Raise a confidential concern to the coordinators",
    operation_id="upward_api_pairs_raise_concern",
)
def raise_concern(request: AuthedRequest, pair_id: int, payload: ConcernIn) -> Status:
    access = member_pair(request, pair_id)
    concern = safety.concern_raise(
        pair=access.pair, actor=request.user, text=payload.text, anonymous=payload.anonymous
    )
    return Status(201, concern_out(concern, viewer_id=request.user.pk))


@router.post(
    "/{pair_id}/exit",
    response=PairOut,
    summary="No-fault exit (ends the pair for both)",
    operation_id="upward_api_pairs_exit_pair",
)
def exit_pair(request: AuthedRequest, pair_id: int, payload: ExitIn) -> PairOut:
    access = member_pair(request, pair_id)
    pair = safety.pair_exit(
        pair=access.pair, actor=request.user, wants_rematch=payload.wants_rematch
    )
    return _pair_out(pair, access.role)


@router.post(
    "/{pair_id}/new-partner",
    response=PairOut,
    summary="After a pair ended early: ask for a new partner (or withdraw the wish)",
    operation_id="upward_api_pairs_new_partner",
)
def new_partner(request: AuthedRequest, pair_id: int, payload: NewPartnerIn) -> PairOut:
    access = member_pair(request, pair_id)
    pair = safety.rematch_request(
        pair=access.pair, actor=request.user, wants_rematch=payload.wants_new_partner
    )
    return _pair_out(pair, access.role)


@router.post(
    "/{pair_id}/end-early",
    response=PairOut,
    summary="End the pair early, on purpose (confirm, and a reason your partner reads)",
    operation_id="upward_api_pairs_end_early",
)
def end_early(request: AuthedRequest, pair_id: int, payload: EndEarlyIn) -> PairOut:
    access = member_pair(request, pair_id)
    pair = safety.pair_end_early(
        pair=access.pair, actor=request.user, reason=payload.reason, confirm=payload.confirm
    )
    return _pair_out(pair, access.role)


@router.delete(
    "/{pair_id}/end-early",
    response=PairOut,
    summary="Keep going after all (withdraw ending early)",
    operation_id="upward_api_pairs_keep_going",
)
def keep_going(request: AuthedRequest, pair_id: int) -> PairOut:
    access = member_pair(request, pair_id)
    pair = safety.pair_end_early_withdraw(pair=access.pair, actor=request.user)
    return _pair_out(pair, access.role)


@router.post(
    "/{pair_id}/closure",
    response=PairOut,
    summary="My final reflection and what next",
    operation_id="upward_api_pairs_close_pair",
)
def close_pair(request: AuthedRequest, pair_id: int, payload: ClosureIn) -> PairOut:
    access = member_pair(request, pair_id)
    safety.closure_submit(pair=access.pair, actor=request.user, **payload.dict())
    access.pair.refresh_from_db()
    return _pair_out(access.pair, access.role)
