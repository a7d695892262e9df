"""The schedule of surveys: when each check-in is due for a pair, and the writes that create
the assignments.

`survey_assignments_sync(program=None)` creates the missing check-in and closing assignments for
every pair, and asks people who joined since an open custom survey was published (idempotent; a
constant number of queries per program or survey). The notifications scheduler runs it on every
tick before reading the due list from `feedback.selectors.assignments`; `upward sync_surveys`
runs it by hand; a coordinator runs it from the program's surveys page
(`program_surveys_schedule`).

How to add a scheduled survey kind: write a rule `(pair, program) -> date | None` (None means
"not for this pair", e.g. a 6-month check-in in a 4-month program) and add it to DUE_RULES.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from upward.access import AnyUser, require_manage
from upward.feedback.models import Question, Survey, SurveyAssignment
from upward.feedback.questions import DEFAULT_SETS, ROLES, SCHEDULED_KINDS
from upward.mentoring.models import Pair
from upward.programs.models import Participant, Program

CHECKIN_3_DAYS = 90
CHECKIN_6_DAYS = 180


def pair_end_date(pair: Pair, program: Program) -> dt.date:
    """The pair's end: when it actually ended, else the program's end, else its planned length."""
    if pair.ended_on is not None:
        return pair.ended_on
    if program.ends_on is not None:
        return program.ends_on
    return add_months(pair.started_on, program.duration_months)


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months (31 Jan + 1 month = 28/29 Feb), so 6 months is a little over 180 days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last_day in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


def _checkin(days: int) -> Callable[[Pair, Program], dt.date | None]:
    def rule(pair: Pair, program: Program) -> dt.date | None:
        due = pair.started_on + dt.timedelta(days=days)
        # A check-in that would fall after the pair's end is replaced by the closing survey
        # (one due on the last day is kept: in a six-month program it is the 6-month measure).
        return due if due <= pair_end_date(pair, program) else None

    return rule


def _closing(pair: Pair, program: Program) -> dt.date | None:
    return pair_end_date(pair, program)


DUE_RULES: dict[str, Callable[[Pair, Program], dt.date | None]] = {
    Survey.Kind.CHECKIN_3: _checkin(CHECKIN_3_DAYS),
    Survey.Kind.CHECKIN_6: _checkin(CHECKIN_6_DAYS),
    Survey.Kind.CLOSING: _closing,
}


# Programs whose pairs are running: only these get check-in assignments.
SCHEDULED_PHASES = (Program.Phase.ACTIVE, Program.Phase.CLOSING, Program.Phase.CLOSED)


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
