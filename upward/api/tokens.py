"""/api/v1/me/tokens: a person's own API tokens (the settings page's list, create and revoke)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema
from ninja.responses import Status

from upward.access import AuthedRequest
from upward.people.models import ApiToken
from upward.people.selectors import api_tokens_of
from upward.people.services import api_token_create, api_token_revoke

router = Router(tags=["me"])


class TokenOut(Schema):
    id: int
    name: str
    scope: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    scope: str = Field(ApiToken.Scope.READ, pattern="^(read|read_write)$")


class NewTokenOut(TokenOut):
    token: str = Field(description="The token itself: shown in this answer only, never again")


def _out(token: ApiToken) -> TokenOut:
    return TokenOut(
        id=token.pk,
        name=token.name,
        scope=token.scope,
        prefix=token.prefix,
        created_at=token.created_at,
        last_used_at=token.last_used_at,
    )


@router.get("/tokens", response=list[TokenOut], summary="My API tokens (never the tokens)")
def list_tokens(request: AuthedRequest) -> list[TokenOut]:
    return [_out(t) for t in api_tokens_of(user=request.user)]


@router.post("/tokens", response={201: NewTokenOut}, summary="Create a token (shown once)")
def create_token(request: AuthedRequest, payload: TokenIn) -> Status[NewTokenOut]:
    token = api_token_create(user=request.user, name=payload.name, scope=payload.scope)
    stored = api_tokens_of(user=request.user).get(prefix=token[:12])
    return Status(201, NewTokenOut(**_out(stored).dict(), token=token))


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke one of my tokens")
def revoke_token(request: AuthedRequest, token_id: int) -> Status[None]:
    api_token_revoke(actor=request.user, token_id=token_id)
    return Status(204, None)
