"""Reads of survey assignments: the reminders' due lists and each person's own surveys.

The due list, for the reminders job (call `feedback.services.schedule.survey_assignments_sync()`
first so new pairs have their assignments):

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

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from upward.access import AnyUser
from upward.errors import ServiceError
from upward.feedback.models import (
    OPEN_DAYS_BEFORE_DUE,
    Answer,
    NamedResponse,
    Survey,
    SurveyAssignment,
)
from upward.feedback.selectors.surveys import NO_SURVEY
from upward.mentoring.models import Pair
from upward.people.models import User
from upward.programs.models import Participant, Program
from upward.queryshapes import QueryShape

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


def _own_assignments(user_id: int, *related: str) -> QuerySet[SurveyAssignment]:
    return (
        SurveyAssignment.objects.filter(participant__user_id=user_id)
        .exclude(participant__status=Participant.Status.WITHDRAWN)
        .select_related(*related)
        .order_by("due_on", "pk")
    )


# Every leader's and mentor's home page asks: composed once per connection (upward/queryshapes.py).
_OWN = QueryShape(lambda user_id: _own_assignments(user_id, "survey", "pair"))
_OWN_WITH_PEOPLE = QueryShape(
    lambda user_id: _own_assignments(
        user_id, "survey__program", "pair__leader__person", "pair__mentor__person"
    )
)


def assignments_for_user(
    *, user: User, on: dt.date, with_people: bool = True
) -> dict[str, list[SurveyAssignment]]:
    """A participant's own assignments: open now, coming later, and answered.

    `with_people=False` (the home panel, which names no one) reads each assignment's survey
    and pair without the program and the pair's two people: four joins fewer on every
    leader's and mentor's home page (issue 16)."""
    rows = (_OWN_WITH_PEOPLE if with_people else _OWN)(user.pk) if user.pk is not None else []
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


def own_named_answers(*, user: User, survey: Survey) -> list[tuple[str, str]]:
    """A person's own answers to a named survey, as (question, answer) for reading back.

    Anonymous surveys have no link from answers to people, so this is empty for them."""
    if survey.anonymous:
        return []
    response_ids = NamedResponse.objects.filter(
        participant__user=user, response__survey=survey
    ).values("response_id")
    rows = Answer.objects.filter(response_id__in=response_ids).select_related("question__survey")
    out: list[tuple[str, str]] = []
    for a in sorted(rows, key=lambda a: (a.question.order, a.question.pk)):
        shown = (
            str(a.value) if a.value is not None else ", ".join(a.choices) if a.choices else a.text
        )
        out.append((a.question.shown_text, shown))
    return out


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
                _("Not one of your assignments for this survey."), field="assignment_id", status=404
            )
        return assignment
    pending = list(mine.filter(status=SurveyAssignment.Status.PENDING)[:2])
    if not pending:
        if mine.exists():
            raise ServiceError(
                _("You have already answered this survey."), field="assignment_id", status=409
            )
        # Not sent to them: for them it does not exist.
        raise Http404(NO_SURVEY)
    if len(pending) > 1:
        raise ServiceError(
            _("You have several open assignments; say which one you answer."),
            field="assignment_id",
        )
    return pending[0]
