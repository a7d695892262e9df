"""Insights pages: dashboards, the health board, exports, the report, behaviour change.

Every program is fetched through `insights.selectors.programs`, which asks `upward.access` and
answers 404 for a program the user may not open.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from upward.access import (
    AuthedRequest,
    can_record_behaviour_change,
    can_view_health,
    can_view_insights,
    programs_for_health,
    programs_for_insights,
)
from upward.errors import ServiceError, form_error
from upward.feedback.forms import CohortFilterForm
from upward.feedback.models import Survey
from upward.feedback.questions import shown
from upward.insights.charts import dashboard_charts
from upward.insights.exports import metrics_csv, metrics_xlsx
from upward.insights.forms import BehaviourChangeForm
from upward.insights.models import BehaviourChange
from upward.insights.selectors import (
    ProgramMetrics,
    program_for_behaviour_change,
    program_for_health,
    program_for_insights,
    program_metrics,
)
from upward.insights.selectors.objectives import objectives_progress
from upward.insights.services import behaviour_change_record
from upward.mentoring.selectors.health import (
    STATUS_BADGES,
    STATUS_LABELS,
    health_summary,
    programs_health,
)
from upward.mentoring.selectors.safety import rematch_wishes
from upward.programs.models import Program


def _shown_figures(metrics: ProgramMetrics) -> dict[str, Any]:
    """What the pages show of the (cached, English) metrics in the reader's language: built-in
    survey titles and the kinds of behaviour change. Figures and people's own words unchanged."""
    kinds = dict(BehaviourChange.Kind.choices)
    return {
        "survey_rates": [
            {**r, "title": r["title"] if r["kind"] == Survey.Kind.CUSTOM else shown(r["title"])}
            for r in metrics.survey_response_rates
        ],
        "recent_changes": [
            {**c, "kind_shown": kinds.get(c["kind"], c["kind_label"])}
            for c in metrics.behaviour_change_recent
        ],
    }


def _cohort(request: AuthedRequest) -> tuple[CohortFilterForm, dt.date | None]:
    form = CohortFilterForm(request.GET or None)
    return form, form.cohort_month()


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    programs = list(programs_for_insights(user=request.user).order_by("name"))
    health_ids = set(programs_for_health(user=request.user).values_list("pk", flat=True))
    if not programs and not health_ids:
        # A feature page, not an object: refusing it reveals nothing about any program.
        raise PermissionDenied(_("Insights are for coordinators, sponsors and org admins."))
    return render(request, "insights/index.html", {"programs": programs, "health_ids": health_ids})


@login_required
def dashboard(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_for_insights(actor=request.user, slug=slug)
    form, cohort = _cohort(request)
    metrics = program_metrics(program=program, cohort_month=cohort)
    context: dict[str, Any] = {
        "program": program,
        "m": metrics,
        "charts": (charts := dashboard_charts(metrics)),
        "chart_specs": [c.spec() for c in charts],
        "progress": objectives_progress(program=program, metrics=metrics),
        "filter_form": form,
        "cohort": cohort,
        "programs": programs_for_insights(user=request.user).order_by("name").only("pk", "name"),
        "can_health": can_view_health(user=request.user, program=program),
        "can_record": can_record_behaviour_change(user=request.user, program=program),
        "query": request.GET.urlencode(),
        "change_counts": [
            (label, metrics.behaviour_change.get(kind, 0))
            for kind, label in BehaviourChange.Kind.choices
        ],
        "status_labels": STATUS_LABELS,
        "status_badges": STATUS_BADGES,
        **_shown_figures(metrics),
    }
    return render(request, "insights/dashboard.html", context)


@login_required
def health_board(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_for_health(actor=request.user, slug=slug)
    rows = programs_health(programs=[program])
    status = request.GET.get("status", "")
    shown = [h for h in rows if h.status == status] if status in STATUS_LABELS else rows
    page = Paginator(shown, 50).get_page(request.GET.get("page"))
    context = {
        "program": program,
        "page": page,
        "summary": (summary := health_summary(rows)),
        "statuses": [
            # English names (gettext_noop in mentoring), shown in the reader's language.
            (key, str(label), STATUS_BADGES[key], summary[key])
            for key, label in STATUS_LABELS.items()
        ],
        "total": len(rows),
        "status": status,
        "rematch_wishes": rematch_wishes(user=request.user, program=program),
        "manage_matching": program.phase in (Program.Phase.ACTIVE, Program.Phase.MATCHING),
    }
    template = "insights/_health_rows.html" if request.htmx else "insights/health.html"
    return render(request, template, context)


def _export_name(program: Program, cohort: dt.date | None, ext: str) -> str:
    suffix = f"-{cohort:%Y-%m}" if cohort else ""
    return f"{program.slug}-metrics{suffix}-{timezone.localdate():%Y%m%d}.{ext}"


@login_required
def export_csv(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_for_insights(actor=request.user, slug=slug)
    _, cohort = _cohort(request)
    body = metrics_csv(program_metrics(program=program, cohort_month=cohort))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{_export_name(program, cohort, "csv")}"'
    )
    return response


@login_required
def export_xlsx(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_for_insights(actor=request.user, slug=slug)
    _, cohort = _cohort(request)
    body = metrics_xlsx(program_metrics(program=program, cohort_month=cohort))
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_export_name(program, cohort, "xlsx")}"'
    )
    return response


@login_required
def report(request: AuthedRequest, slug: str) -> HttpResponse:
    """A printable one-page report for the sponsor (the browser's "Print to PDF" works)."""
    program = program_for_insights(actor=request.user, slug=slug)
    _, cohort = _cohort(request)
    metrics = program_metrics(program=program, cohort_month=cohort)
    context = {
        "program": program,
        "m": metrics,
        "charts": (charts := dashboard_charts(metrics)),
        "chart_specs": [c.spec() for c in charts],
        "progress": objectives_progress(program=program, metrics=metrics),
        "cohort": cohort,
        "status_labels": STATUS_LABELS,
        "open_tables": True,
        **_shown_figures(metrics),
    }
    return render(request, "insights/report.html", context)


@login_required
def behaviour_change_new(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_for_behaviour_change(actor=request.user, slug=slug)
    form = BehaviourChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            behaviour_change_record(
                actor=request.user,
                program=program,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                happened_on=form.cleaned_data["happened_on"],
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request, _("Recorded. It now counts on the program's impact dashboard.")
            )
            if can_view_insights(user=request.user, program=program):
                return redirect("insights:dashboard", slug=program.slug)
            return redirect("feedback:mine")
    status = 422 if request.method == "POST" else 200
    return render(
        request, "insights/behaviour_new.html", {"program": program, "form": form}, status=status
    )
