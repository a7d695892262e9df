"""/api/v1/pairs: listing pairs, one pair, and the concerns raised in them."""

from __future__ import annotations

from ninja.responses import Status

from upward.access import (
    COORDINATOR,
    AuthedRequest,
    concern_access,
    member_pairs,
    member_role,
    pair_access,
    pairs_for_coordinator,
)
from upward.api.pairs.base import router
from upward.api.pairs.schemas import (
    CaseLineOut,
    ConcernCaseOut,
    ConcernOut,
    ConcernPatch,
    ConcernReplyIn,
    PairOut,
    _pair_out,
    concern_out,
)
from upward.mentoring import selectors
from upward.mentoring.services import safety

# --- pairs --------------------------------------------------------------------------------


@router.get(
    "",
    response=list[PairOut],
    summary="My pairs; coordinators also get their programs' pairs (health only)",
    operation_id="upward_api_pairs_list_pairs",
)
def list_pairs(request: AuthedRequest) -> list[PairOut]:
    out: dict[int, PairOut] = {}
    mine = member_pairs(user=request.user)
    coordinated = list(pairs_for_coordinator(user=request.user))
    health = selectors.pairs_health(pairs=mine + coordinated)
    for pair in mine:
        role = member_role(user=request.user, pair=pair) or ""
        out[pair.pk] = _pair_out(pair, role, health[pair.pk])
    for pair in coordinated:
        out.setdefault(pair.pk, _pair_out(pair, COORDINATOR, health[pair.pk]))
    return list(out.values())


@router.get(
    "/concerns",
    response=list[ConcernOut],
    summary="Concerns: mine, or those for the programs I coordinate",
    operation_id="upward_api_pairs_list_concerns",
)
def list_concerns(request: AuthedRequest) -> list[ConcernOut]:
    return [
        concern_out(c, viewer_id=request.user.pk)
        for c in selectors.concerns_visible(user=request.user)
    ]


def _case_out(request: AuthedRequest, concern_id: int) -> ConcernCaseOut:
    case = selectors.concern_case(user=request.user, concern_id=concern_id)
    base = concern_out(case.concern, viewer_id=request.user.pk)
    return ConcernCaseOut(
        **base.dict(),
        lines=[CaseLineOut(**line.__dict__) for line in case.lines],
        coordinator_note=case.concern.coordinator_note if case.access.is_coordinator else "",
    )


@router.get(
    "/concerns/{concern_id}",
    response=ConcernCaseOut,
    summary="A concern's case: its thread and status history (the raiser and the coordinators)",
    operation_id="upward_api_pairs_get_concern",
)
def get_concern(request: AuthedRequest, concern_id: int) -> ConcernCaseOut:
    return _case_out(request, concern_id)


@router.patch(
    "/concerns/{concern_id}",
    response=ConcernCaseOut,
    summary="A coordinator changes a concern's status (resolving needs a resolution; 409 when "
    "the version is stale)",
    operation_id="upward_api_pairs_update_concern",
)
def update_concern(
    request: AuthedRequest, concern_id: int, payload: ConcernPatch
) -> ConcernCaseOut:
    access = concern_access(user=request.user, concern_id=concern_id)
    safety.concern_update(concern=access.concern, actor=request.user, **payload.dict())
    return _case_out(request, concern_id)


@router.post(
    "/concerns/{concern_id}/replies",
    response={201: ConcernCaseOut},
    summary="Reply in a concern's confidential thread (the raiser or a coordinator)",
    operation_id="upward_api_pairs_reply_concern",
)
def reply_concern(request: AuthedRequest, concern_id: int, payload: ConcernReplyIn) -> Status:
    access = concern_access(user=request.user, concern_id=concern_id)
    safety.concern_reply(concern=access.concern, actor=request.user, text=payload.text)
    return Status(201, _case_out(request, concern_id))


@router.get(
    "/{pair_id}",
    response=PairOut,
    summary="One pair (members: all; coordinators: health)",
    operation_id="upward_api_pairs_get_pair",
)
def get_pair(request: AuthedRequest, pair_id: int) -> PairOut:
    access = pair_access(user=request.user, pair_id=pair_id)
    return _pair_out(access.pair, access.role)
