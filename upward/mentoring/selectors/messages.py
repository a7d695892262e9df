"""The pair's thread, for its two members only (anyone else reads nothing)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from upward.access import AnyUser, member_role
from upward.mentoring.models import Message, Pair
from upward.queryshapes import QueryShape

PAGE_SIZE = 20


@dataclass(frozen=True)
class MessagePage:
    messages: list[Message]  # oldest first, as a thread reads
    older_than: int | None  # pass as `before` for the previous page; None at the start
    unread: int


def unread_messages(*, user: AnyUser, pair: Pair) -> int:
    """How many of the partner's messages the user has not seen yet."""
    if member_role(user=user, pair=pair) is None or user.pk is None:
        return 0
    return len(_UNREAD(pair.pk, user.pk))


def messages_page(
    *, user: AnyUser, pair: Pair, before: int | None = None, limit: int = PAGE_SIZE
) -> MessagePage:
    """The most recent `limit` messages (or those older than message `before`)."""
    if member_role(user=user, pair=pair) is None:
        return MessagePage(messages=[], older_than=None, unread=0)
    if before is None and limit in _LATEST:  # the thread's page and the room's last message
        rows = _LATEST[limit](pair.pk)
        return _page(user, pair, rows, limit)
    qs = _thread(pair.pk)
    if before is not None:
        anchor = Message.objects.filter(pair=pair, pk=before).first()
        if anchor is None:
            return MessagePage(
                messages=[], older_than=None, unread=unread_messages(user=user, pair=pair)
            )
        qs = qs.filter(created_at__lte=anchor.created_at).exclude(
            created_at=anchor.created_at, pk__gte=anchor.pk
        )
    return _page(user, pair, list(qs[: limit + 1]), limit)


def _page(user: AnyUser, pair: Pair, rows: list[Message], limit: int) -> MessagePage:
    """`limit + 1` rows, newest first: a page, oldest first, and whether there is more."""
    more = len(rows) > limit
    rows = rows[:limit]
    rows.reverse()
    return MessagePage(
        messages=rows,
        older_than=rows[0].pk if more and rows else None,
        unread=unread_messages(user=user, pair=pair),
    )


def _thread(pair_id: int) -> QuerySet[Message]:
    return (
        Message.objects.filter(pair_id=pair_id)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


def _latest(limit: int) -> QueryShape[Message]:
    return QueryShape(lambda pair_id: _thread(pair_id)[: limit + 1])


# Every room page and thread asks: composed once per connection (upward/queryshapes.py).
_LATEST = {limit: _latest(limit) for limit in (1, PAGE_SIZE)}
_UNREAD = QueryShape(
    lambda pair_id, user_id: (
        Message.objects.filter(pair_id=pair_id, read_at__isnull=True)
        .exclude(author_id=user_id)
        .order_by()
        .values_list("pk", flat=True)
    )
)
