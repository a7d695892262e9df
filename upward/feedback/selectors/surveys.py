"""Reads of surveys: a program's surveys with their counts (never who answered), and fetching a
program, survey or question *through* `upward.access`, so that what a user may not see answers
404 (pages and API alike).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy

from upward.access import AnyUser, can_manage, program_for, program_get, programs_for_insights
from upward.feedback.models import Question, Survey, SurveyAssignment
from upward.programs.models import Participant, Program

NO_SURVEY = gettext_lazy("No such survey.")


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
        # People who answered, released or still held in the pool (`services.release`).
        response_count=Count(
            "assignments",
            filter=Q(assignments__status=SurveyAssignment.Status.COMPLETED),
            distinct=True,
        ),
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


def _lookup(program_id: int | None, slug: str | None) -> dict[str, int | str]:
    """Pages address a program by slug, the API by id: exactly one of the two."""
    if slug is not None and program_id is None:
        return {"slug": slug}
    if program_id is not None and slug is None:
        return {"pk": program_id}
    raise TypeError("Pass exactly one of program_id and slug.")


def program_for_results(
    *, user: AnyUser, program_id: int | None = None, slug: str | None = None
) -> Program:
    """A program whose survey counts and results the user may read (aggregates only)."""
    program = programs_for_insights(user=user).filter(**_lookup(program_id, slug)).first()
    if program is None:
        raise Http404(gettext_lazy("No such program."))
    return program


def program_for_authoring(
    *, user: AnyUser, program_id: int | None = None, slug: str | None = None
) -> Program:
    """A program whose surveys the user writes: its coordinators and org admins."""
    _lookup(program_id, slug)
    if slug is not None:
        return program_get(user=user, slug=slug, manage=True)
    assert program_id is not None
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
    raise Http404(gettext_lazy("No such program."))


def question_of(*, survey: Survey, question_id: int) -> Question:
    question = Question.objects.filter(pk=question_id, survey=survey).first()
    if question is None:
        raise Http404(gettext_lazy("No such question in this survey."))
    return question


def survey_has_answers(*, survey: Survey) -> bool:
    """Whether anyone answered (released or still held): completed assignments say it."""
    return survey.assignments.filter(status=SurveyAssignment.Status.COMPLETED).exists()


def answers_count(*, survey: Survey) -> int:
    """People who answered, released or still held in the pool."""
    return survey.assignments.filter(status=SurveyAssignment.Status.COMPLETED).count()


def program_has_survey_answers(*, program: Program) -> bool:
    """Whether anyone answered any survey of the program (the threshold is then fixed)."""
    return SurveyAssignment.objects.filter(
        survey__program=program, status=SurveyAssignment.Status.COMPLETED
    ).exists()
