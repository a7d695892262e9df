from __future__ import annotations

from django.http import HttpRequest

from upward.access import member_role, pairs_of_member, partner_of
from upward.home import Panel
from upward.mentoring import selectors
from upward.mentoring.models import Action, Charter, Concern
from upward.mentoring.timezones import user_zone


def pair_panel(request: HttpRequest) -> Panel | None:
    """'Your pair' for leaders and mentors: partner, next meeting, charter, open actions."""
    pairs = [p for p in pairs_of_member(user=request.user) if p.is_open]
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
        title="Your pair" if len(items) == 1 else "Your pairs",
        template="mentoring/_panel_pair.html",
        context={"pairs": items, "tz": str(user_zone(request.user))},
        order=10,
    )


def concerns_panel(request: HttpRequest) -> Panel | None:
    if not selectors.concern_inbox_programs(user=request.user).exists():
        return None
    concerns = selectors.concerns_for_coordinator(user=request.user)
    return Panel(
        title="Concerns and pair health",
        template="mentoring/_panel_concerns.html",
        context={"open": concerns.exclude(status=Concern.Status.RESOLVED).count()},
        order=30,
    )
