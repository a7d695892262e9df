"""Pages for writing custom surveys: create, edit questions (htmx), preview, publish, close."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from upward.access import AuthedRequest
from upward.errors import ServiceError, form_error
from upward.feedback.forms import QuestionForm, SurveyAnswerForm, SurveySettingsForm
from upward.feedback.models import Survey
from upward.feedback.selectors.surveys import (
    answers_count,
    custom_audience_count,
    custom_survey_for_authoring,
    program_for_authoring,
    question_of,
    survey_has_answers,
)
from upward.feedback.services.authoring import (
    CONFIRM,
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


def _lock_state(survey: Survey) -> str:
    """draft: edit freely; confirm: open, edits need confirming; locked: answered or closed."""
    if survey.is_draft:
        return "draft"
    if survey.status == Survey.Status.OPEN and not survey_has_answers(survey=survey):
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
def custom_new(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_for_authoring(user=request.user, slug=slug)
    form = SurveySettingsForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                survey = custom_survey_create(
                    program=program, actor=request.user, settings=form.settings()
                )
            except ServiceError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Draft created. Now add your questions."))
                return redirect("feedback:custom_edit", survey_id=survey.pk)
        status = 422
    return render(
        request, "feedback/custom_new.html", {"program": program, "form": form}, status=status
    )


@login_required
def custom_edit(request: AuthedRequest, survey_id: int) -> HttpResponse:
    survey = custom_survey_for_authoring(user=request.user, survey_id=survey_id)
    context = _builder_context(survey)
    context["people"] = custom_audience_count(survey=survey)
    context["responses"] = answers_count(survey=survey)
    return render(request, "feedback/custom_edit.html", context)


@login_required
def custom_settings(request: AuthedRequest, survey_id: int) -> HttpResponse:
    survey = custom_survey_for_authoring(user=request.user, survey_id=survey_id)
    form = SurveySettingsForm(request.POST or None, survey=survey)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                custom_survey_update(
                    survey=survey,
                    actor=request.user,
                    settings=form.settings(),
                    version=form.cleaned_data.get("version"),
                )
            except ServiceError as exc:
                if not exc.errors:  # the survey's state refused it: nothing to fix on the form
                    messages.error(request, exc.message)
                    return redirect("feedback:custom_edit", survey_id=survey.pk)
                form_error(form, exc)
            else:
                messages.success(request, _("Survey details saved."))
                return redirect("feedback:custom_edit", survey_id=survey.pk)
        status = 422
    return render(
        request,
        "feedback/custom_settings.html",
        {"survey": survey, "program": survey.program, "form": form},
        status=status,
    )


def _builder_response(
    request: AuthedRequest, survey: Survey, form: QuestionForm | None = None, status: int = 200
) -> HttpResponse:
    if request.htmx:
        return render(
            request, "feedback/_builder.html", _builder_context(survey, form), status=status
        )
    if form is not None and form.errors:
        context = _builder_context(survey, form)
        context["people"] = custom_audience_count(survey=survey)
        context["responses"] = answers_count(survey=survey)
        return render(request, "feedback/custom_edit.html", context, status=status)
    return redirect("feedback:custom_edit", survey_id=survey.pk)


def _show_error(form: QuestionForm, exc: ServiceError) -> None:
    # A state refusal belongs at the top of the form, except the one confirming would lift.
    if exc.errors or exc.field == CONFIRM:
        form_error(form, exc)
    else:
        form.add_error(None, exc.message)


@login_required
def question_new(request: AuthedRequest, survey_id: int) -> HttpResponse:
    survey = custom_survey_for_authoring(user=request.user, survey_id=survey_id)
    if request.method != "POST":
        return redirect("feedback:custom_edit", survey_id=survey.pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            question_add(
                survey=survey,
                actor=request.user,
                question=form.question_input(),
                confirm=form.cleaned_data["confirm"],
            )
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            return _builder_response(request, survey)
    return _builder_response(request, survey, form, status=422)


@login_required
def question_edit(request: AuthedRequest, survey_id: int, question_id: int) -> HttpResponse:
    survey = custom_survey_for_authoring(user=request.user, survey_id=survey_id)
    question = question_of(survey=survey, question_id=question_id)
    form = QuestionForm(request.POST or None, question=question)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                question_update(
                    question=question,
                    actor=request.user,
                    changes=form.question_input(),
                    confirm=form.cleaned_data["confirm"],
                    version=form.cleaned_data.get("version"),
                )
            except ServiceError as exc:
                _show_error(form, exc)
                if not exc.errors:
                    status = 422 if exc.field == CONFIRM else exc.status
            else:
                messages.success(request, _("Question saved."))
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


def _confirmed(request: AuthedRequest) -> bool:
    return request.POST.get("confirm") in ("1", "on", "true")


@login_required
def question_remove(request: AuthedRequest, survey_id: int, question_id: int) -> HttpResponse:
    """GET: a confirmation page (works without JavaScript). POST: delete."""
    survey = custom_survey_for_authoring(user=request.user, survey_id=survey_id)
    question = question_of(survey=survey, question_id=question_id)
    lock = _lock_state(survey)
    error = ""
    if request.method == "POST":
        try:
            question_delete(question=question, actor=request.user, confirm=_confirmed(request))
        except ServiceError as exc:
            error = exc.message
        else:
            if request.htmx:
                return _builder_response(request, survey)
            messages.success(request, _("Question deleted."))
            return redirect("feedback:custom_edit", survey_id=survey.pk)
    context = {
        "survey": survey,
        "program": survey.program,
        "title": _("Delete this question?"),
        "body": _("“%(question)s” will be removed from the survey.") % {"question": question.text},
        "action": reverse("feedback:question_delete", args=[survey.pk, question.pk]),
        "button": _("Delete the question"),
        "needs_confirm_box": lock == "confirm",
        "error": error,
    }
    return render(request, "feedback/confirm.html", context, status=409 if error else 200)


@login_required
def question_reorder(request: AuthedRequest, survey_id: int, question_id: int) -> HttpResponse:
    survey = custom_survey_for_authoring(user=request.user, survey_id=survey_id)
    question = question_of(survey=survey, question_id=question_id)
    if request.method != "POST":
        return redirect("feedback:custom_edit", survey_id=survey.pk)
    try:
        question_move(
            question=question,
            actor=request.user,
            direction=request.POST.get("direction", ""),
            confirm=_confirmed(request),
        )
    except ServiceError as exc:
        messages.error(request, "; ".join(exc.errors.values()) or exc.message)
    return _builder_response(request, survey)


@login_required
def preview(request: AuthedRequest, survey_id: int) -> HttpResponse:
    survey = custom_survey_for_authoring(user=request.user, survey_id=survey_id)
    form = SurveyAnswerForm(questions=list(survey.questions.all()))
    return render(
        request,
        "feedback/preview.html",
        {"survey": survey, "program": survey.program, "form": form},
    )


def _state_change(
    request: AuthedRequest,
    survey: Survey,
    *,
    title: str,
    body: str,
    action_name: str,
    button: str,
    run: Callable[[], str],
) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            message = run()
        except ServiceError as exc:
            error = exc.message
        else:
            messages.success(request, message)
            if action_name == "feedback:custom_delete":
                return redirect("feedback:program", slug=survey.program.slug)
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
def publish(request: AuthedRequest, survey_id: int) -> HttpResponse:
    survey = custom_survey_for_authoring(user=request.user, survey_id=survey_id)
    people = custom_audience_count(survey=survey)

    def run() -> str:
        asked = custom_survey_publish(survey=survey, actor=request.user)
        return ngettext(
            "Published: %(n)d person was asked.", "Published: %(n)d people were asked.", asked
        ) % {"n": asked}

    return _state_change(
        request,
        survey,
        title=_("Publish “%(title)s”?") % {"title": survey.title},
        body=ngettext(
            "%(n)d person (%(audience)s who opted in) will find it in their surveys and get "
            "reminders. After publishing, questions can only change with confirmation, and not "
            "at all once someone has answered.",
            "%(n)d people (%(audience)s who opted in) will find it in their surveys and get "
            "reminders. After publishing, questions can only change with confirmation, and not "
            "at all once someone has answered.",
            people,
        )
        % {"n": people, "audience": survey.audience_in_sentence},
        action_name="feedback:custom_publish",
        button=pgettext("verb", "Publish"),
        run=run,
    )


@login_required
def close(request: AuthedRequest, survey_id: int) -> HttpResponse:
    survey = custom_survey_for_authoring(user=request.user, survey_id=survey_id)

    def run() -> str:
        custom_survey_close(survey=survey, actor=request.user)
        return _("Closed. Results stay available; no more answers are taken.")

    return _state_change(
        request,
        survey,
        title=_("Close “%(title)s”?") % {"title": survey.title},
        body=_(
            "People who have not answered yet will no longer be able to. This cannot be undone."
        ),
        action_name="feedback:custom_close",
        button=_("Close the survey"),
        run=run,
    )


@login_required
def delete(request: AuthedRequest, survey_id: int) -> HttpResponse:
    survey = custom_survey_for_authoring(user=request.user, survey_id=survey_id)

    def run() -> str:
        custom_survey_delete(survey=survey, actor=request.user)
        return _("Draft deleted.")

    return _state_change(
        request,
        survey,
        title=_("Delete the draft “%(title)s”?") % {"title": survey.title},
        body=_("The draft and its questions will be deleted. Nobody has been asked yet."),
        action_name="feedback:custom_delete",
        button=_("Delete the draft"),
        run=run,
    )
