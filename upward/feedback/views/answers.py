"""Pages for answering: my surveys, and one survey to answer (or read back, when named)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from upward.access import AuthedRequest, programs_for_insights
from upward.errors import ServiceError, message_error
from upward.feedback.disclosure import privacy_note
from upward.feedback.forms import SurveyAnswerForm
from upward.feedback.models import Survey, SurveyAssignment
from upward.feedback.selectors.assignments import (
    assignment_for_user,
    assignments_for_user,
    own_named_answers,
)
from upward.feedback.services.answers import NO_ASSIGNMENT, survey_answer


@login_required
def my_surveys(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "mine": assignments_for_user(user=request.user, on=today),
        "programs": list(programs_for_insights(user=request.user).order_by("name")),
        "today": today,
    }
    return render(request, "feedback/my_surveys.html", context)


@login_required
def answer(request: AuthedRequest, pk: int) -> HttpResponse:
    assignment = assignment_for_user(user=request.user, pk=pk)
    if assignment is None:
        raise Http404(NO_ASSIGNMENT)
    survey = assignment.survey
    if assignment.status == SurveyAssignment.Status.COMPLETED:
        context = {
            "assignment": assignment,
            "own_answers": own_named_answers(user=request.user, survey=survey),
        }
        return render(request, "feedback/answered.html", context)
    if survey.status != Survey.Status.OPEN:
        return render(request, "feedback/closed.html", {"assignment": assignment}, status=409)
    today = timezone.localdate()
    if today < assignment.opens_on:
        # Their own survey, not open yet: a state, like a closed one, not a refusal.
        return render(request, "feedback/not_open.html", {"assignment": assignment}, status=409)
    questions = list(survey.questions.all())
    form = SurveyAnswerForm(request.POST or None, questions=questions)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                survey_answer(
                    assignment=assignment, actor=request.user, answers=form.answers(), today=today
                )
            except ServiceError as exc:
                message_error(request, exc)
                return redirect("feedback:mine")
            messages.success(
                request,
                _("Thank you. Your answers were saved without your name attached.")
                if survey.anonymous
                else _("Thank you. Your answers were saved; you can read them back here."),
            )
            if not survey.anonymous:
                return redirect("feedback:answer", pk=assignment.pk)
            return redirect("feedback:mine")
        status = 422
    context = {
        "assignment": assignment,
        "survey": survey,
        "form": form,
        "privacy_note": privacy_note(anonymous=survey.anonymous, program=survey.program),
    }
    return render(request, "feedback/answer.html", context, status=status)
