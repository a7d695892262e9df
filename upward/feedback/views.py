from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from upward.feedback.forms import SurveyAnswerForm
from upward.feedback.models import Survey, SurveyAssignment
from upward.feedback.results import survey_results
from upward.feedback.selectors import (
    assignment_for_user,
    assignments_for_user,
    own_named_answers,
    surveys_of_program,
)
from upward.feedback.services import SurveyError, survey_answer, survey_assignments_sync
from upward.insights.forms import DashboardFilterForm
from upward.insights.selectors import (
    can_manage_surveys,
    can_view_insights,
    programs_for_insights,
)
from upward.programs.models import Program


@login_required
def my_surveys(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "mine": assignments_for_user(user=request.user, on=today),  # type: ignore[arg-type]
        "programs": list(programs_for_insights(user=request.user).order_by("name")),
        "today": today,
    }
    return render(request, "feedback/my_surveys.html", context)


@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]
    if assignment is None:
        raise Http404("No survey of yours with this number.")
    survey = assignment.survey
    if assignment.status == SurveyAssignment.Status.COMPLETED:
        context = {
            "assignment": assignment,
            "own_answers": own_named_answers(user=request.user, survey=survey),  # type: ignore[arg-type]
        }
        return render(request, "feedback/answered.html", context)
    if survey.status != Survey.Status.OPEN:
        return render(request, "feedback/closed.html", {"assignment": assignment}, status=409)
    today = timezone.localdate()
    if today < assignment.opens_on:
        return render(request, "feedback/not_open.html", {"assignment": assignment}, status=403)
    questions = list(survey.questions.all())
    form = SurveyAnswerForm(request.POST or None, questions=questions)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                survey_answer(
                    assignment=assignment,
                    user=request.user,  # type: ignore[arg-type]
                    answers=form.answers(),
                    today=today,
                )
            except SurveyError as exc:
                messages.error(request, exc.message)
                return redirect("feedback:mine")
            messages.success(
                request,
                "Thank you. Your answers were saved without your name attached."
                if survey.anonymous
                else "Thank you. Your answers were saved; you can read them back here.",
            )
            if not survey.anonymous:
                return redirect("feedback:answer", pk=assignment.pk)
            return redirect("feedback:mine")
        status = 422
    context = {"assignment": assignment, "survey": survey, "form": form}
    return render(request, "feedback/answer.html", context, status=status)


def _program_for_insights(request: HttpRequest, program_id: int) -> Program:
    program = get_object_or_404(Program, pk=program_id)
    if not can_view_insights(user=request.user, program=program):
        raise PermissionDenied("Survey results are for the program's coordinators and sponsor.")
    return program


@login_required
def program_surveys(request: HttpRequest, program_id: int) -> HttpResponse:
    program = _program_for_insights(request, program_id)
    can_manage = can_manage_surveys(user=request.user, program=program)
    context = {
        "program": program,
        "surveys": list(surveys_of_program(program=program, include_drafts=can_manage)),
        "can_manage": can_manage,
    }
    return render(request, "feedback/program_surveys.html", context)


@login_required
@require_POST
def schedule_sync(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=program_id)
    if not can_manage_surveys(user=request.user, program=program):
        raise PermissionDenied("Only the program's coordinators schedule check-ins.")
    created = survey_assignments_sync(program=program)
    messages.success(
        request,
        f"Check-ins scheduled: {created} new assignment{'s' if created != 1 else ''}."
        if created
        else "Every pair already has its check-ins scheduled.",
    )
    return redirect("feedback:program", program_id=program.pk)


def parse_cohort(value: str | None) -> dt.date | None:
    form = DashboardFilterForm({"cohort": value or ""})
    if not form.is_valid() or not form.cleaned_data["cohort"]:
        return None
    year, month = form.cleaned_data["cohort"].split("-")
    return dt.date(int(year), int(month), 1)


@login_required
def results(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("program"), pk=survey_id)
    program = _program_for_insights(request, survey.program_id)
    filter_form = DashboardFilterForm(request.GET or None)
    cohort = parse_cohort(request.GET.get("cohort")) if filter_form.is_valid() else None
    context = {
        "program": program,
        "survey": survey,
        "results": survey_results(survey=survey, cohort_month=cohort),
        "filter_form": filter_form,
        "cohort": cohort,
    }
    template = "feedback/_results.html" if request.htmx else "feedback/results.html"  # type: ignore[attr-defined]
    return render(request, template, context)
