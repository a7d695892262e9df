"""/api/v1/programs/{id}/surveys: surveys with counts and (above the threshold) results;
answering one's own assignment."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from upward.api.errors import ApiError, field_error
from upward.feedback.models import Survey, SurveyAssignment
from upward.feedback.results import survey_results
from upward.feedback.selectors import surveys_of_program
from upward.feedback.services import AnswerInput, AnswersInvalid, SurveyError, survey_answer
from upward.insights.selectors import can_view_insights
from upward.people.models import User
from upward.programs.models import Program

router = Router(tags=["surveys"])


class QuestionOut(Schema):
    id: int
    order: int
    text: str
    kind: str
    choices: list[str]
    measures: str = Field(description="The construct the question measures, if any.")
    required: bool


class AssignmentOut(Schema):
    id: int
    pair_id: int | None
    due_on: dt.date
    opens_on: dt.date
    status: str


class SurveyOut(Schema):
    id: int
    kind: str
    audience: str
    title: str
    intro: str
    questions: list[QuestionOut]
    asked: int | None = None
    response_count: int | None = None
    results: dict[str, Any] | None = None
    my_assignments: list[AssignmentOut] = []


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


def _questions(survey: Survey) -> list[QuestionOut]:
    return [
        QuestionOut(
            id=q.pk,
            order=q.order,
            text=q.text,
            kind=q.kind,
            choices=list(q.choices or []),
            measures=q.construct,
            required=q.required,
        )
        for q in survey.questions.all()
    ]


def _assignment_out(a: SurveyAssignment) -> AssignmentOut:
    return AssignmentOut(
        id=a.pk, pair_id=a.pair_id, due_on=a.due_on, opens_on=a.opens_on, status=a.status
    )


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
        surveys = list(surveys_of_program(program=program).prefetch_related("questions"))
        return [
            SurveyOut(
                id=s.pk,
                kind=s.kind,
                audience=s.audience,
                title=s.title,
                intro=s.intro,
                questions=_questions(s),
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
            by_survey[s.pk] = SurveyOut(
                id=s.pk,
                kind=s.kind,
                audience=s.audience,
                title=s.title,
                intro=s.intro,
                questions=_questions(s),
            )
        by_survey[s.pk].my_assignments.append(_assignment_out(a))
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
