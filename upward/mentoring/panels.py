from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from upward.access import (
    COORDINATOR,
    member_pairs,
    member_role,
    partner_of,
    program_space_role,
    user_roles,
)
from upward.home import Panel
from upward.mentoring import selectors
from upward.mentoring.models import Action, Charter, ClosureChoice, Concern, Meeting, Pair
from upward.mentoring.timezones import user_zone
from upward.programs.selectors import open_interest_surveys_for
from upward.queryshapes import QueryShape


def pair_panel(request: HttpRequest) -> Panel | None:
    """'Your pair' for leaders and mentors: partner, next meeting, charter, open actions."""
    pairs = [p for p in member_pairs(user=request.user) if p.is_open]
    if not pairs:
        return None
    shown = pairs[:3]
    facts = _pair_panel_facts(shown)
    items = []
    for pair in shown:
        role = member_role(user=request.user, pair=pair) or ""
        signed, open_actions, next_id, next_at = facts[pair.pk]
        items.append(
            {
                "pair": pair,
                "partner": partner_of(pair=pair, role=role),
                # What the template reads of the next meeting: its id (agenda link) and time.
                "next_meeting": {"pk": next_id, "starts_at": next_at} if next_id else None,
                "charter_signed": signed,
                "open_actions": open_actions,
                "closing": selectors.closing_invitation_for(pair=pair)
                and not pair.closure_choices.filter(role=role).exists(),
            }
        )
    return Panel(
        title=_("Your pair") if len(items) == 1 else _("Your pairs"),
        template="mentoring/_panel_pair.html",
        context={"pairs": items, "tz": str(user_zone(request.user))},
        order=10,
    )


def _signed_and_open_actions(ids: list[int]) -> QuerySet[Pair, tuple[int, bool, int]]:
    pair = OuterRef("pk")
    open_actions = (
        Action.objects.filter(
            pair=pair, status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS]
        )
        .order_by()
        .values("pair")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Pair.objects.filter(pk__in=ids)
        .annotate(
            _signed=Exists(
                Charter.objects.filter(
                    pair=pair, leader_signed_at__isnull=False, mentor_signed_at__isnull=False
                )
            ),
            _open_actions=Coalesce(Subquery(open_actions), 0),
        )
        .order_by()
        .values_list("pk", "_signed", "_open_actions")
    )


# Every leader's and mentor's home page asks: composed once per connection (upward/queryshapes.py).
_SIGNED_AND_OPEN_ACTIONS = QueryShape(_signed_and_open_actions)
# Scheduled meetings, past ones too: "from now on" is a time, and only ids are swapped into a
# shape's SQL. The few a pair has left in the past are skipped below.
_SCHEDULED_MEETINGS = QueryShape(
    lambda ids: (
        Meeting.objects.filter(pair_id__in=ids, status=Meeting.Status.SCHEDULED)
        .order_by("starts_at", "pk")
        .values_list("pair_id", "pk", "starts_at")
    )
)


def _pair_panel_facts(pairs: list[Pair]) -> dict[int, tuple[bool, int, int | None, Any]]:
    """Per pair: charter signed by both, open actions, the next scheduled meeting (id and
    start) — what `selectors.next_meeting` and the room would say."""
    ids = [p.pk for p in pairs]
    now = timezone.now()
    upcoming: dict[int, tuple[int, Any]] = {}
    for pair_id, meeting_id, starts_at in _SCHEDULED_MEETINGS(ids):
        if starts_at >= now:
            upcoming.setdefault(pair_id, (meeting_id, starts_at))
    return {
        pk: (bool(signed), n, *upcoming.get(pk, (None, None)))
        for pk, signed, n in _SIGNED_AND_OPEN_ACTIONS(ids)
    }


def concerns_panel(request: HttpRequest) -> Panel | None:
    if COORDINATOR not in user_roles(request.user):
        return None  # the inbox is for coordinators of a program (the per-request roles know)
    if not selectors.concern_inbox_programs(user=request.user).exists():
        return None
    concerns = selectors.concerns_for_coordinator(user=request.user)
    return Panel(
        title=_("Concerns and pair health"),
        template="mentoring/_panel_concerns.html",
        context={"open": concerns.exclude(status=Concern.Status.RESOLVED).count()},
        order=30,
    )


def past_pair_panel(request: HttpRequest) -> Panel | None:
    """After a pair closes or ends: the pair to look back at (its room, read-only, with the
    final reflections) and what comes next, so the home page is never a dead end.

    Their two most recent past pairs; the next steps only while they have no open pair (one in
    another program is its own next step, on the "Your pair" panel).
    """
    mine = member_pairs(user=request.user)
    closed = [p for p in mine if not p.is_open]
    if not closed:
        return None
    has_open = len(closed) < len(mine)
    past = sorted(closed, key=lambda p: (p.ended_on or p.started_on, p.pk), reverse=True)[:2]
    items = []
    for pair in past:
        role = member_role(user=request.user, pair=pair) or ""
        mine_choice = ClosureChoice.objects.filter(pair=pair, role=role).first()
        items.append(
            {
                "pair": pair,
                "role": role,
                "partner": partner_of(pair=pair, role=role),
                "completed": pair.status == Pair.Status.CLOSED,
                "choice": mine_choice,
                "reflections": pair.closure_choices.count(),
                # The program's space has its celebration; only if the person may enter it.
                "space": program_space_role(user=request.user, program=pair.program) is not None,
            }
        )
    return Panel(
        title=_("Your past pair") if len(items) == 1 else _("Your past pairs"),
        template="mentoring/_panel_past_pair.html",
        context={
            "pairs": items,
            "next_steps": not has_open,
            "programs": [] if has_open else open_interest_surveys_for(user=request.user),
        },
        order=12,
    )
