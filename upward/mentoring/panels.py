from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from upward.access import member_pairs, member_role, partner_of, program_space_role
from upward.home import Panel
from upward.mentoring import selectors
from upward.mentoring.models import Action, Charter, ClosureChoice, Concern, Pair
from upward.mentoring.timezones import user_zone
from upward.programs.selectors import open_interest_surveys_for


def pair_panel(request: HttpRequest) -> Panel | None:
    """'Your pair' for leaders and mentors: partner, next meeting, charter, open actions."""
    pairs = [p for p in member_pairs(user=request.user) if p.is_open]
    if not pairs:
        return None
    items = []
    for pair in pairs[:3]:
        role = member_role(user=request.user, pair=pair) or ""
        charter = Charter.objects.filter(pair=pair).first()
        items.append(
            {
                "pair": pair,
                "partner": partner_of(pair=pair, role=role),
                "next_meeting": selectors.next_meeting(pair=pair),
                "charter_signed": bool(charter and charter.is_signed),
                "open_actions": pair.actions.filter(
                    status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS]
                ).count(),
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


def concerns_panel(request: HttpRequest) -> Panel | None:
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
