from __future__ import annotations

from django.http import HttpRequest

from upward.home import Panel
from upward.insights.health import AT_RISK, NEEDS_CHECKIN, health_summary, pair_health_for_program
from upward.insights.selectors import programs_for_health, programs_for_insights
from upward.mentoring.models import Action
from upward.programs.models import Program

RUNNING = (Program.Phase.ACTIVE, Program.Phase.CLOSING)
MAX_PROGRAMS = 5


def health_panel(request: HttpRequest) -> Panel | None:
    """Coordinators (and org admins): pairs at risk or needing a check-in, per running program."""
    if not request.user.is_authenticated:
        return None
    programs = list(programs_for_health(user=request.user).filter(phase__in=RUNNING)[:MAX_PROGRAMS])
    if not programs:
        return None
    rows = []
    for program in programs:
        summary = health_summary(pair_health_for_program(program=program))
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
    if not user.is_authenticated or not (user.is_sponsor or user.sponsored_programs.exists()):  # type: ignore[union-attr]
        return None
    programs = list(programs_for_insights(user=user).filter(phase__in=RUNNING)[:MAX_PROGRAMS])
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
