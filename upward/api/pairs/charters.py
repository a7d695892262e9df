"""/api/v1/pairs/{pair_id}/charter: the pair's charter (members only)."""

from __future__ import annotations

from upward.access import AuthedRequest
from upward.api.pairs.base import member_pair, router
from upward.api.pairs.schemas import (
    CharterIn,
    CharterOut,
    CharterSignIn,
    _charter_out,
)
from upward.mentoring.services import charters

# --- charter --------------------------------------------------------------------------------


@router.get(
    "/{pair_id}/charter",
    response=CharterOut,
    summary="The charter (pair members only)",
    operation_id="upward_api_pairs_get_charter",
)
def get_charter(request: AuthedRequest, pair_id: int) -> CharterOut:
    access = member_pair(request, pair_id)
    return _charter_out(charters.charter_get_or_create(pair=access.pair))


@router.put(
    "/{pair_id}/charter",
    response=CharterOut,
    summary="Update (a new version); clears signatures if it was signed; 409 if stale",
    operation_id="upward_api_pairs_put_charter",
)
def put_charter(request: AuthedRequest, pair_id: int, payload: CharterIn) -> CharterOut:
    access = member_pair(request, pair_id)
    charter = charters.charter_update(pair=access.pair, actor=request.user, **payload.dict())
    return _charter_out(charter)


@router.post(
    "/{pair_id}/charter/sign",
    response=CharterOut,
    summary="Sign the version you read (409 if it changed since)",
    operation_id="upward_api_pairs_sign_charter",
)
def sign_charter(request: AuthedRequest, pair_id: int, payload: CharterSignIn) -> CharterOut:
    access = member_pair(request, pair_id)
    charter = charters.charter_sign(pair=access.pair, actor=request.user, version=payload.version)
    return _charter_out(charter)
