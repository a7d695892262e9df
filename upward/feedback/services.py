"""Writes for surveys: default question sets, the schedule of assignments, answering.

`survey_assignments_sync(program=None)` creates the missing check-in and closing assignments for
every pair, and asks people who joined since an open custom survey was published (idempotent; a
constant number of queries per program or survey). The notifications scheduler runs it on every
tick before reading the due list from `feedback.selectors` (`notifications.scheduling._prepare`);
`upward sync_surveys` runs it by hand. Custom surveys are written in `feedback.authoring`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from upward.access import AnyUser, require_manage
from upward.errors import ServiceError, invalid
from upward.feedback.models import (
    Answer,
    NamedResponse,
    Question,
    Response,
    Survey,
    SurveyAssignment,
    week_of,
)
from upward.feedback.questions import DEFAULT_SETS, ROLES, SCHEDULED_KINDS
from upward.feedback.schedule import DUE_RULES
from upward.mentoring.models import Pair
from upward.programs.models import Participant, Program

MAX_TEXT_LENGTH = 4000
NO_ASSIGNMENT = "No survey of yours with this number."
ANSWERS = "answers"

# Programs whose pairs are running: only these get check-in assignments.
SCHEDULED_PHASES = (Program.Phase.ACTIVE, Program.Phase.CLOSING, Program.Phase.CLOSED)


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


@transaction.atomic
def survey_defaults_ensure(*, program: Program) -> list[Survey]:
    """Create the program's scheduled surveys (3-, 6-month and closing, per role) if missing."""
    existing = {
        (s.kind, s.audience): s
        for s in Survey.objects.filter(program=program, kind__in=SCHEDULED_KINDS)
    }
    created: list[Survey] = []
    for kind in SCHEDULED_KINDS:
        for role in ROLES:
            if (kind, role) in existing:
                continue
            spec = DEFAULT_SETS[(kind, role)]
            survey = Survey.objects.create(
                program=program,
                kind=kind,
                audience=role,
                title=spec.title,
                intro=spec.intro.format(threshold=program.anonymity_threshold),
            )
            Question.objects.bulk_create(
                Question(
                    survey=survey,
                    order=index,
                    text=q.text,
                    help_text=q.help_text,
                    kind=q.kind,
                    choices=list(q.choices),
                    construct=q.construct,
                    required=q.required,
                )
                for index, q in enumerate(spec.questions, start=1)
            )
            existing[(kind, role)] = survey
            created.append(survey)
    return list(existing.values())


def program_surveys_schedule(*, actor: AnyUser, program: Program) -> int:
    """A coordinator schedules the program's check-ins now instead of waiting for the job."""
    require_manage(actor=actor, program=program)
    return survey_assignments_sync(program=program)


def survey_assignments_sync(*, program: Program | None = None) -> int:
    """Create missing assignments for every pair of running programs, and for people who joined
    since an open custom survey was published; returns how many."""
    programs = (
        [program]
        if program is not None
        else list(Program.objects.filter(phase__in=SCHEDULED_PHASES))
    )
    created = sum(_sync_program(p) for p in programs)
    open_custom = Survey.objects.filter(
        kind=Survey.Kind.CUSTOM, status=Survey.Status.OPEN, due_on__gte=timezone.localdate()
    )
    if program is not None:
        open_custom = open_custom.filter(program=program)
    return created + sum(custom_assignments_create(survey=s) for s in open_custom)


def _audience_roles(survey: Survey) -> list[str]:
    if survey.audience == Survey.Audience.ALL:
        return [Participant.Role.LEADER, Participant.Role.MENTOR]
    return [survey.audience]


def custom_assignments_create(*, survey: Survey) -> int:
    """Ask every active participant of the audience who is not asked yet; returns how many.

    Active means opted in, with an account. Run at publishing and by the sync, so people who
    join while a custom survey is open are asked too. Custom assignments have no pair.
    """
    if survey.status != Survey.Status.OPEN or survey.due_on is None:
        return 0
    asked = SurveyAssignment.objects.filter(survey=survey).values("participant_id")
    people = (
        Participant.objects.filter(
            program_id=survey.program_id,
            role__in=_audience_roles(survey),
            status=Participant.Status.OPTED_IN,
            user__isnull=False,
        )
        .exclude(pk__in=asked)
        .values_list("pk", flat=True)
    )
    new = [
        SurveyAssignment(survey=survey, participant_id=pk, pair=None, due_on=survey.due_on)
        for pk in people
    ]
    SurveyAssignment.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def _sync_program(program: Program) -> int:
    surveys = {(s.kind, s.audience): s for s in survey_defaults_ensure(program=program)}
    pairs = list(Pair.objects.filter(program=program).select_related("leader", "mentor"))
    existing = set(
        SurveyAssignment.objects.filter(survey__program=program).values_list(
            "survey_id", "participant_id", "pair_id"
        )
    )
    new: list[SurveyAssignment] = []
    for pair in pairs:
        for kind, rule in DUE_RULES.items():
            due = rule(pair, program)
            if due is None:
                continue
            # Pairs that ended early get their closing survey only; later check-ins are moot.
            if pair.status != Pair.Status.ACTIVE and kind != Survey.Kind.CLOSING:
                continue
            for participant in (pair.leader, pair.mentor):
                if participant.status == Participant.Status.WITHDRAWN:
                    continue
                survey = surveys[(kind, participant.role)]
                key = (survey.pk, participant.pk, pair.pk)
                if key in existing:
                    continue
                existing.add(key)
                new.append(
                    SurveyAssignment(survey=survey, participant=participant, pair=pair, due_on=due)
                )
    SurveyAssignment.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def answers_validate(
    *, questions: list[Question], raw: dict[int, AnswerInput]
) -> dict[int, AnswerInput]:
    """Check answers against the questions; raises a ServiceError naming each bad answer."""
    errors: dict[str, str] = {}
    known = {q.pk for q in questions}
    for question_id in raw:
        if question_id not in known:
            errors[answer_field(question_id)] = "This question is not part of the survey."
    clean: dict[int, AnswerInput] = {}
    for q in questions:
        name = answer_field(q.pk)
        given = raw.get(q.pk)
        if given is None or _is_blank(q, given):
            if q.required:
                errors[name] = "Please answer this question."
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
            return f"Choose a whole number from {low} to {high}."
    elif q.kind in _CHOICE_KINDS:
        unknown = [c for c in given.choices if c not in q.choices]
        if unknown:
            return f"Not one of the options: {unknown[0]!r}."
        if q.kind == Question.Kind.SINGLE and len(set(given.choices)) > 1:
            return "Choose only one option."
    elif len(given.text) > MAX_TEXT_LENGTH:
        return f"Keep it under {MAX_TEXT_LENGTH} characters."
    return ""


def survey_answer(
    *,
    assignment: SurveyAssignment,
    actor: AnyUser,
    answers: dict[int, AnswerInput],
    today: dt.date | None = None,
) -> Response:
    """Store one anonymous response and mark the assignment completed, atomically.

    The response carries no link to the assignment, the participant or the pair. Someone else's
    assignment does not exist for the actor (404).
    """
    today = today or timezone.localdate()
    if not actor.is_authenticated or assignment.participant.user_id != actor.pk:
        raise Http404(NO_ASSIGNMENT)
    if assignment.survey.status != Survey.Status.OPEN:
        raise ServiceError(
            "This survey is closed and takes no more answers.", field="assignment", status=409
        )
    if today < assignment.opens_on:
        raise ServiceError(
            f"This survey opens on {assignment.opens_on:%d %B %Y}.", field="assignment"
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
            ).update(status=SurveyAssignment.Status.COMPLETED, completed_week=week_of(today))
            if not marked:
                raise ServiceError(
                    "You have already answered this survey.", field="assignment", status=409
                )
            response = Response.objects.create(
                survey_id=assignment.survey_id,
                respondent_role=assignment.participant.role,
                cohort_month=cohort,
                submitted_week=week_of(today),
            )
            if not assignment.survey.anonymous:
                # Named surveys only (custom, chosen by the coordinator and shown to the person).
                NamedResponse.objects.create(
                    response=response, participant_id=assignment.participant_id
                )
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
    except IntegrityError as exc:  # pragma: no cover - only on a database constraint race
        raise ServiceError(
            "Your answers could not be saved; please try again.", field="assignment"
        ) from exc
    assignment.status = SurveyAssignment.Status.COMPLETED
    assignment.completed_week = week_of(today)
    return response
