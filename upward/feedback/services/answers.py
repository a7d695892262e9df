"""Answering a survey: checking the answers and storing them unlinkably.

An anonymous answer goes, sealed, into the holding pool and is released with others
(`services.release`); it never carries a link to the assignment, the participant, the pair or the
time. Only named custom surveys keep who answered (`NamedResponse`), so that people can read their
own answers back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from upward import humane
from upward.access import AnyUser
from upward.errors import ServiceError, invalid
from upward.feedback.models import (
    Answer,
    NamedResponse,
    Question,
    Response,
    Survey,
    SurveyAssignment,
)
from upward.feedback.services.release import HeldAnswer, hold, release_held

MAX_TEXT_LENGTH = 4000
NO_ASSIGNMENT = gettext_lazy("No survey of yours with this number.")
ANSWERS = "answers"


@dataclass
class AnswerInput:
    value: int | None = None
    choices: list[str] = field(default_factory=list)
    text: str = ""
    may_quote: bool = False


def question_field(question: Question) -> str:
    """The form field of a question's answer."""
    return f"q{question.pk}"


def answer_field(question_id: int) -> str:
    """Where an answer's problem is reported: `answers.q<question id>` (the form strips
    `answers.` to find its own field)."""
    return f"{ANSWERS}.q{question_id}"


def answers_validate(
    *, questions: list[Question], raw: dict[int, AnswerInput]
) -> dict[int, AnswerInput]:
    """Check answers against the questions; raises a ServiceError naming each bad answer."""
    errors: dict[str, str] = {}
    known = {q.pk for q in questions}
    for question_id in raw:
        if question_id not in known:
            errors[answer_field(question_id)] = _("This question is not part of the survey.")
    clean: dict[int, AnswerInput] = {}
    for q in questions:
        name = answer_field(q.pk)
        given = raw.get(q.pk)
        if given is None or _is_blank(q, given):
            if q.required:
                errors[name] = _("Please answer this question.")
            continue
        problem = _answer_problem(q, given)
        if problem:
            errors[name] = problem
            continue
        clean[q.pk] = AnswerInput(
            value=given.value if q.is_scale else None,
            choices=list(dict.fromkeys(given.choices)) if q.kind in _CHOICE_KINDS else [],
            text=given.text.strip() if q.kind == Question.Kind.TEXT else "",
            may_quote=bool(given.may_quote) and q.kind == Question.Kind.TEXT,
        )
    if errors:
        raise invalid(errors)
    return clean


_CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE)


def _is_blank(q: Question, given: AnswerInput) -> bool:
    if q.is_scale:
        return given.value is None
    if q.kind in _CHOICE_KINDS:
        return not given.choices
    return not given.text.strip()


def _answer_problem(q: Question, given: AnswerInput) -> str:
    if q.is_scale:
        low, high = q.scale.start, q.scale.stop - 1
        if given.value not in q.scale:
            return _("Choose a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
    elif q.kind in _CHOICE_KINDS:
        unknown = [c for c in given.choices if c not in q.choices]
        if unknown:
            return _("Not one of the options: %(option)s.") % {"option": repr(unknown[0])}
        if q.kind == Question.Kind.SINGLE and len(set(given.choices)) > 1:
            return _("Choose only one option.")
    elif len(given.text) > MAX_TEXT_LENGTH:
        return _("Keep it under %(n)d characters.") % {"n": MAX_TEXT_LENGTH}
    return ""


def survey_answer(
    *,
    assignment: SurveyAssignment,
    actor: AnyUser,
    answers: dict[int, AnswerInput],
    today: dt.date | None = None,
) -> None:
    """Mark the assignment completed and keep the answers, atomically.

    Anonymous surveys: the answers are held, sealed, and released with others once at least k of
    the same group have answered (`services.release`). Named surveys: stored at once, with the
    participant. Someone else's assignment does not exist for the actor (404).
    """
    today = today or timezone.localdate()
    if not actor.is_authenticated or assignment.participant.user_id != actor.pk:
        raise Http404(NO_ASSIGNMENT)
    if assignment.survey.status != Survey.Status.OPEN:
        raise ServiceError(
            _("This survey is closed and takes no more answers."), field="assignment", status=409
        )
    if today < assignment.opens_on:
        raise ServiceError(
            _("This survey opens on %(day)s.") % {"day": humane.day(assignment.opens_on)},
            field="assignment",
        )
    questions = list(assignment.survey.questions.all())
    clean = answers_validate(questions=questions, raw=answers)
    pair = assignment.pair
    cohort = pair.started_on.replace(day=1) if pair is not None else None
    try:
        with transaction.atomic():
            # The conditional update is the "answer once" guard, safe against double submits.
            marked = SurveyAssignment.objects.filter(
                pk=assignment.pk, status=SurveyAssignment.Status.PENDING
            ).update(status=SurveyAssignment.Status.COMPLETED)
            if not marked:
                raise ServiceError(
                    _("You have already answered this survey."), field="assignment", status=409
                )
            role = assignment.participant.role
            if assignment.survey.anonymous:
                hold(
                    survey=assignment.survey,
                    role=role,
                    cohort=cohort,
                    answers=[
                        HeldAnswer(question_id, a.value, a.choices, a.text, a.may_quote)
                        for question_id, a in clean.items()
                    ],
                )
                release_held(survey=assignment.survey)
            else:
                _store_named(assignment, role, cohort, clean)
    except IntegrityError as exc:  # pragma: no cover - only on a database constraint race
        raise ServiceError(
            _("Your answers could not be saved; please try again."), field="assignment"
        ) from exc
    assignment.status = SurveyAssignment.Status.COMPLETED


def _store_named(
    assignment: SurveyAssignment, role: str, cohort: dt.date | None, clean: dict[int, AnswerInput]
) -> None:
    """Named surveys only (custom, chosen by the coordinator and shown to the person)."""
    response = Response.objects.create(
        survey_id=assignment.survey_id, respondent_role=role, cohort_month=cohort
    )
    NamedResponse.objects.create(response=response, participant_id=assignment.participant_id)
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question_id=question_id,
            value=a.value,
            choices=a.choices,
            text=a.text,
            may_quote=a.may_quote,
        )
        for question_id, a in clean.items()
    )
