"""The pair's thread, for its two members only (anyone else reads nothing)."""

from __future__ import annotations

from dataclasses import dataclass

from upward.access import AnyUser, member_role
from upward.mentoring.models import Message, Pair

PAGE_SIZE = 20


@dataclass(frozen=True)
class MessagePage:
    messages: list[Message]  # oldest first, as a thread reads
    older_than: int | None  # pass as `before` for the previous page; None at the start
    unread: int


def unread_messages(*, user: AnyUser, pair: Pair) -> int:
    """How many of the partner's messages the user has not seen yet."""
    if member_role(user=user, pair=pair) is None:
        return 0
    return (
        Message.objects.filter(pair=pair, read_at__isnull=True).exclude(author_id=user.pk).count()
    )


def messages_page(
    *, user: AnyUser, pair: Pair, before: int | None = None, limit: int = PAGE_SIZE
) -> MessagePage:
    """The most recent `limit` messages (or those older than message `before`)."""
    if member_role(user=user, pair=pair) is None:
        return MessagePage(messages=[], older_than=None, unread=0)
    qs = Message.objects.filter(pair=pair).select_related("author").order_by("-created_at", "-pk")
    if before is not None:
        anchor = Message.objects.filter(pair=pair, pk=before).first()
        if anchor is None:
            return MessagePage(
                messages=[], older_than=None, unread=unread_messages(user=user, pair=pair)
            )
        qs = qs.filter(created_at__lte=anchor.created_at).exclude(
            created_at=anchor.created_at, pk__gte=anchor.pk
        )
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    rows.reverse()
    return MessagePage(
        messages=rows,
        older_than=rows[0].pk if more and rows else None,
        unread=unread_messages(user=user, pair=pair),
    )
