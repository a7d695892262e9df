"""The pair index and the room: members see their pair, coordinators its health."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from upward.access import (
    AuthedRequest,
    PairAccess,
    member_pairs,
    pairs_for_coordinator,
    partner_of,
)
from upward.mentoring import selectors
from upward.mentoring.services import charters
from upward.mentoring.services.meetings import pair_monthly_minutes
from upward.mentoring.timezones import participant_zone
from upward.mentoring.views.common import room_view
from upward.mentoring.views.followup import health_page


@login_required
def pair_index(request: AuthedRequest) -> HttpResponse:
    """My pair(s); coordinators also get the health of the pairs in their programs."""
    mine = member_pairs(user=request.user)
    active = [p for p in mine if p.is_open]
    if len(active) == 1 and len(mine) == 1 and not request.GET.get("all"):
        return redirect("mentoring:room", active[0].pk)
    coordinated = pairs_for_coordinator(user=request.user).order_by(
        "program__name", "leader__person__name"
    )
    page = Paginator(coordinated, 25).get_page(request.GET.get("page"))
    health = selectors.pairs_health(pairs=list(page))
    rows = [(pair, health[pair.pk]) for pair in page]
    return render(
        request,
        "mentoring/index.html",
        {
            "mine": mine,
            "page": page,
            "rows": rows,
            "has_coordinated": coordinated.exists(),
            "ending": selectors.programs_ending_for(user=request.user),
        },
    )


@room_view(content=False)
def room(request: AuthedRequest, access: PairAccess) -> HttpResponse:
    pair = access.pair
    if not access.is_member:
        # Coordinators see health only: dates, counts, statuses. Never content.
        return health_page(request, pair)
    health = selectors.pair_health(pair=pair)
    partner = partner_of(pair=pair, role=access.role)
    charter = charters.charter_get_or_create(pair=pair)
    scheduled = selectors.scheduled_meetings(pair=pair)
    closing_invite = selectors.closing_invitation_for(pair=pair)
    closing_asked = bool(pair.ending_early or closing_invite) and access.can_write
    context = {
        "pair": pair,
        "access": access,
        "role": access.role,
        "partner": partner,
        "partner_tz": str(participant_zone(partner)),
        "charter": charter,
        "next_meeting": scheduled.next,
        "awaiting": scheduled.awaiting[:3],
        "actions": selectors.open_actions_of(user=request.user, pair=pair),
        "goals": selectors.learning_goals_list(user=request.user, pair=pair),
        "health": health,
        "closure_choices": selectors.closure_choices_of(user=request.user, pair=pair),
        "monthly_minutes": pair_monthly_minutes(pair=pair),
        "closing_invite": closing_invite,
        "closing_open": selectors.closing_open_for(pair=pair),
        "i_asked_to_end_early": pair.early_end_by == access.role,
        # Asked only where the page shows it (a pair ending, early or with its program).
        "i_answered_closing": closing_asked
        and pair.closure_choices.filter(role=access.role).exists(),
        "thread": selectors.messages_page(user=request.user, pair=pair, limit=1),
    }
    return render(request, "mentoring/room.html", context)
