"""/api/v1/pairs/{pair_id}/messages: the thread between the two members (404 for anyone else,
coordinators included)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Query, Schema
from ninja.responses import Status

from upward.access import AuthedRequest, member_role
from upward.api.pairs.base import member_pair, router
from upward.mentoring import selectors
from upward.mentoring.models import Message, Pair
from upward.mentoring.selectors.messages import PAGE_SIZE
from upward.mentoring.services import messages as messages_service


class MessageOut(Schema):
    id: int
    author_role: str = Field(description="'leader' or 'mentor'")
    author_name: str
    mine: bool
    body: str
    created_at: dt.datetime
    read_at: dt.datetime | None = Field(description="When the other member first saw it.")


class MessagePageOut(Schema):
    results: list[MessageOut] = Field(description="Oldest first, at most `limit`.")
    older_than: int | None = Field(
        description="Pass as `before` for the previous messages; null when there are none."
    )
    unread: int = Field(description="Your partner's messages you have not marked read.")


class MessageFilters(Schema):
    before: int | None = Field(None, ge=1, description="Only messages older than this one.")
    limit: int = Field(PAGE_SIZE, ge=1, le=100)


class MessageIn(Schema):
    body: str = Field(..., description="Up to 2,000 characters.")


class ReadOut(Schema):
    marked: int


def _out(message: Message, *, pair: Pair, user_id: int) -> MessageOut:
    role = member_role(user=message.author, pair=pair) or ""
    return MessageOut(
        id=message.pk,
        author_role=role,
        author_name=message.author.name or message.author.email,
        mine=message.author_id == user_id,
        body=message.body,
        created_at=message.created_at,
        read_at=message.read_at,
    )


@router.get(
    "/{pair_id}/messages",
    response=MessagePageOut,
    summary="Members: the pair's messages, most recent page (older with `before`)",
    operation_id="upward_api_pairs_list_messages",
)
def list_messages(
    request: AuthedRequest, pair_id: int, filters: Query[MessageFilters]
) -> MessagePageOut:
    access = member_pair(request, pair_id)
    page = selectors.messages_page(
        user=request.user, pair=access.pair, before=filters.before, limit=filters.limit
    )
    return MessagePageOut(
        results=[_out(m, pair=access.pair, user_id=request.user.pk) for m in page.messages],
        older_than=page.older_than,
        unread=page.unread,
    )


@router.post(
    "/{pair_id}/messages",
    response={201: MessageOut},
    summary="Members: write to your partner (they are told once per unread batch)",
    operation_id="upward_api_pairs_send_message",
)
def send_message(request: AuthedRequest, pair_id: int, payload: MessageIn) -> Status:
    access = member_pair(request, pair_id)
    message = messages_service.message_send(pair=access.pair, actor=request.user, body=payload.body)
    return Status(201, _out(message, pair=access.pair, user_id=request.user.pk))


@router.post(
    "/{pair_id}/messages/read",
    response=ReadOut,
    summary="Members: mark your partner's messages as read",
    operation_id="upward_api_pairs_read_messages",
)
def read_messages(request: AuthedRequest, pair_id: int) -> ReadOut:
    access = member_pair(request, pair_id)
    return ReadOut(marked=messages_service.messages_mark_read(pair=access.pair, actor=request.user))
