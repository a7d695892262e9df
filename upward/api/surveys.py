"""/api/v1/programs/{id}/surveys: surveys with counts and (above the threshold) results;
answering one's own assignment; writing custom surveys and their questions (coordinators of the
program and org admins; see `feedback.authoring` for the rules)."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Literal

from django.db.models import QuerySet
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from upward.access import AuthedRequest, can_manage, can_view_insights
from upward.api.survey_schemas import (
    OrderIn,
    QuestionIn,
    QuestionOut,
    QuestionPatch,
    SurveyIn,
    SurveyOut,
    SurveyPatch,
    assignment_out,
    question_out,
    survey_out,
)
from upward.errors import ServiceError
from upward.feedback.forms import parse_cohort
from upward.feedback.models import Survey, SurveyAssignment
from upward.feedback.selectors.assignments import assignment_to_answer, my_assignments_in_program
from upward.feedback.selectors.results import survey_results
from upward.feedback.selectors.surveys import (
    program_for_authoring,
    program_for_surveys,
    question_of,
    survey_in_program,
    surveys_of_program,
)
from upward.feedback.services.answers import AnswerInput, survey_answer
from upward.feedback.services.authoring import (
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

if TYPE_CHECKING:
    from upward.feedback.selectors.surveys import CountedSurvey

router = Router(tags=["surveys"])


class CohortFilter(Schema):
    cohort: str = Field("", pattern=r"^(\d{4}-(0[1-9]|1[0-2]))?$", description="YYYY-MM")
    role: Literal["", "leader", "mentor"] = Field("", description="Who answered (leader, mentor).")
    include_results: bool = True


def _with_results(
    request: AuthedRequest, surveys: QuerySet[CountedSurvey], filters: CohortFilter
) -> list[SurveyOut]:
    cohort = parse_cohort(filters.cohort)
    return [
        survey_out(
            s,
            asked=s.asked,
            response_count=s.response_count,
            results=asdict(survey_results(survey=s, cohort_month=cohort, role=filters.role))
            if filters.include_results
            else None,
        )
        for s in surveys
    ]


@router.get(
    "/{program_id}/surveys",
    response=list[SurveyOut],
    summary="Surveys of a program: counts and aggregated results, or your own assignments",
)
def list_surveys(
    request: AuthedRequest, program_id: int, filters: Query[CohortFilter]
) -> list[SurveyOut]:
    """Coordinators, sponsors and org admins get counts and results (results only for groups of
    at least the anonymity threshold; smaller groups come back `suppressed`). Leaders and mentors
    get the surveys they were asked to answer, with their own assignments and no results."""
    program = program_for_surveys(user=request.user, program_id=program_id)
    if can_view_insights(user=request.user, program=program):
        drafts = can_manage(user=request.user, program=program)
        surveys = surveys_of_program(program=program, include_drafts=drafts)
        return _with_results(request, surveys.prefetch_related("questions"), filters)
    by_survey: dict[int, SurveyOut] = {}
    for a in my_assignments_in_program(user=request.user, program=program):
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
    request: AuthedRequest, program_id: int, survey_id: int, payload: ResponseIn
) -> Status[ResponseOut]:
    assignment = assignment_to_answer(
        user=request.user,
        program_id=program_id,
        survey_id=survey_id,
        assignment_id=payload.assignment_id,
    )
    answers: dict[int, AnswerInput] = {}
    for index, a in enumerate(payload.answers):
        if a.question_id in answers:
            raise ServiceError(
                gettext("This question is answered twice."),
                field=f"answers.{index}.question_id",
                status=422,
            )
        answers[a.question_id] = AnswerInput(
            value=a.value, choices=list(a.choices), text=a.text, may_quote=a.may_quote
        )
    survey_answer(assignment=assignment, actor=request.user, answers=answers)
    return Status(
        201,
        ResponseOut(
            assignment_id=assignment.pk,
            status=SurveyAssignment.Status.COMPLETED,
            detail=gettext("Saved anonymously: only the fact that you answered is recorded."),
        ),
    )


# --- Custom surveys: write, publish, close (coordinators of the program and org admins) ---


def _custom_survey(request: AuthedRequest, program_id: int, survey_id: int) -> Survey:
    program_for_authoring(user=request.user, program_id=program_id)
    survey = survey_in_program(user=request.user, program_id=program_id, survey_id=survey_id)
    if not survey.is_custom:
        raise ServiceError(
            gettext("Check-ins use the shared question sets and cannot be edited."),
            field="survey_id",
            status=409,
        )
    return survey


@router.post(
    "/{program_id}/surveys",
    response={201: SurveyOut},
    summary="Create a custom survey (a draft), optionally with its first questions",
)
def create_survey(request: AuthedRequest, program_id: int, payload: SurveyIn) -> Status[SurveyOut]:
    program = program_for_authoring(user=request.user, program_id=program_id)
    survey = custom_survey_create(
        program=program,
        actor=request.user,
        settings=payload.settings(),
        questions=[q.to_input() for q in payload.questions],
    )
    return Status(201, survey_out(survey))


@router.get(
    "/{program_id}/surveys/{survey_id}",
    response=SurveyOut,
    summary="One survey: its questions, and counts and results for those who may see them",
)
def get_survey(
    request: AuthedRequest, program_id: int, survey_id: int, filters: Query[CohortFilter]
) -> SurveyOut:
    survey = survey_in_program(user=request.user, program_id=program_id, survey_id=survey_id)
    if can_view_insights(user=request.user, program=survey.program):
        rows = surveys_of_program(program=survey.program, include_drafts=True).filter(pk=survey.pk)
        return _with_results(request, rows, filters)[0]
    mine = survey.assignments.filter(participant__user=request.user).order_by("due_on", "pk")
    return survey_out(survey, my_assignments=[assignment_out(a) for a in mine])


@router.patch(
    "/{program_id}/surveys/{survey_id}",
    response=SurveyOut,
    summary="Edit a custom survey; `status: open` publishes it, `status: closed` closes it",
)
def patch_survey(
    request: AuthedRequest, program_id: int, survey_id: int, payload: SurveyPatch
) -> SurveyOut:
    survey = _custom_survey(request, program_id, survey_id)
    changes = payload.dict(exclude_unset=True)
    status = changes.pop("status", None)
    version = changes.pop("version", None)
    if changes:
        custom_survey_update(
            survey=survey,
            actor=request.user,
            settings=payload.merged(survey),
            version=version,
        )
    if status == Survey.Status.OPEN and survey.status != Survey.Status.OPEN:
        custom_survey_publish(survey=survey, actor=request.user)
    elif status == Survey.Status.CLOSED and survey.status != Survey.Status.CLOSED:
        custom_survey_close(survey=survey, actor=request.user)
    survey.refresh_from_db()
    return survey_out(survey)


@router.delete(
    "/{program_id}/surveys/{survey_id}",
    response={204: None},
    summary="Delete a draft custom survey",
)
def delete_survey(request: AuthedRequest, program_id: int, survey_id: int) -> Status[None]:
    survey = _custom_survey(request, program_id, survey_id)
    custom_survey_delete(survey=survey, actor=request.user)
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
def list_questions(request: AuthedRequest, program_id: int, survey_id: int) -> list[QuestionOut]:
    survey = survey_in_program(user=request.user, program_id=program_id, survey_id=survey_id)
    return [question_out(q) for q in survey.questions.all()]


@router.post(
    "/{program_id}/surveys/{survey_id}/questions",
    response={201: QuestionOut},
    summary="Add a question at the end of a custom survey",
)
def add_question(
    request: AuthedRequest,
    program_id: int,
    survey_id: int,
    payload: QuestionIn,
    options: Query[ConfirmQuery],
) -> Status[QuestionOut]:
    survey = _custom_survey(request, program_id, survey_id)
    q = question_add(
        survey=survey, actor=request.user, question=payload.to_input(), confirm=options.confirm
    )
    return Status(201, question_out(q))


@router.put(
    "/{program_id}/surveys/{survey_id}/questions/order",
    response=list[QuestionOut],
    summary="Reorder the questions of a custom survey",
)
def reorder_questions(
    request: AuthedRequest, program_id: int, survey_id: int, payload: OrderIn
) -> list[QuestionOut]:
    survey = _custom_survey(request, program_id, survey_id)
    ordered = questions_reorder(
        survey=survey, actor=request.user, order=payload.order, confirm=payload.confirm
    )
    return [question_out(q) for q in ordered]


@router.patch(
    "/{program_id}/surveys/{survey_id}/questions/{question_id}",
    response=QuestionOut,
    summary="Change a question of a custom survey",
)
def patch_question(
    request: AuthedRequest,
    program_id: int,
    survey_id: int,
    question_id: int,
    payload: QuestionPatch,
    options: Query[ConfirmQuery],
) -> QuestionOut:
    survey = _custom_survey(request, program_id, survey_id)
    question = question_of(survey=survey, question_id=question_id)
    q = question_update(
        question=question,
        actor=request.user,
        changes=payload.merged(question),
        confirm=options.confirm,
        version=payload.version,
    )
    return question_out(q)


@router.delete(
    "/{program_id}/surveys/{survey_id}/questions/{question_id}",
    response={204: None},
    summary="Delete a question of a custom survey",
)
def delete_question(
    request: AuthedRequest,
    program_id: int,
    survey_id: int,
    question_id: int,
    options: Query[ConfirmQuery],
) -> Status[None]:
    survey = _custom_survey(request, program_id, survey_id)
    question = question_of(survey=survey, question_id=question_id)
    question_delete(question=question, actor=request.user, confirm=options.confirm)
    return Status(204, None)
