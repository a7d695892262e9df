"""Reads of surveys and assignments.

The due list, for the reminders job (call `feedback.services.survey_assignments_sync()` first so
new pairs have their assignments):

    survey_assignments_due(*, on: date) -> QuerySet[SurveyAssignment]
        Pending assignments that are open on `on` and not yet late:
        due_on - 7 days <= on <= due_on.
    survey_assignments_overdue(*, on: date) -> QuerySet[SurveyAssignment]
        Pending assignments with due_on < on.

Both skip withdrawn participants, closed surveys, programs that are not running (custom surveys
also remind in the recruiting and matching phases), and check-ins of pairs that ended (their
closing survey stays). Rows come with `survey__program`, `participant__user`,
`participant__person` and `pair` selected; `assignment.survey.title`, `.due_on`, and the
answer URL `reverse("feedback:answer", args=[assignment.pk])` are all a reminder needs.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from upward.access import AnyUser, can_manage, program_for, programs_for_insights
from upward.errors import ServiceError
from upward.feedback.models import (
    OPEN_DAYS_BEFORE_DUE,
    Answer,
    NamedResponse,
    Question,
    Survey,
    SurveyAssignment,
)
from upward.mentoring.models import Pair
from upward.people.models import User
from upward.programs.models import Participant, Program

NO_SURVEY = "No such survey."

RUNNING_PHASES = (Program.Phase.ACTIVE, Program.Phase.CLOSING)
# A custom survey may go to people who have opted in before pairs exist.
CUSTOM_PHASES = (Program.Phase.RECRUITING, Program.Phase.MATCHING, *RUNNING_PHASES)


def _reminder_scope() -> QuerySet[SurveyAssignment]:
    return (
        SurveyAssignment.objects.filter(
            status=SurveyAssignment.Status.PENDING,
            survey__status=Survey.Status.OPEN,
        )
        .filter(
            Q(survey__program__phase__in=RUNNING_PHASES)
            | Q(survey__kind=Survey.Kind.CUSTOM, survey__program__phase__in=CUSTOM_PHASES)
        )
        .exclude(participant__status=Participant.Status.WITHDRAWN)
        .filter(
            Q(pair__isnull=True) | Q(pair__status=Pair.Status.ACTIVE) | Q(survey__kind="closing")
        )
        .select_related("survey__program", "participant__user", "participant__person", "pair")
    )


def survey_assignments_due(*, on: dt.date) -> QuerySet[SurveyAssignment]:
    return _reminder_scope().filter(
        due_on__gte=on, due_on__lte=on + dt.timedelta(days=OPEN_DAYS_BEFORE_DUE)
    )


def survey_assignments_overdue(*, on: dt.date) -> QuerySet[SurveyAssignment]:
    return _reminder_scope().filter(due_on__lt=on)


def assignments_for_user(*, user: User, on: dt.date) -> dict[str, list[SurveyAssignment]]:
    """A participant's own assignments: open now, coming later, and answered."""
    rows = list(
        SurveyAssignment.objects.filter(participant__user=user)
        .exclude(participant__status=Participant.Status.WITHDRAWN)
        .select_related("survey__program", "pair__leader__person", "pair__mentor__person")
        .order_by("due_on", "pk")
    )
    pending = [a for a in rows if a.status == SurveyAssignment.Status.PENDING]
    return {
        "open": [a for a in pending if a.opens_on <= on and _still_relevant(a)],
        "upcoming": [a for a in pending if a.opens_on > on and _still_relevant(a)],
        "answered": [a for a in rows if a.status == SurveyAssignment.Status.COMPLETED],
    }


def _still_relevant(a: SurveyAssignment) -> bool:
    if a.survey.status != Survey.Status.OPEN:
        return False
    if a.survey.kind == Survey.Kind.CLOSING or a.pair is None:
        return True
    return a.pair.status == Pair.Status.ACTIVE


def open_assignment_count(*, user: User, on: dt.date) -> int:
    return len(assignments_for_user(user=user, on=on)["open"])


def assignment_for_user(*, user: User, pk: int) -> SurveyAssignment | None:
    return (
        SurveyAssignment.objects.filter(pk=pk, participant__user=user)
        .select_related(
            "survey__program", "participant", "pair__leader__person", "pair__mentor__person"
        )
        .first()
    )


class SurveyCounts(TypedDict):
    asked: int
    answered: int
    response_count: int


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    # A survey row from `surveys_of_program`, with its counts (a type only: runtime rows are
    # plain Surveys with extra attributes).
    CountedSurvey = WithAnnotations[Survey, SurveyCounts]


def surveys_of_program(
    *, program: Program, include_drafts: bool = False
) -> QuerySet[CountedSurvey]:
    """Surveys with how many were asked and how many answered (counts only, never who).

    Drafts are only for the people who write them (`include_drafts=True`)."""
    qs = Survey.objects.filter(program=program)
    if not include_drafts:
        qs = qs.exclude(status=Survey.Status.DRAFT)
    return qs.annotate(
        asked=Count("assignments", distinct=True),
        answered=Count(
            "assignments",
            filter=Q(assignments__status=SurveyAssignment.Status.COMPLETED),
            distinct=True,
        ),
        response_count=Count("responses", distinct=True),
    ).order_by("kind", "audience", "pk")


def custom_audience_count(*, survey: Survey) -> int:
    """How many people publishing would ask now (active participants of the audience)."""
    roles = ["leader", "mentor"] if survey.audience == Survey.Audience.ALL else [survey.audience]
    return Participant.objects.filter(
        program_id=survey.program_id,
        role__in=roles,
        status=Participant.Status.OPTED_IN,
        user__isnull=False,
    ).count()


def own_named_answers(*, user: User, survey: Survey) -> list[tuple[str, str]]:
    """A person's own answers to a named survey, as (question, answer) for reading back.

    Anonymous surveys have no link from answers to people, so this is empty for them."""
    if survey.anonymous:
        return []
    response_ids = NamedResponse.objects.filter(
        participant__user=user, response__survey=survey
    ).values("response_id")
    rows = Answer.objects.filter(response_id__in=response_ids).select_related("question")
    out: list[tuple[str, str]] = []
    for a in sorted(rows, key=lambda a: (a.question.order, a.question.pk)):
        shown = (
            str(a.value) if a.value is not None else ", ".join(a.choices) if a.choices else a.text
        )
        out.append((a.question.text, shown))
    return out


# --- fetching through access (what a user may not see answers 404) --------------------------


def program_for_results(*, user: AnyUser, program_id: int) -> Program:
    """A program whose survey counts and results the user may read (aggregates only)."""
    program = programs_for_insights(user=user).filter(pk=program_id).first()
    if program is None:
        raise Http404("No such program.")
    return program


def program_for_authoring(*, user: AnyUser, program_id: int) -> Program:
    """A program whose surveys the user writes: its coordinators and org admins."""
    return program_for(user=user, program_id=program_id, manage=True)


def survey_for_results(*, user: AnyUser, survey_id: int) -> Survey:
    """A survey whose results the user may read; drafts only for those who write them."""
    survey = Survey.objects.select_related("program").filter(pk=survey_id).first()
    if survey is None:
        raise Http404(NO_SURVEY)
    program_for_results(user=user, program_id=survey.program_id)
    if survey.is_draft and not can_manage(user=user, program=survey.program):
        raise Http404(NO_SURVEY)
    return survey


def custom_survey_for_authoring(*, user: AnyUser, survey_id: int) -> Survey:
    """A custom survey the user writes; 404 for anyone else and for check-ins."""
    survey = (
        Survey.objects.select_related("program")
        .filter(pk=survey_id, kind=Survey.Kind.CUSTOM)
        .first()
    )
    if survey is None:
        raise Http404(NO_SURVEY)
    program_for_authoring(user=user, program_id=survey.program_id)
    return survey


def survey_in_program(*, user: AnyUser, program_id: int, survey_id: int) -> Survey:
    """A survey of the program for someone who reads its results, writes it, or was asked to
    answer it; drafts only for those who write them. Anyone else: 404."""
    survey = (
        Survey.objects.select_related("program").filter(pk=survey_id, program_id=program_id).first()
    )
    if survey is None:
        raise Http404(NO_SURVEY)
    if can_manage(user=user, program=survey.program):
        return survey
    if survey.is_draft:
        raise Http404(NO_SURVEY)
    if programs_for_insights(user=user).filter(pk=program_id).exists():
        return survey
    if user.is_authenticated and survey.assignments.filter(participant__user_id=user.pk).exists():
        return survey
    raise Http404(NO_SURVEY)


def program_for_surveys(*, user: AnyUser, program_id: int) -> Program:
    """A program whose surveys the user may list: results readers, and people asked to answer
    one of its surveys (they see their own assignments). Anyone else: 404."""
    program = Program.objects.filter(pk=program_id).first()
    if program is not None and (
        programs_for_insights(user=user).filter(pk=program_id).exists()
        or (
            user.is_authenticated
            and SurveyAssignment.objects.filter(
                survey__program=program, participant__user_id=user.pk
            ).exists()
        )
    ):
        return program
    raise Http404("No such program.")


def my_assignments_in_program(*, user: AnyUser, program: Program) -> QuerySet[SurveyAssignment]:
    if not user.is_authenticated:
        return SurveyAssignment.objects.none()
    return (
        SurveyAssignment.objects.filter(survey__program=program, participant__user_id=user.pk)
        .select_related("survey")
        .prefetch_related("survey__questions")
        .order_by("due_on", "pk")
    )


def assignment_to_answer(
    *, user: AnyUser, program_id: int, survey_id: int, assignment_id: int | None
) -> SurveyAssignment:
    """The user's assignment for a survey: the one named, else their only pending one."""
    survey = Survey.objects.filter(pk=survey_id, program_id=program_id).first()
    if survey is None or not user.is_authenticated:
        raise Http404(NO_SURVEY)
    mine = SurveyAssignment.objects.filter(
        survey=survey, participant__user_id=user.pk
    ).select_related("survey", "participant", "pair")
    if assignment_id is not None:
        assignment = mine.filter(pk=assignment_id).first()
        if assignment is None:
            raise ServiceError(
                "Not one of your assignments for this survey.", field="assignment_id", status=404
            )
        return assignment
    pending = list(mine.filter(status=SurveyAssignment.Status.PENDING)[:2])
    if not pending:
        if mine.exists():
            raise ServiceError(
                "You have already answered this survey.", field="assignment_id", status=409
            )
        # Not sent to them: for them it does not exist.
        raise Http404(NO_SURVEY)
    if len(pending) > 1:
        raise ServiceError(
            "You have several open assignments; say which one you answer.", field="assignment_id"
        )
    return pending[0]


def question_of(*, survey: Survey, question_id: int) -> Question:
    question = Question.objects.filter(pk=question_id, survey=survey).first()
    if question is None:
        raise Http404("No such question in this survey.")
    return question
