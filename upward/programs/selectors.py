"""Reads of programs and participants; who may see them is decided by `upward.access`.

Access to a program comes in three strengths:
- "manage": the program's coordinators and org admins (design, invite, match, publish);
- "summary": the program's sponsor (phase, dates, counts; never anyone's answers);
- a participant sees only their own participant record, intake and training.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from upward.access.programs import (
    can_manage,
    participant_of,
    participations_of,
    program_access,
    program_get,
    programs_managed_by,
    programs_visible_to,
)
from upward.access.roles import can_create_program, coordinator_like
from upward.people.models import User
from upward.programs import training
from upward.programs.models import (
    Intake,
    InterestReceipt,
    InterestResponse,
    Participant,
    Program,
    Topic,
)


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


def intake_of(participant: Participant) -> Intake | None:
    return Intake.objects.filter(participant=participant).first()


def completed_modules(participant: Participant) -> set[str]:
    return set(participant.training_completions.values_list("module", flat=True))


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
    opted_in: int = 0
    withdrawn: int = 0
    leaders: int = 0
    mentors: int = 0
    intake_done: int = 0
    ready: int = 0
    pairs: int = 0


def program_counts(*, program: Program) -> ProgramCounts:
    by_status = dict(
        Participant.objects.filter(program=program)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    opted = Participant.objects.filter(program=program, status=Participant.Status.OPTED_IN)
    by_role = dict(opted.values_list("role").annotate(n=Count("pk")).values_list("role", "n"))
    readiness = readiness_by_participant(program=program)
    opted_ids = set(opted.values_list("pk", flat=True))
    from upward.mentoring.models import Pair

    return ProgramCounts(
        invited=by_status.get(Participant.Status.INVITED, 0),
        opted_in=by_status.get(Participant.Status.OPTED_IN, 0),
        withdrawn=by_status.get(Participant.Status.WITHDRAWN, 0),
        leaders=by_role.get(Participant.Role.LEADER, 0),
        mentors=by_role.get(Participant.Role.MENTOR, 0),
        intake_done=opted.filter(intake__submitted_at__isnull=False).count(),
        ready=sum(1 for pk in opted_ids if readiness.get(pk)),
        pairs=Pair.objects.filter(program=program, status="active").count(),
    )


@dataclass
class InterestSummary:
    total: int
    threshold: int
    shown: bool
    by_interest: list[tuple[str, int]] = field(default_factory=list)
    by_topic: list[tuple[str, int]] = field(default_factory=list)
    hopes: list[str] = field(default_factory=list)
    worries: list[str] = field(default_factory=list)


def interest_summary(*, program: Program) -> InterestSummary:
    """Aggregates only, and nothing at all below the program's anonymity threshold."""
    responses = list(InterestResponse.objects.filter(program=program))
    total = len(responses)
    threshold = max(1, program.anonymity_threshold)
    if total < threshold:
        return InterestSummary(total=total, threshold=threshold, shown=False)
    labels = dict(InterestResponse.Interest.choices)
    counts = Counter(r.interest for r in responses)
    topic_names = dict(Topic.objects.values_list("slug", "name"))
    topic_counts = Counter(t for r in responses for t in r.topics if t in topic_names)
    # Free text is listed in a stable order unrelated to when it was written (UUID order).
    return InterestSummary(
        total=total,
        threshold=threshold,
        shown=True,
        by_interest=[(labels[k], counts.get(k, 0)) for k in labels],
        by_topic=[(topic_names[s], n) for s, n in topic_counts.most_common()],
        hopes=[r.hopes.strip() for r in responses if r.hopes.strip()],
        worries=[r.worries.strip() for r in responses if r.worries.strip()],
    )


def has_answered_interest(*, user: User | AnonymousUser, program: Program) -> bool:
    if not user.is_authenticated:
        return False
    return InterestReceipt.objects.filter(program=program, user=user).exists()


def open_interest_surveys_for(*, user: User | AnonymousUser) -> list[Program]:
    if not user.is_authenticated:
        return []
    answered = InterestReceipt.objects.filter(user=user).values_list("program_id", flat=True)
    return list(
        Program.objects.filter(
            interest_survey_open=True,
            phase__in=[Program.Phase.DRAFT, Program.Phase.RECRUITING],
        ).exclude(pk__in=answered)
    )


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
            names = ", ".join(self.programs[:5]) + (" and others" if len(self.programs) > 5 else "")
            parts.append(f"it is a focus topic of {len(self.programs)} program(s) ({names})")
        if self.intakes:
            parts.append(f"{self.intakes} intake answer(s) mention it")
        return "; ".join(parts) + "." if parts else "it is not used."


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
    return [
        (t, t.n_programs)  # type: ignore[attr-defined]
        for t in Topic.objects.annotate(n_programs=Count("programs", distinct=True)).order_by(
            "name"
        )
    ]


def topics_for_program(program: Program) -> list[Topic]:
    topics = list(program.topics.all())
    return topics or list(Topic.objects.all())


# Re-exported from `upward.access` until every caller imports there.
__all__ = [
    "can_create_program",
    "can_manage",
    "coordinator_like",
    "participant_of",
    "participations_of",
    "program_access",
    "program_get",
    "programs_managed_by",
    "programs_visible_to",
]
