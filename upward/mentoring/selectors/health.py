"""Pair HEALTH for coordinators: dates, counts and statuses, never content."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from upward.access import LEADER
from upward.mentoring.models import (
    Action,
    Charter,
    Concern,
    Meeting,
    Pair,
)

# A pair with no meeting held for this long is flagged to its coordinators (PRODUCT.md step 7).
QUIET_DAYS = 45


# --- health (what a coordinator may see) -------------------------------------------------------


@dataclass
class PairHealth:
    charter_signed: bool
    meetings_held: int
    meetings_scheduled: int
    meetings_cancelled: int
    leader_cancellations: int
    last_meeting_on: dt.date | None
    next_meeting_at: dt.datetime | None
    days_since_last_meeting: int | None
    actions_open: int
    actions_done: int
    actions_published: int
    actions_overdue: int
    open_concerns: int
    flags: list[str] = field(default_factory=list)


def pair_health(*, pair: Pair, today: dt.date | None = None) -> PairHealth:
    """Dates, counts and statuses only: safe to show a coordinator."""
    today = today or timezone.localdate()
    now = timezone.now()
    meetings = list(pair.meetings.values("status", "starts_at", "held_at", "cancelled_by_role"))
    held = [m for m in meetings if m["status"] == Meeting.Status.HELD]
    upcoming = sorted(
        m["starts_at"]
        for m in meetings
        if m["status"] == Meeting.Status.SCHEDULED and m["starts_at"] >= now
    )
    last_held = max(((m["held_at"] or m["starts_at"]) for m in held), default=None)
    actions = pair.actions.values_list("status", "published", "due_on")
    open_statuses = (Action.Status.PLANNED, Action.Status.IN_PROGRESS)
    charter = Charter.objects.filter(pair=pair).first()
    health = PairHealth(
        charter_signed=bool(charter and charter.is_signed),
        meetings_held=len(held),
        meetings_scheduled=len(upcoming),
        meetings_cancelled=sum(1 for m in meetings if m["status"] == Meeting.Status.CANCELLED),
        leader_cancellations=sum(1 for m in meetings if m["cancelled_by_role"] == LEADER),
        last_meeting_on=last_held.date() if last_held else None,
        next_meeting_at=upcoming[0] if upcoming else None,
        days_since_last_meeting=(today - last_held.date()).days if last_held else None,
        actions_open=sum(1 for s, _, _ in actions if s in open_statuses),
        actions_done=sum(1 for s, _, _ in actions if s == Action.Status.DONE),
        actions_published=sum(1 for _, p, _ in actions if p),
        actions_overdue=sum(1 for s, _, d in actions if s in open_statuses and d and d < today),
        open_concerns=pair.concerns.exclude(status=Concern.Status.RESOLVED).count(),
    )
    if pair.is_open:
        since = health.days_since_last_meeting
        if since is None:
            since = (today - pair.started_on).days
        if since >= QUIET_DAYS:
            health.flags.append(f"No meeting in {since} days")
        if health.leader_cancellations >= 2:
            health.flags.append(f"Leader cancelled {health.leader_cancellations} times")
        if not health.charter_signed:
            health.flags.append("Charter not signed")
    return health


def next_meeting(*, pair: Pair) -> Meeting | None:
    return (
        pair.meetings.filter(status=Meeting.Status.SCHEDULED, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )


def meetings_awaiting_outcome(*, pair: Pair) -> QuerySet[Meeting]:
    """Past meetings still marked scheduled: the pair should mark them held or cancelled."""
    return pair.meetings.filter(
        status=Meeting.Status.SCHEDULED, starts_at__lt=timezone.now()
    ).order_by("starts_at")
