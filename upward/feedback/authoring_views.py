"""Pages for writing custom surveys: create, edit questions (htmx), preview, publish, close."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from upward.feedback.authoring import (
    NeedsConfirmation,
    SurveyInvalid,
    custom_survey_close,
    custom_survey_create,
    custom_survey_delete,
    custom_survey_publish,
    custom_survey_update,
    question_add,
    question_delete,
    question_move,
    question_update,
)
from upward.feedback.forms import QuestionForm, SurveyAnswerForm, SurveySettingsForm
from upward.feedback.models import Question, Response, Survey
from upward.feedback.selectors import custom_audience_count
from upward.feedback.services import SurveyError
from upward.insights.selectors import can_manage_surveys
from upward.people.models import User
from upward.programs.models import Program


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _managed_program(request: HttpRequest, program_id: int) -> Program:
    program = get_object_or_404(Program, pk=program_id)
    if not can_manage_surveys(user=request.user, program=program):
        raise PermissionDenied("Only the program's coordinators and org admins write surveys.")
    return program


def _managed_survey(request: HttpRequest, survey_id: int) -> Survey:
    survey = get_object_or_404(
        Survey.objects.select_related("program"), pk=survey_id, kind=Survey.Kind.CUSTOM
    )
    _managed_program(request, survey.program_id)
    return survey


def _lock_state(survey: Survey) -> str:
    """draft: edit freely; confirm: open, edits need confirming; locked: answered or closed."""
    if survey.is_draft:
        return "draft"
    if survey.status == Survey.Status.OPEN and not Response.objects.filter(survey=survey).exists():
        return "confirm"
    return "locked"


def _builder_context(survey: Survey, form: QuestionForm | None = None) -> dict[str, Any]:
    return {
        "survey": survey,
        "program": survey.program,
        "questions": list(survey.questions.all()),
        "form": form or QuestionForm(),
        "lock": _lock_state(survey),
    }


@login_required
def custom_new(request: HttpRequest, program_id: int) -> HttpResponse:
    program = _managed_program(request, program_id)
    form = SurveySettingsForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                survey = custom_survey_create(
                    program=program, user=_user(request), settings=form.settings()
                )
            except SurveyInvalid as exc:
                form.add_service_errors(exc.errors)
            else:
                messages.success(request, "Draft created. Now add your questions.")
                return redirect("feedback:custom_edit", survey_id=survey.pk)
        status = 422
    return render(
        request, "feedback/custom_new.html", {"program": program, "form": form}, status=status
    )


@login_required
def custom_edit(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _managed_survey(request, survey_id)
    context = _builder_context(survey)
    context["people"] = custom_audience_count(survey=survey)
    context["responses"] = Response.objects.filter(survey=survey).count()
    return render(request, "feedback/custom_edit.html", context)


@login_required
def custom_settings(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _managed_survey(request, survey_id)
    form = SurveySettingsForm(request.POST or None, survey=survey)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                custom_survey_update(survey=survey, user=_user(request), settings=form.settings())
            except SurveyInvalid as exc:
                form.add_service_errors(exc.errors)
            except SurveyError as exc:
                messages.error(request, exc.message)
                return redirect("feedback:custom_edit", survey_id=survey.pk)
            else:
                messages.success(request, "Survey details saved.")
                return redirect("feedback:custom_edit", survey_id=survey.pk)
        status = 422
    return render(
        request,
        "feedback/custom_settings.html",
        {"survey": survey, "program": survey.program, "form": form},
        status=status,
    )


def _builder_response(
    request: HttpRequest, survey: Survey, form: QuestionForm | None = None, status: int = 200
) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request, "feedback/_builder.html", _builder_context(survey, form), status=status
        )
    if form is not None and form.errors:
        context = _builder_context(survey, form)
        context["people"] = custom_audience_count(survey=survey)
        context["responses"] = Response.objects.filter(survey=survey).count()
        return render(request, "feedback/custom_edit.html", context, status=status)
    return redirect("feedback:custom_edit", survey_id=survey.pk)


def _report_state_error(request: HttpRequest, form: QuestionForm, exc: SurveyError) -> None:
    if isinstance(exc, NeedsConfirmation):
        form.add_error("confirm", exc.message)
    else:
        form.add_error(None, exc.message)


@login_required
def question_new(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _managed_survey(request, survey_id)
    if request.method != "POST":
        return redirect("feedback:custom_edit", survey_id=survey.pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            question_add(
                survey=survey,
                user=_user(request),
                question=form.question_input(),
                confirm=form.cleaned_data["confirm"],
            )
        except SurveyInvalid as exc:
            form.add_service_errors(exc.errors)
        except SurveyError as exc:
            _report_state_error(request, form, exc)
        else:
            return _builder_response(request, survey)
    return _builder_response(request, survey, form, status=422)


def _question(survey: Survey, question_id: int) -> Question:
    return get_object_or_404(Question, pk=question_id, survey=survey)


@login_required
def question_edit(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    survey = _managed_survey(request, survey_id)
    question = _question(survey, question_id)
    form = QuestionForm(request.POST or None, question=question)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                question_update(
                    question=question,
                    user=_user(request),
                    changes=form.question_input(),
                    confirm=form.cleaned_data["confirm"],
                )
            except SurveyInvalid as exc:
                form.add_service_errors(exc.errors)
            except SurveyError as exc:
                _report_state_error(request, form, exc)
                status = 422 if isinstance(exc, NeedsConfirmation) else exc.status
            else:
                messages.success(request, "Question saved.")
                return redirect("feedback:custom_edit", survey_id=survey.pk)
        status = 422 if status == 200 else status
    context = {
        "survey": survey,
        "program": survey.program,
        "question": question,
        "form": form,
        "lock": _lock_state(survey),
    }
    return render(request, "feedback/question_edit.html", context, status=status)


def _confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirm") in ("1", "on", "true")


@login_required
def question_remove(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    """GET: a confirmation page (works without JavaScript). POST: delete."""
    survey = _managed_survey(request, survey_id)
    question = _question(survey, question_id)
    lock = _lock_state(survey)
    error = ""
    if request.method == "POST":
        try:
            question_delete(question=question, user=_user(request), confirm=_confirmed(request))
        except SurveyError as exc:
            error = exc.message
        else:
            if request.htmx:  # type: ignore[attr-defined]
                return _builder_response(request, survey)
            messages.success(request, "Question deleted.")
            return redirect("feedback:custom_edit", survey_id=survey.pk)
    context = {
        "survey": survey,
        "program": survey.program,
        "title": "Delete this question?",
        "body": f"“{question.text}” will be removed from the survey.",
        "action": reverse("feedback:question_delete", args=[survey.pk, question.pk]),
        "button": "Delete the question",
        "needs_confirm_box": lock == "confirm",
        "error": error,
    }
    return render(request, "feedback/confirm.html", context, status=409 if error else 200)


@login_required
def question_reorder(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    survey = _managed_survey(request, survey_id)
    question = _question(survey, question_id)
    if request.method != "POST":
        return redirect("feedback:custom_edit", survey_id=survey.pk)
    try:
        question_move(
            question=question,
            user=_user(request),
            direction=request.POST.get("direction", ""),
            confirm=_confirmed(request),
        )
    except SurveyInvalid as exc:
        messages.error(request, "; ".join(exc.errors.values()))
    except SurveyError as exc:
        messages.error(request, exc.message)
    return _builder_response(request, survey)


@login_required
def preview(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _managed_survey(request, survey_id)
    form = SurveyAnswerForm(questions=list(survey.questions.all()))
    return render(
        request,
        "feedback/preview.html",
        {"survey": survey, "program": survey.program, "form": form},
    )


def _state_change(
    request: HttpRequest,
    survey: Survey,
    *,
    title: str,
    body: str,
    action_name: str,
    button: str,
    run: Any,
) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            message = run()
        except SurveyInvalid as exc:
            error = " ".join(exc.errors.values())
        except SurveyError as exc:
            error = exc.message
        else:
            messages.success(request, message)
            if action_name == "feedback:custom_delete":
                return redirect("feedback:program", program_id=survey.program_id)
            return redirect("feedback:custom_edit", survey_id=survey.pk)
    context = {
        "survey": survey,
        "program": survey.program,
        "title": title,
        "body": body,
        "action": reverse(action_name, args=[survey.pk]),
        "button": button,
        "error": error,
    }
    return render(request, "feedback/confirm.html", context, status=409 if error else 200)


@login_required
def publish(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _managed_survey(request, survey_id)
    people = custom_audience_count(survey=survey)

    def run() -> str:
        asked = custom_survey_publish(survey=survey, user=_user(request))
        return f"Published: {asked} {'person was' if asked == 1 else 'people were'} asked."

    return _state_change(
        request,
        survey,
        title=f"Publish “{survey.title}”?",
        body=f"{people} {'person' if people == 1 else 'people'} "
        f"({survey.get_audience_display().lower()} who opted in) will find it in their surveys "
        f"and get reminders. After publishing, questions can only change with confirmation, "
        "and not at all once someone has answered.",
        action_name="feedback:custom_publish",
        button="Publish",
        run=run,
    )


@login_required
def close(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _managed_survey(request, survey_id)

    def run() -> str:
        custom_survey_close(survey=survey, user=_user(request))
        return "Closed. Results stay available; no more answers are taken."

    return _state_change(
        request,
        survey,
        title=f"Close “{survey.title}”?",
        body="People who have not answered yet will no longer be able to. This cannot be undone.",
        action_name="feedback:custom_close",
        button="Close the survey",
        run=run,
    )


@login_required
def delete(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _managed_survey(request, survey_id)

    def run() -> str:
        custom_survey_delete(survey=survey, user=_user(request))
        return "Draft deleted."

    return _state_change(
        request,
        survey,
        title=f"Delete the draft “{survey.title}”?",
        body="The draft and its questions will be deleted. Nobody has been asked yet.",
        action_name="feedback:custom_delete",
        button="Delete the draft",
        run=run,
    )
