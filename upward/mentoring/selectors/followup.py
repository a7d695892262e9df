"""The coordinators' follow-up of a pair, as its coordinators read it (never its members)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from upward.access import AnyUser, pair_for_coordinator
from upward.mentoring.models import CoordinatorCheckIn, Pair, PairNudge


def nudges_of(*, user: AnyUser, pair: Pair) -> QuerySet[PairNudge]:
    pair_for_coordinator(user=user, pair_id=pair.pk)
    return PairNudge.objects.filter(pair=pair).select_related("sent_by")


def checkins_of(*, user: AnyUser, pair: Pair) -> QuerySet[CoordinatorCheckIn]:
    pair_for_coordinator(user=user, pair_id=pair.pk)
    return CoordinatorCheckIn.objects.filter(pair=pair).select_related("author")


@dataclass(frozen=True)
class HistoryItem:
    """One line of the follow-up history, newest first: a nudge sent or a check-in noted."""

    kind: str  # "nudge" or "checkin"
    on: dt.date
    at: dt.datetime
    by: str
    title: str
    text: str


def followup_history(
    *, nudges: list[PairNudge], checkins: list[CoordinatorCheckIn]
) -> list[HistoryItem]:
    items = [
        HistoryItem(
            kind="nudge",
            on=n.sent_at.date(),
            at=n.sent_at,
            by=n.sent_by.get_full_name() if n.sent_by else _("A former coordinator"),
            title=n.subject,
            text=n.body,
        )
        for n in nudges
    ] + [
        HistoryItem(
            kind="checkin",
            on=c.noted_on,
            at=c.created_at,
            by=c.author.get_full_name() if c.author else _("A former coordinator"),
            title=_("Check-in"),
            text=c.note,
        )
        for c in checkins
    ]
    return sorted(items, key=lambda i: (i.on, i.at), reverse=True)


def last_contact(*, nudges: list[PairNudge], checkins: list[CoordinatorCheckIn]) -> dt.date | None:
    """The last time a coordinator reached the pair: a nudge or a check-in."""
    days = [n.sent_at.date() for n in nudges] + [c.noted_on for c in checkins]
    return max(days) if days else None
