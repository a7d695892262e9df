"""/api/v1/programs/{id}/surveys: surveys with counts and (above the threshold) results;
answering one's own assignment; writing custom surveys and their questions (coordinators of the
program and org admins; see `feedback.authoring` for the rules)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import cast

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from upward.api.errors import ApiError, field_error
from upward.api.survey_schemas import (
    OrderIn,
    QuestionIn,
    QuestionOut,
    QuestionPatch,
    SurveyIn,
    SurveyOut,
    SurveyPatch,
    assignment_out,
    invalid,
    question_out,
    state_error,
    survey_out,
)
from upward.feedback.authoring import (
    SurveyInvalid,
    custom_survey_close,
    custom_survey_create,
    custom_survey_delete,
    custom_survey_publish,
    custom_survey_update,
    question_add,
    question_delete,
    question_update,
    questions_reorder,
)
from upward.feedback.models import Question, Survey, SurveyAssignment
from upward.feedback.results import survey_results
from upward.feedback.selectors import surveys_of_program
from upward.feedback.services import AnswerInput, AnswersInvalid, SurveyError, survey_answer
from upward.insights.selectors import can_manage_surveys, can_view_insights
from upward.people.models import User
from upward.programs.models import Program

router = Router(tags=["surveys"])


class CohortFilter(Schema):
    cohort: str = Field("", pattern=r"^(\d{4}-(0[1-9]|1[0-2]))?$", description="YYYY-MM")
    include_results: bool = True


def parse_cohort(value: str) -> dt.date | None:
    if not value:
        return None
    year, month = value.split("-")
    return dt.date(int(year), int(month), 1)


def _me(request: HttpRequest) -> User:
    # Every endpoint here requires authentication (the API's global auth), so this is a User.
    return cast(User, request.user)


@router.get(
    "/{program_id}/surveys",
    response=list[SurveyOut],
    summary="Surveys of a program: counts and aggregated results, or your own assignments",
)
def list_surveys(
    request: HttpRequest, program_id: int, filters: Query[CohortFilter]
) -> list[SurveyOut]:
    """Coordinators, sponsors and org admins get counts and results (results only for groups of
    at least the anonymity threshold; smaller groups come back `suppressed`). Leaders and mentors
    get the surveys they were asked to answer, with their own assignments and no results."""
    program = get_object_or_404(Program, pk=program_id)
    cohort = parse_cohort(filters.cohort)
    if can_view_insights(user=request.user, program=program):
        drafts = can_manage_surveys(user=request.user, program=program)
        surveys = list(
            surveys_of_program(program=program, include_drafts=drafts).prefetch_related("questions")
        )
        return [
            survey_out(
                s,
                asked=s.asked,  # type: ignore[attr-defined]
                response_count=s.response_count,  # type: ignore[attr-defined]
                results=asdict(survey_results(survey=s, cohort_month=cohort))
                if filters.include_results
                else None,
            )
            for s in surveys
        ]
    mine = list(
        SurveyAssignment.objects.filter(survey__program=program, participant__user=_me(request))
        .select_related("survey")
        .prefetch_related("survey__questions")
        .order_by("due_on", "pk")
    )
    if not mine:
        raise PermissionDenied("You have no surveys in this program.")
    by_survey: dict[int, SurveyOut] = {}
    for a in mine:
        s = a.survey
        if s.pk not in by_survey:
            by_survey[s.pk] = survey_out(s)
        by_survey[s.pk].my_assignments.append(assignment_out(a))
    return list(by_survey.values())


class AnswerIn(Schema):
    question_id: int
    value: int | None = None
    choices: list[str] = []
    text: str = ""
    may_quote: bool = False


class ResponseIn(Schema):
    assignment_id: int | None = Field(
        None, description="Needed only if you have several open assignments for this survey."
    )
    answers: list[AnswerIn]


class ResponseOut(Schema):
    assignment_id: int
    status: str
    detail: str


@router.post(
    "/{program_id}/surveys/{survey_id}/responses",
    response={201: ResponseOut},
    summary="Answer your own survey assignment (anonymously)",
)
def answer_survey(
    request: HttpRequest, program_id: int, survey_id: int, payload: ResponseIn
) -> Status[ResponseOut]:
    survey = Survey.objects.filter(pk=survey_id, program_id=program_id).first()
    if survey is None:
        raise Http404("No such survey in this program.")
    mine = SurveyAssignment.objects.filter(
        survey=survey, participant__user=_me(request)
    ).select_related("survey", "participant", "pair")
    if payload.assignment_id is not None:
        assignment = mine.filter(pk=payload.assignment_id).first()
        if assignment is None:
            raise field_error(
                "assignment_id", "Not one of your assignments for this survey.", status=404
            )
    else:
        pending = list(mine.filter(status=SurveyAssignment.Status.PENDING)[:2])
        if not pending:
            if mine.exists():
                raise field_error(
                    "assignment_id", "You have already answered this survey.", status=409
                )
            raise PermissionDenied("This survey was not sent to you.")
        if len(pending) > 1:
            raise field_error(
                "assignment_id", "You have several open assignments; say which one you answer."
            )
        assignment = pending[0]
    seen: set[int] = set()
    answers: dict[int, AnswerInput] = {}
    for index, a in enumerate(payload.answers):
        if a.question_id in seen:
            raise field_error(
                f"answers.{index}.question_id", "This question is answered twice.", status=422
            )
        seen.add(a.question_id)
        answers[a.question_id] = AnswerInput(
            value=a.value, choices=list(a.choices), text=a.text, may_quote=a.may_quote
        )
    try:
        survey_answer(
            assignment=assignment,
            user=_me(request),
            answers=answers,
            today=timezone.localdate(),
        )
    except AnswersInvalid as exc:
        errors: list[dict[str, object]] = [
            {"field": f"answers.{name}", "message": message} for name, message in exc.errors.items()
        ]
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        raise ApiError(f"Invalid input: {summary}", status=422, errors=errors) from exc
    except SurveyError as exc:
        raise field_error(exc.field, exc.message, status=exc.status) from exc
    return Status(
        201,
        ResponseOut(
            assignment_id=assignment.pk,
            status=SurveyAssignment.Status.COMPLETED,
            detail="Saved anonymously: only the fact that you answered is recorded.",
        ),
    )


# --- Custom surveys: write, publish, close (coordinators of the program and org admins) ---


def _managed_program(request: HttpRequest, program_id: int) -> Program:
    program = get_object_or_404(Program, pk=program_id)
    if not can_manage_surveys(user=request.user, program=program):
        raise PermissionDenied("Only the program's coordinators and org admins write surveys.")
    return program


def _survey_in(request: HttpRequest, program_id: int, survey_id: int) -> Survey:
    """A survey of the program that the caller may see (drafts only for those who manage)."""
    program = get_object_or_404(Program, pk=program_id)
    survey = Survey.objects.filter(pk=survey_id, program=program).select_related("program").first()
    if survey is None:
        raise Http404("No such survey in this program.")
    manager = can_manage_surveys(user=request.user, program=program)
    if survey.is_draft and not manager:
        raise Http404("No such survey in this program.")
    if (
        not manager
        and not can_view_insights(user=request.user, program=program)
        and not survey.assignments.filter(participant__user=_me(request)).exists()
    ):
        raise PermissionDenied("This survey was not sent to you.")
    return survey


def _custom_survey(request: HttpRequest, program_id: int, survey_id: int) -> Survey:
    _managed_program(request, program_id)
    survey = _survey_in(request, program_id, survey_id)
    if not survey.is_custom:
        raise field_error(
            "survey_id", "Check-ins use the shared question sets and cannot be edited.", status=409
        )
    return survey


@router.post(
    "/{program_id}/surveys",
    response={201: SurveyOut},
    summary="Create a custom survey (a draft), optionally with its first questions",
)
def create_survey(request: HttpRequest, program_id: int, payload: SurveyIn) -> Status[SurveyOut]:
    program = _managed_program(request, program_id)
    try:
        with transaction.atomic():
            survey = custom_survey_create(
                program=program, user=_me(request), settings=payload.settings()
            )
            for index, q in enumerate(payload.questions):
                try:
                    question_add(survey=survey, user=_me(request), question=q.to_input())
                except SurveyInvalid as exc:
                    raise invalid(exc, prefix=f"questions.{index}.") from exc
    except SurveyInvalid as exc:
        raise invalid(exc) from exc
    return Status(201, survey_out(survey))


@router.get(
    "/{program_id}/surveys/{survey_id}",
    response=SurveyOut,
    summary="One survey: its questions, and counts and results for those who may see them",
)
def get_survey(
    request: HttpRequest, program_id: int, survey_id: int, filters: Query[CohortFilter]
) -> SurveyOut:
    survey = _survey_in(request, program_id, survey_id)
    if can_view_insights(user=request.user, program=survey.program):
        row = surveys_of_program(program=survey.program, include_drafts=True).get(pk=survey.pk)
        return survey_out(
            survey,
            asked=row.asked,  # type: ignore[attr-defined]
            response_count=row.response_count,  # type: ignore[attr-defined]
            results=asdict(survey_results(survey=survey, cohort_month=parse_cohort(filters.cohort)))
            if filters.include_results
            else None,
        )
    mine = survey.assignments.filter(participant__user=_me(request)).order_by("due_on", "pk")
    return survey_out(survey, my_assignments=[assignment_out(a) for a in mine])


@router.patch(
    "/{program_id}/surveys/{survey_id}",
    response=SurveyOut,
    summary="Edit a custom survey; `status: open` publishes it, `status: closed` closes it",
)
def patch_survey(
    request: HttpRequest, program_id: int, survey_id: int, payload: SurveyPatch
) -> SurveyOut:
    survey = _custom_survey(request, program_id, survey_id)
    changes = payload.dict(exclude_unset=True)
    status = changes.pop("status", None)
    try:
        if changes:
            custom_survey_update(survey=survey, user=_me(request), settings=payload.merged(survey))
        if status == Survey.Status.OPEN and survey.status != Survey.Status.OPEN:
            custom_survey_publish(survey=survey, user=_me(request))
        elif status == Survey.Status.CLOSED and survey.status != Survey.Status.CLOSED:
            custom_survey_close(survey=survey, user=_me(request))
    except SurveyInvalid as exc:
        raise invalid(exc) from exc
    except SurveyError as exc:
        raise state_error(exc) from exc
    survey.refresh_from_db()
    return survey_out(survey)


@router.delete(
    "/{program_id}/surveys/{survey_id}",
    response={204: None},
    summary="Delete a draft custom survey",
)
def delete_survey(request: HttpRequest, program_id: int, survey_id: int) -> Status[None]:
    survey = _custom_survey(request, program_id, survey_id)
    try:
        custom_survey_delete(survey=survey, user=_me(request))
    except SurveyError as exc:
        raise state_error(exc) from exc
    return Status(204, None)


class ConfirmQuery(Schema):
    confirm: bool = Field(
        False, description="Needed to change the questions of a survey that is already open."
    )


@router.get(
    "/{program_id}/surveys/{survey_id}/questions",
    response=list[QuestionOut],
    summary="The questions of a survey, in order",
)
def list_questions(request: HttpRequest, program_id: int, survey_id: int) -> list[QuestionOut]:
    survey = _survey_in(request, program_id, survey_id)
    return [question_out(q) for q in survey.questions.all()]


@router.post(
    "/{program_id}/surveys/{survey_id}/questions",
    response={201: QuestionOut},
    summary="Add a question at the end of a custom survey",
)
def add_question(
    request: HttpRequest,
    program_id: int,
    survey_id: int,
    payload: QuestionIn,
    options: Query[ConfirmQuery],
) -> Status[QuestionOut]:
    survey = _custom_survey(request, program_id, survey_id)
    try:
        q = question_add(
            survey=survey, user=_me(request), question=payload.to_input(), confirm=options.confirm
        )
    except SurveyInvalid as exc:
        raise invalid(exc) from exc
    except SurveyError as exc:
        raise state_error(exc) from exc
    return Status(201, question_out(q))


@router.put(
    "/{program_id}/surveys/{survey_id}/questions/order",
    response=list[QuestionOut],
    summary="Reorder the questions of a custom survey",
)
def reorder_questions(
    request: HttpRequest, program_id: int, survey_id: int, payload: OrderIn
) -> list[QuestionOut]:
    survey = _custom_survey(request, program_id, survey_id)
    try:
        ordered = questions_reorder(
            survey=survey, user=_me(request), order=payload.order, confirm=payload.confirm
        )
    except SurveyInvalid as exc:
        raise invalid(exc) from exc
    except SurveyError as exc:
        raise state_error(exc) from exc
    return [question_out(q) for q in ordered]


def _question_of(survey: Survey, question_id: int) -> Question:
    question = Question.objects.filter(pk=question_id, survey=survey).first()
    if question is None:
        raise Http404("No such question in this survey.")
    return question


@router.patch(
    "/{program_id}/surveys/{survey_id}/questions/{question_id}",
    response=QuestionOut,
    summary="Change a question of a custom survey",
)
def patch_question(
    request: HttpRequest,
    program_id: int,
    survey_id: int,
    question_id: int,
    payload: QuestionPatch,
    options: Query[ConfirmQuery],
) -> QuestionOut:
    survey = _custom_survey(request, program_id, survey_id)
    question = _question_of(survey, question_id)
    try:
        q = question_update(
            question=question,
            user=_me(request),
            changes=payload.merged(question),
            confirm=options.confirm,
        )
    except SurveyInvalid as exc:
        raise invalid(exc) from exc
    except SurveyError as exc:
        raise state_error(exc) from exc
    return question_out(q)


@router.delete(
    "/{program_id}/surveys/{survey_id}/questions/{question_id}",
    response={204: None},
    summary="Delete a question of a custom survey",
)
def delete_question(
    request: HttpRequest,
    program_id: int,
    survey_id: int,
    question_id: int,
    options: Query[ConfirmQuery],
) -> Status[None]:
    survey = _custom_survey(request, program_id, survey_id)
    question = _question_of(survey, question_id)
    try:
        question_delete(question=question, user=_me(request), confirm=options.confirm)
    except SurveyError as exc:
        raise state_error(exc) from exc
    return Status(204, None)
