"""Home panels: pair health for coordinators, each program's impact in charts for sponsors."""

from __future__ import annotations

from django.db.models import Case, When
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from upward.access import (
    SPONSOR,
    coordinator_like,
    programs_for_health,
    programs_for_insights,
    user_roles,
)
from upward.home import Panel
from upward.insights.charts import sponsor_charts
from upward.insights.selectors.metrics import program_metrics
from upward.insights.selectors.objectives import (
    NO_DATA,
    UNMEASURED,
    objectives_progress,
    status_counts,
)
from upward.mentoring.selectors.health import (
    AT_RISK,
    NEEDS_CHECKIN,
    RUNNING_PHASES,
    health_summary,
    programs_health,
)
from upward.mentoring.selectors.safety import rematch_wishes_in
from upward.people.models import User
from upward.programs.models import Program

MAX_PROGRAMS = 5
# A sponsor's home shows programs with figures: running ones, and closed ones with their report.
SPONSOR_PHASES = (*RUNNING_PHASES, Program.Phase.CLOSED)


def health_panel(request: HttpRequest) -> Panel | None:
    """Coordinators (and org admins): pairs at risk or needing a check-in, per running program."""
    if not coordinator_like(request.user):
        return None  # every leader's and mentor's home asks: no queryset built to find none
    programs = list(
        programs_for_health(user=request.user).filter(phase__in=RUNNING_PHASES)[:MAX_PROGRAMS]
    )
    if not programs:
        return None
    # One engine call for every program's pairs: a constant number of queries for the panel.
    health = programs_health(programs=programs)
    wishes = rematch_wishes_in(programs=programs)
    rows = []
    for program in programs:
        summary = health_summary(h for h in health if h.program_id == program.pk)
        waiting = sum(1 for w in wishes if w.program_id == program.pk)
        total = sum(summary.values())
        rows.append(
            {
                "program": program,
                "at_risk": summary[AT_RISK],
                "checkin": summary[NEEDS_CHECKIN],
                "total": total,
                "waiting": ngettext(
                    "%(n)d person waiting for a new partner",
                    "%(n)d people waiting for a new partner",
                    waiting,
                )
                % {"n": waiting}
                if waiting
                else "",
                # Only "fine" when there is something to be fine: pairs running, none flagged.
                "fine": (
                    ngettext("the pair is fine", "all %(n)d pairs fine", total) % {"n": total}
                    if total and not summary[AT_RISK] and not summary[NEEDS_CHECKIN]
                    else ""
                ),
                "none_running": _("no pairs running") if not total else "",
            }
        )
    return Panel(
        title=_("Program health"),
        template="insights/_panel_health.html",
        context={"rows": rows},
        order=20,
    )


def impact_panel(request: HttpRequest) -> Panel | None:
    """Sponsors: each running or recently closed program's headline figures, as charts with
    their tables, progress against objectives, and the way to each dashboard and report."""
    user = request.user
    # The sponsor flag or a sponsored program: the per-request roles already know.
    if not isinstance(user, User) or SPONSOR not in user_roles(user):
        return None
    programs = list(
        programs_for_insights(user=user)
        .filter(phase__in=SPONSOR_PHASES)
        # Running programs first, then the closed ones, the newest first within each. An
        # annotation, not an expression in ORDER BY: with server-side parameters (prepared
        # statements, settings.py) PostgreSQL cannot match an ORDER BY expression carrying
        # parameters to the SELECT DISTINCT list.
        .annotate(_closed_last=Case(When(phase=Program.Phase.CLOSED, then=1), default=0))
        .order_by("_closed_last", "-starts_on", "name")[:MAX_PROGRAMS]
    )
    if not programs:
        return None
    rows = []
    for program in programs:
        metrics = program_metrics(program=program)
        progress = objectives_progress(program=program, metrics=metrics)
        counts = status_counts(progress)
        counts[NO_DATA] += counts.pop(UNMEASURED)
        rows.append(
            {
                "program": program,
                "m": metrics,
                "objectives": counts,
                "objectives_total": len(progress),
            }
        )
    charts = sponsor_charts(rows)
    return Panel(
        title=_("Impact"),
        template="insights/_panel_impact.html",
        context={"rows": rows, "charts": charts, "chart_specs": [c.spec() for c in charts]},
        order=20,
        wide=True,
        scripts=("vendor/chart.umd.min.js", "insights/charts.js"),
        styles=("insights/insights.css",),
    )
