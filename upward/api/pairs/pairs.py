"""/api/v1/pairs: listing pairs, one pair, and the concerns raised in them."""

from __future__ import annotations

from upward.access import (
    COORDINATOR,
    AuthedRequest,
    member_role,
    pair_access,
    pairs_for_coordinator,
    pairs_of_member,
)
from upward.api.pairs.base import router
from upward.api.pairs.schemas import (
    ConcernOut,
    ConcernPatch,
    PairOut,
    _pair_out,
)
from upward.mentoring import selectors
from upward.mentoring.models import Concern
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
    mine = list(pairs_of_member(user=request.user))
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
def list_concerns(request: AuthedRequest) -> list[Concern]:
    return list(selectors.concerns_visible(user=request.user))


@router.patch(
    "/concerns/{concern_id}",
    response=ConcernOut,
    summary="A coordinator updates a concern",
    operation_id="upward_api_pairs_update_concern",
)
def update_concern(request: AuthedRequest, concern_id: int, payload: ConcernPatch) -> Concern:
    concern = selectors.concern_for_coordinator(user=request.user, concern_id=concern_id)
    return safety.concern_update(
        concern=concern, actor=request.user, status=payload.status, note=payload.note
    )


@router.get(
    "/{pair_id}",
    response=PairOut,
    summary="One pair (members: all; coordinators: health)",
    operation_id="upward_api_pairs_get_pair",
)
def get_pair(request: AuthedRequest, pair_id: int) -> PairOut:
    access = pair_access(user=request.user, pair_id=pair_id)
    return _pair_out(access.pair, access.role)
