"""Reads of programs and participants; who may see them is decided by `upward.access`.

Access to a program comes in three strengths:
- "manage": the program's coordinators and org admins (design, invite, match, publish);
- "summary": the program's sponsor (phase, dates, counts; never anyone's answers);
- a participant sees only their own participant record, intake and training.

Callers fetch the program through `upward.access` first (`program_get`, `program_for`); these
functions then read within it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from upward import events
from upward.access import (
    AnyUser,
    own_participations,
    participant_of,
    programs_open_to_by_start,
)
from upward.programs import training
from upward.programs.events import PHASE_CHECKS, PROGRAM_COUNTS
from upward.programs.models import (
    ANONYMITY_FLOOR,
    Intake,
    InterestReceipt,
    InterestResponse,
    Objective,
    ObjectiveReading,
    Participant,
    Program,
    Topic,
    TrainingCompletion,
)
from upward.queryshapes import QueryShape
from upward.themes import text_themes


def participants_of(
    *, program: Program, role: str = "", status: str = "", q: str = ""
) -> QuerySet[Participant]:
    qs = Participant.objects.filter(program=program).select_related(
        "person", "person__department", "intake"
    )
    if role:
        qs = qs.filter(role=role)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(person__name__icontains=q) | Q(person__email__icontains=q))
    return qs.order_by("role", "person__name")


def applications_of(*, program: Program) -> QuerySet[Participant]:
    """Applications waiting for an answer (open enrolment), oldest first."""
    return (
        Participant.objects.filter(program=program, status=Participant.Status.APPLIED)
        .select_related("person", "person__department")
        .order_by("applied_at", "pk")
    )


@dataclass
class OpenProgram:
    program: Program
    # The user's own participation, when they have one (applied, declined, invited...).
    mine: Participant | None

    @property
    def can_apply(self) -> bool:
        return self.mine is None or self.mine.status == Participant.Status.WITHDRAWN


def open_programs_for(*, user: AnyUser) -> list[OpenProgram]:
    """Programs with open enrolment the user may apply to, with their own status in each."""
    programs = programs_open_to_by_start(user=user)
    if not programs:  # most of the time: no second query on every home page
        return []
    shown = {p.pk for p in programs}
    mine: dict[int, Participant] = {}
    for record in own_participations(user=user):
        if record.program_id in shown:
            mine[record.program_id] = record
    return [OpenProgram(program=p, mine=mine.get(p.pk)) for p in programs]


def intake_of(participant: Participant) -> Intake | None:
    return Intake.objects.filter(participant=participant).first()


# Every participant's home page asks (their readiness step): composed once per connection.
_COMPLETED = QueryShape(
    lambda participant_id: (
        TrainingCompletion.objects.filter(participant_id=participant_id)
        .order_by()
        .values_list("module", flat=True)
    )
)


def completed_modules(participant: Participant) -> set[str]:
    return set(_COMPLETED(participant.pk))


def is_ready(participant: Participant, done: set[str] | None = None) -> bool:
    done = completed_modules(participant) if done is None else done
    return all(m.slug in done for m in training.modules_for(participant.role))


def readiness_by_participant(*, program: Program) -> dict[int, bool]:
    """Participant id -> all modules of their role completed (one query)."""
    done: dict[int, set[str]] = {}
    rows = Participant.objects.filter(program=program).values_list(
        "pk", "role", "training_completions__module"
    )
    roles: dict[int, str] = {}
    for pk, role, module in rows:
        roles[pk] = role
        if module:
            done.setdefault(pk, set()).add(module)
    return {
        pk: all(m.slug in done.get(pk, set()) for m in training.modules_for(role))
        for pk, role in roles.items()
    }


@dataclass
class ProgramCounts:
    invited: int = 0
    applied: int = 0
    opted_in: int = 0
    withdrawn: int = 0
    leaders: int = 0
    mentors: int = 0
    intake_done: int = 0
    ready: int = 0
    pairs: int = 0


# Every coordinator page shows these figures for each program: composed once per connection.
_PARTICIPANT_FACTS = QueryShape(
    lambda program_id: (
        Participant.objects.filter(program_id=program_id)
        .order_by()
        .values_list("pk", "role", "status", "intake__submitted_at", "training_completions__module")
    )
)


def program_counts(*, program: Program) -> ProgramCounts:
    """Participants by status and role, intakes and training done: one scan of the program's
    participants (with their completed modules) rather than a query per figure."""
    people: dict[int, tuple[str, str, bool]] = {}
    done: dict[int, set[str]] = {}
    for pk, role, status, submitted_at, module in _PARTICIPANT_FACTS(program.pk):
        people[pk] = (role, status, submitted_at is not None)
        if module:
            done.setdefault(pk, set()).add(module)
    # Each role's modules once, not once a person (4,000 people on the load organisation).
    required: dict[str, set[str]] = {
        role: {m.slug for m in training.modules_for(role)} for role in Participant.Role
    }
    statuses = Counter(status for _, status, _ in people.values())
    counts = ProgramCounts(
        invited=statuses[Participant.Status.INVITED],
        applied=statuses[Participant.Status.APPLIED],
        opted_in=statuses[Participant.Status.OPTED_IN],
        withdrawn=statuses[Participant.Status.WITHDRAWN],
    )
    nothing: set[str] = set()
    for pk, (role, status, intake_done) in people.items():
        if status != Participant.Status.OPTED_IN:
            continue
        if role == Participant.Role.LEADER:
            counts.leaders += 1
        elif role == Participant.Role.MENTOR:
            counts.mentors += 1
        counts.intake_done += intake_done
        counts.ready += required.get(role, nothing) <= done.get(pk, nothing)
    # Pairs belong to mentoring, above this app: it adds its counts through an event.
    known = {f.name for f in fields(ProgramCounts)}
    for extra in events.publish(PROGRAM_COUNTS, program=program):
        for name, value in extra.items():
            if name in known:
                setattr(counts, name, value)
    return counts


@dataclass
class InterestSummary:
    total: int
    threshold: int
    shown: bool
    by_interest: list[tuple[str, int]] = field(default_factory=list)
    by_topic: list[tuple[str, int]] = field(default_factory=list)
    # Free text as themes (words several people used), never anyone's own words: the interest
    # survey asks for no permission to quote.
    hopes: list[tuple[str, int]] = field(default_factory=list)
    worries: list[tuple[str, int]] = field(default_factory=list)


def interest_summary(*, program: Program) -> InterestSummary:
    """Aggregates only, and nothing at all below the program's anonymity threshold."""
    # Released answers only: held ones wait, sealed, for a batch of k (services.interest).
    responses = list(InterestResponse.objects.filter(program=program))
    total = len(responses)
    threshold = max(ANONYMITY_FLOOR, program.anonymity_threshold)
    if total < threshold:
        return InterestSummary(total=total, threshold=threshold, shown=False)
    labels = dict(InterestResponse.Interest.choices)
    counts = Counter(r.interest for r in responses)
    topic_names = dict(Topic.objects.values_list("slug", "name"))
    topic_counts = Counter(t for r in responses for t in r.topics if t in topic_names)
    return InterestSummary(
        total=total,
        threshold=threshold,
        shown=True,
        by_interest=[(str(labels[k]), counts.get(k, 0)) for k in labels],
        by_topic=[(topic_names[s], n) for s, n in topic_counts.most_common()],
        hopes=text_themes([r.hopes for r in responses if r.hopes.strip()]),
        worries=text_themes([r.worries for r in responses if r.worries.strip()]),
    )


def has_answered_interest(*, user: AnyUser, program: Program) -> bool:
    if not user.is_authenticated:
        return False
    return InterestReceipt.objects.filter(program=program, user=user).exists()


def open_interest_survey(*, slug: str) -> Program | None:
    """A program whose interest survey is open: it asks the whole organisation, so any signed-in
    person may see it (and nothing else of the program)."""
    return Program.objects.filter(slug=slug, interest_survey_open=True).first()


def open_interest_surveys_for(*, user: AnyUser) -> list[Program]:
    if not user.is_authenticated:
        return []
    return _OPEN_INTEREST_SURVEYS(user.pk)


def _open_interest_surveys(user_id: int) -> QuerySet[Program]:
    answered = InterestReceipt.objects.filter(user_id=user_id).values_list("program_id", flat=True)
    return Program.objects.filter(
        interest_survey_open=True,
        phase__in=[Program.Phase.DRAFT, Program.Phase.RECRUITING],
    ).exclude(pk__in=answered)


# Every home page asks: composed once per connection (upward/queryshapes.py).
_OPEN_INTEREST_SURVEYS = QueryShape(_open_interest_surveys)


@dataclass
class TopicUsage:
    programs: list[str] = field(default_factory=list)
    intakes: int = 0

    @property
    def in_use(self) -> bool:
        return bool(self.programs or self.intakes)

    @property
    def sentence(self) -> str:
        parts = []
        if self.programs:
            names = ", ".join(self.programs[:5])
            if len(self.programs) > 5:
                names = _("%(names)s and others") % {"names": names}
            parts.append(
                ngettext(
                    "it is a focus topic of %(n)d program (%(names)s)",
                    "it is a focus topic of %(n)d programs (%(names)s)",
                    len(self.programs),
                )
                % {"n": len(self.programs), "names": names}
            )
        if self.intakes:
            parts.append(
                ngettext(
                    "%(n)d intake answer mentions it",
                    "%(n)d intake answers mention it",
                    self.intakes,
                )
                % {"n": self.intakes}
            )
        if not parts:
            return _("it is not used.")
        return _("%(reasons)s.") % {"reasons": "; ".join(parts)}


def topic_usage(*, topic: Topic) -> TopicUsage:
    """Where a topic is used: as a program's focus topic, or in participants' intake answers."""
    by_level = Intake.objects.filter(topics__has_key=topic.slug).values_list("pk", flat=True)
    intake_ids = set(by_level)
    # Lists of slugs (sensitive topics a mentor chose, topics they will not represent) are
    # checked in Python: JSON "contains" is not available on SQLite.
    for pk, chosen, refused in Intake.objects.values_list(
        "pk", "sensitive_topics", "not_represent"
    ).iterator():
        if topic.slug in (chosen or []) or topic.slug in (refused or []):
            intake_ids.add(pk)
    return TopicUsage(
        programs=list(topic.programs.order_by("name").values_list("name", flat=True)),
        intakes=len(intake_ids),
    )


def topics_with_usage() -> list[tuple[Topic, int]]:
    """Every topic with the number of programs using it (the topics page)."""
    rows = Topic.objects.annotate(n_programs=Count("programs", distinct=True)).order_by("name")
    counts = dict(rows.values_list("pk", "n_programs"))
    return [(t, counts[t.pk]) for t in rows]


def topics_for_program(program: Program) -> list[Topic]:
    topics = list(program.topics.all())
    return topics or list(Topic.objects.all())


# --- enrolment ---------------------------------------------------------------------------------

Phase = Program.Phase
INVITABLE_PHASES = {Phase.DRAFT, Phase.RECRUITING, Phase.MATCHING, Phase.ACTIVE}
# Intake is open while recruiting, and again once active, for late joiners.
INTAKE_PHASES = {Phase.RECRUITING, Phase.ACTIVE}
RESEND_INTERVAL = timedelta(days=1)


def resend_available_at(participant: Participant) -> datetime | None:
    """When the invitation may be sent again (None: now)."""
    sent = participant.invitation_sent_at
    if sent is None or timezone.now() - sent >= RESEND_INTERVAL:
        return None
    return sent + RESEND_INTERVAL


def intake_is_open(participant: Participant) -> bool:
    return (
        participant.status == Participant.Status.OPTED_IN
        and participant.program.phase in INTAKE_PHASES
    )


def own_participation(
    *,
    user: AnyUser,
    slug: str = "",
    program_id: int | None = None,
    participant_id: int | None = None,
) -> Participant:
    """The user's own participant record in a program (by slug or id), optionally checking that
    it is `participant_id`. Anyone else's record, or none at all, is a 404."""
    found = (
        Program.objects.filter(slug=slug).first()
        if slug
        else Program.objects.filter(pk=program_id).first()
        if program_id is not None
        else None
    )
    participant = participant_of(user=user, program=found) if found is not None else None
    if participant is None or (participant_id is not None and participant.pk != participant_id):
        raise Http404("You are not invited to this program.")
    return participant


# --- phases ------------------------------------------------------------------------------------

ALLOWED: dict[str, set[str]] = {
    Phase.DRAFT: {Phase.RECRUITING},
    Phase.RECRUITING: {Phase.DRAFT, Phase.MATCHING},
    Phase.MATCHING: {Phase.RECRUITING, Phase.ACTIVE},
    Phase.ACTIVE: {Phase.CLOSING},
    Phase.CLOSING: {Phase.ACTIVE, Phase.CLOSED},
    Phase.CLOSED: set(),
}


@dataclass
class PhaseCheck:
    """What stops a phase move (errors) or should give pause (warnings, confirmed to proceed).
    Apps above programs answer the PHASE_CHECKS event with one of these."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _opted_in(program: Program, role: str) -> QuerySet[Participant]:
    return Participant.objects.filter(
        program=program, role=role, status=Participant.Status.OPTED_IN
    )


def _recruiting_checks(program: Program, check: PhaseCheck) -> None:
    if not program.purpose.strip():
        check.errors.append(_("Write the program's purpose first."))
    if not program.topics.exists():
        check.errors.append(_("Choose at least one focus topic."))
    if not program.coordinators.exists():
        check.errors.append(_("Name at least one coordinator."))
    if program.sponsor_id is None:
        check.warnings.append(_("There is no executive sponsor yet."))


def _matching_checks(program: Program, check: PhaseCheck) -> None:
    readiness = readiness_by_participant(program=program)
    for role in (Participant.Role.LEADER, Participant.Role.MENTOR):
        leader = role == Participant.Role.LEADER
        opted = _opted_in(program, role)
        done = opted.filter(intake__submitted_at__isnull=False)
        if not done.exists():
            check.errors.append(
                _("No leader who opted in has finished their intake yet.")
                if leader
                else _("No mentor who opted in has finished their intake yet.")
            )
            continue
        if program.require_readiness and not any(
            readiness.get(pk) for pk in done.values_list("pk", flat=True)
        ):
            check.errors.append(
                _("No leader has finished their readiness training yet.")
                if leader
                else _("No mentor has finished their readiness training yet.")
            )
        missing = opted.count() - done.count()
        if missing:
            warning = (
                ngettext(
                    "%(n)d leader who opted in has not finished their intake and will not be "
                    "matched until they do.",
                    "%(n)d leaders who opted in have not finished their intake and will not be "
                    "matched until they do.",
                    missing,
                )
                if leader
                else ngettext(
                    "%(n)d mentor who opted in has not finished their intake and will not be "
                    "matched until they do.",
                    "%(n)d mentors who opted in have not finished their intake and will not be "
                    "matched until they do.",
                    missing,
                )
            )
            check.warnings.append(warning % {"n": missing})
    invited = Participant.objects.filter(program=program, status=Participant.Status.INVITED).count()
    if invited:
        check.warnings.append(
            ngettext(
                "%(n)d invitation is still unanswered.",
                "%(n)d invitations are still unanswered.",
                invited,
            )
            % {"n": invited}
        )


def phase_check(*, program: Program, to_phase: str) -> PhaseCheck:
    """What stops (errors) or should give pause (warnings) before moving to `to_phase`.

    Programs checks its own records; pairs, charters, concerns and match runs are checked by
    the apps that own them, through the PHASE_CHECKS event."""
    check = PhaseCheck()
    if to_phase not in ALLOWED.get(program.phase, set()):
        check.errors.append(
            _("A program cannot move from “%(old)s” to “%(new)s”.")
            % {"old": program.get_phase_display(), "new": Program.Phase(to_phase).label}
            if to_phase in Program.Phase.values
            else _("A program cannot move from “%(old)s” to %(new)s.")
            % {"old": program.get_phase_display(), "new": to_phase}
        )
        return check
    if to_phase == Phase.RECRUITING and program.phase == Phase.DRAFT:
        _recruiting_checks(program, check)
    elif to_phase == Phase.DRAFT:
        if (
            _opted_in(program, Participant.Role.LEADER).exists()
            or _opted_in(program, Participant.Role.MENTOR).exists()
        ):
            check.errors.append(
                _("People have already opted in; keep recruiting or withdraw them.")
            )
    elif to_phase == Phase.MATCHING:
        _matching_checks(program, check)
    for extra in events.publish(PHASE_CHECKS, program=program, to_phase=to_phase):
        check.errors.extend(extra.errors)
        check.warnings.extend(extra.warnings)
    return check


def phase_checks_ahead(*, program: Program) -> list[tuple[str, str, PhaseCheck]]:
    """The moves open from the current phase, in phase order, each with its check."""
    order = [p for p, _ in Program.Phase.choices]
    return [
        (to, str(Program.Phase(to).label), phase_check(program=program, to_phase=to))
        for to in sorted(ALLOWED[program.phase], key=order.index)
    ]


# --- objectives -------------------------------------------------------------------------------


def objectives_of(*, program: Program) -> list[Objective]:
    """The program's objectives in order, each with its recorded figures (newest first): two
    queries whatever their number."""
    return list(program.objectives.prefetch_related("readings"))


def objective_of(*, program: Program, objective_id: int) -> Objective:
    """One of the program's objectives (the program was fetched through access); 404 else."""
    objective = Objective.objects.filter(program=program, pk=objective_id).first()
    if objective is None:
        raise Http404("No such objective.")
    objective.program = program
    return objective


def reading_of(*, objective: Objective, reading_id: int) -> ObjectiveReading:
    reading = ObjectiveReading.objects.filter(objective=objective, pk=reading_id).first()
    if reading is None:
        raise Http404("No such figure.")
    reading.objective = objective
    return reading
