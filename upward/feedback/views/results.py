"""Pages for a program's surveys: the list with counts, scheduling check-ins, and results
(aggregates above the anonymity threshold)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from upward.access import AuthedRequest, can_manage
from upward.feedback.forms import CohortFilterForm
from upward.feedback.selectors.results import survey_results
from upward.feedback.selectors.surveys import (
    program_for_authoring,
    program_for_results,
    survey_for_results,
    surveys_of_program,
)
from upward.feedback.services.schedule import program_surveys_schedule


@login_required
def program_surveys(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_for_results(user=request.user, slug=slug)
    manages = can_manage(user=request.user, program=program)
    context = {
        "program": program,
        "surveys": list(surveys_of_program(program=program, include_drafts=manages)),
        "can_manage": manages,
    }
    return render(request, "feedback/program_surveys.html", context)


@login_required
@require_POST
def schedule_sync(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_for_authoring(user=request.user, slug=slug)
    created = program_surveys_schedule(actor=request.user, program=program)
    messages.success(
        request,
        ngettext(
            "Check-ins scheduled: %(n)d new assignment.",
            "Check-ins scheduled: %(n)d new assignments.",
            created,
        )
        % {"n": created}
        if created
        else _("Every pair already has its check-ins scheduled."),
    )
    return redirect("feedback:program", slug=program.slug)


@login_required
def results(request: AuthedRequest, survey_id: int) -> HttpResponse:
    survey = survey_for_results(user=request.user, survey_id=survey_id)
    filter_form = CohortFilterForm(request.GET or None)
    cohort = filter_form.cohort_month()
    role = filter_form.role_value()
    context = {
        "program": survey.program,
        "survey": survey,
        "results": survey_results(survey=survey, cohort_month=cohort, role=role),
        "filter_form": filter_form,
        "cohort": cohort,
        "role": role,
    }
    template = "feedback/_results.html" if request.htmx else "feedback/results.html"
    return render(request, template, context)
