"""Home panels: pair health for coordinators, a line of impact for sponsors."""

from __future__ import annotations

from django.http import HttpRequest

from upward.access import programs_for_health, programs_for_insights
from upward.home import Panel
from upward.mentoring.models import Action
from upward.mentoring.selectors.health import (
    AT_RISK,
    NEEDS_CHECKIN,
    RUNNING_PHASES,
    health_summary,
    programs_health,
)
from upward.people.models import User

MAX_PROGRAMS = 5


def health_panel(request: HttpRequest) -> Panel | None:
    """Coordinators (and org admins): pairs at risk or needing a check-in, per running program."""
    if not request.user.is_authenticated:
        return None
    programs = list(
        programs_for_health(user=request.user).filter(phase__in=RUNNING_PHASES)[:MAX_PROGRAMS]
    )
    if not programs:
        return None
    # One engine call for every program's pairs: a constant number of queries for the panel.
    health = programs_health(programs=programs)
    rows = []
    for program in programs:
        summary = health_summary(h for h in health if h.program_id == program.pk)
        rows.append(
            {
                "program": program,
                "at_risk": summary[AT_RISK],
                "checkin": summary[NEEDS_CHECKIN],
                "total": sum(summary.values()),
            }
        )
    return Panel(
        title="Program health",
        template="insights/_panel_health.html",
        context={"rows": rows},
        order=20,
    )


def impact_panel(request: HttpRequest) -> Panel | None:
    """Sponsors: a line of evidence per program, and the way to the dashboard."""
    user = request.user
    if not isinstance(user, User) or not (user.is_sponsor or user.sponsored_programs.exists()):
        return None
    programs = list(
        programs_for_insights(user=user).filter(phase__in=RUNNING_PHASES)[:MAX_PROGRAMS]
    )
    if not programs:
        return None
    rows = []
    for program in programs:
        counts = Action.objects.filter(pair__program=program).exclude(status=Action.Status.DROPPED)
        rows.append(
            {
                "program": program,
                "pairs": program.pairs.filter(status="active").count(),
                "done": counts.filter(status=Action.Status.DONE).count(),
                "committed": counts.count(),
                "changes": program.behaviour_changes.count(),
            }
        )
    return Panel(
        title="Impact", template="insights/_panel_impact.html", context={"rows": rows}, order=20
    )
