"""Demo programs, one in each phase, with participants, intakes, training and interest answers.

Idempotent: each program is keyed by its slug and seeded only when it has no participants yet;
people are chosen with a fixed seed, so a rerun never changes anything.
"""

from __future__ import annotations

import random
from datetime import timedelta
from itertools import pairwise
from typing import Any

from django.utils import timezone

from upward.demo.context import DemoContext
from upward.people.models import Person
from upward.people.selectors import manager_chain_ids
from upward.people.services import user_for_person
from upward.programs import training
from upward.programs.catalog import (
    CONSENT_VERSION,
    PROGRAM_TEMPLATES,
    SEED_TOPICS,
    STYLE_QUESTIONS,
    ObjectiveSpec,
)
from upward.programs.models import (
    Intake,
    InterestResponse,
    ObjectiveReading,
    Participant,
    Program,
    ProgramPhaseChange,
    Topic,
    TrainingCompletion,
)
from upward.programs.services import template_defaults
from upward.programs.services.objectives import objectives_from_specs

PHASES = [p for p, _ in Program.Phase.choices]
LEADER_GOALS = [
    "Understand how our younger customers actually choose and talk about products.",
    "Get hands-on with AI assistants so I can judge where they help our teams.",
    "Hear honestly what it is like to start a career here, and what puts people off.",
    "Learn how people use social platforms for work, not just for fun.",
    "See our hybrid-work rules from the point of view of someone who lives with them.",
    "Understand what makes early-career colleagues stay, or leave.",
]
LEADER_WILL_DO = [
    "Change how my leadership team runs its weekly meeting.",
    "Sponsor a pilot of one new tool in my department.",
    "Review our onboarding with a junior colleague's eyes and fix two things.",
    "Share what I learn at the next town hall, with my mentor's agreement.",
]
MENTOR_STRENGTHS = [
    "I automate half my reporting with AI tools and can show how.",
    "I run our team's short-video experiments and read the analytics every day.",
    "I joined eighteen months ago and remember every confusing step of onboarding.",
    "I talk to younger customers on the support line all week.",
    "I organise our early-careers network and hear a lot of honest feedback.",
    "I work fully remote and have strong views on what makes hybrid work fair.",
]
INTERESTS = [
    "cycling",
    "podcasts",
    "cooking",
    "football",
    "gaming",
    "photography",
    "running",
    "music",
    "travel",
    "climbing",
    "reading",
    "theatre",
]
AVAILABILITY = ["Tuesday mornings", "Thursday afternoons", "Mondays after 2pm", "Any lunchtime"]
HOPES = [
    "Leaders who actually listen and change something.",
    "Learning how decisions are made at the top.",
    "Being heard on inclusion without it being a box-ticking exercise.",
    "Practical ideas for making our meetings less exclusive.",
    "A safe space to say what people say at the coffee machine.",
]
WORRIES = [
    "That it becomes a photo opportunity with no follow-through.",
    "Being expected to speak for a whole group of people.",
    "Not having the time on top of my day job.",
    "Repercussions if I say something critical.",
    "",
]


def _day(days_ago: int) -> Any:
    return timezone.now() - timedelta(days=days_ago)


def _program(
    ctx: DemoContext,
    *,
    slug: str,
    name: str,
    template: str,
    phase: str,
    started_days_ago: int | None,
    **fields: Any,
) -> tuple[Program, bool]:
    coordinator = ctx.coordinator
    existing = Program.objects.filter(slug=slug).first()
    if existing is not None:
        return existing, False
    defaults = template_defaults(template)
    duration = fields.pop("duration_months", defaults["duration_months"])
    today = timezone.localdate()
    starts_on = today - timedelta(days=started_days_ago) if started_days_ago is not None else None
    program = Program.objects.create(
        slug=slug,
        name=name,
        template=template,
        purpose=fields.pop("purpose", defaults["purpose"]),
        sponsor=ctx.users["sponsor@example.com"],
        phase=phase,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=30 * duration) if starts_on else None,
        duration_months=duration,
        require_readiness=defaults["require_readiness"],
        consult_mentors=defaults["consult_mentors"],
        matching_settings=defaults["matching_settings"],
        created_by=coordinator,
        created_at=_day(started_days_ago + 60 if started_days_ago is not None else 20),
        **fields,
    )
    program.topics.set(defaults["topics"] or list(Topic.objects.filter(sensitive=False)))
    program.coordinators.set([coordinator])
    # The audit trail as it would have happened, a few weeks between phases.
    reached = PHASES[: PHASES.index(phase) + 1]
    base = started_days_ago if started_days_ago is not None else 20
    for index, (a, b) in enumerate(pairwise(reached)):
        ProgramPhaseChange.objects.create(
            program=program,
            from_phase=a,
            to_phase=b,
            changed_by=coordinator,
            changed_at=_day(max(1, base + 50 - index * 25)),
        )
    return program, True


def _people(
    ctx: DemoContext, *, levels: set[int], exclude: set[str], n: int, seed: int
) -> list[Person]:
    pool = [
        p
        for emp, p in sorted(ctx.people.items())
        if p.level in levels and p.is_active and emp not in exclude
    ]
    return random.Random(seed).sample(pool, k=min(n, len(pool)))


def _enrol(
    program: Program,
    person: Person,
    role: str,
    *,
    opted_in: bool,
    intake: str,
    trained: bool,
    rng: random.Random,
    days_ago: int = 40,
) -> Participant:
    """intake: "" (none), "draft" or "done"."""
    user = user_for_person(person=person)
    participant, _ = Participant.objects.get_or_create(
        program=program,
        person=person,
        defaults={
            "user": user,
            "role": role,
            "invited_at": _day(days_ago),
            "invited_by": program.coordinators.first(),
            "capacity": 1,
        },
    )
    if opted_in:
        participant.status = Participant.Status.OPTED_IN
        participant.consented_at = _day(days_ago - 2)
        participant.consent_version = CONSENT_VERSION
        participant.save()
    if intake:
        _intake(participant, rng, submitted=intake == "done", days_ago=days_ago - 4)
    if trained:
        for module in training.modules_for(role):
            TrainingCompletion.objects.get_or_create(
                participant=participant,
                module=module.slug,
                defaults={"completed_at": _day(days_ago - 6)},
            )
    return participant


def _intake(
    participant: Participant, rng: random.Random, *, submitted: bool, days_ago: int
) -> None:
    topics = [t for t in participant.program.topics.all() if not t.sensitive]
    chosen = rng.sample(topics, k=min(len(topics), rng.choice([2, 3])))
    levels = {t.slug: rng.choice([2, 3, 3]) for t in chosen}
    person = participant.person
    languages = list(dict.fromkeys(["en", *person.languages]))
    values: dict[str, Any] = {
        "topics": levels,
        "interests": rng.sample(INTERESTS, k=2),
        "languages": languages,
        "preferred_channel": rng.choice(["video", "in_person", "in_person"]),
        "time_zone": person.timezone,
        "style": [rng.randint(2, 5) for _ in STYLE_QUESTIONS],
        "updated_at": _day(days_ago),
        "submitted_at": _day(days_ago) if submitted else None,
    }
    if participant.role == Participant.Role.LEADER:
        values.update(goals=rng.choice(LEADER_GOALS), will_do=rng.choice(LEADER_WILL_DO))
    else:
        sensitive = [t.slug for t in participant.program.topics.all() if t.sensitive]
        values.update(
            strengths=rng.choice(MENTOR_STRENGTHS),
            availability=rng.choice(AVAILABILITY),
            capacity=1,
            sensitive_topics=rng.sample(sensitive, k=1) if sensitive and rng.random() < 0.4 else [],
        )
    Intake.objects.update_or_create(participant=participant, defaults=values)


def pair_candidates(
    leaders: list[Person], mentors: list[Person], *, gap: int = 2
) -> list[tuple[Person, Person]]:
    """Greedy, rule-abiding pairs for seeding: level gap, outside reporting lines, other dept."""
    chains = manager_chain_ids(person_ids=[p.pk for p in leaders + mentors])
    free = list(mentors)
    out = []
    for leader in leaders:
        for mentor in free:
            if (leader.level or 0) - (mentor.level or 0) < gap:
                continue
            if leader.pk in chains[mentor.pk] or mentor.pk in chains[leader.pk]:
                continue
            if leader.department_id == mentor.department_id:
                continue
            out.append((leader, mentor))
            free.remove(mentor)
            break
    return out


# How long ago the closing and the closed program started (their pairs start a few days later).
CUSTOMER_VOICES_DAYS = 190
PILOT_DAYS = 600
SENIOR = {7, 8, 9, 10, 11}
JUNIOR = {1, 2, 3, 4}


def _ensure_topics() -> None:
    # Migration 0003 installs the taxonomy; a database emptied since (e.g. `flush`) lacks it.
    for slug, name, description, sensitive in SEED_TOPICS:
        Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sensitive": sensitive}
        )


def seed(ctx: DemoContext) -> None:
    named = {"E0009", "E0200", "E0002", "E0290", "E0291"}
    _ensure_topics()
    _seed_digital_fluency(ctx, named)
    _seed_workplace_culture(ctx, named)
    _seed_inclusive_leadership(ctx, named)
    _seed_sustainability(ctx)
    _seed_customer_voices(ctx, named)
    _seed_pilot(ctx, named)
    _seed_objectives(ctx)
    ctx.log(f"Programs: {Program.objects.count()} ({', '.join(sorted(PROGRAM_TEMPLATES))}).")


def _seed_digital_fluency(ctx: DemoContext, named: set[str]) -> None:
    program, created = _program(
        ctx,
        slug="digital-fluency",
        name="Reverse mentoring: digital fluency",
        template="digital-fluency",
        phase=Program.Phase.ACTIVE,
        started_days_ago=200,
        # Nine months, so the demo sits in the middle: 3- and 6-month check-ins behind it,
        # the closing conversation still ahead.
        duration_months=9,
    )
    if not created:
        return
    rng = random.Random(11)
    leaders = [ctx.people["E0009"], *_people(ctx, levels=SENIOR, exclude=named, n=11, seed=11)]
    mentors = [ctx.people["E0200"], *_people(ctx, levels=JUNIOR, exclude=named, n=16, seed=12)]
    for person in leaders:
        _enrol(
            program,
            person,
            "leader",
            opted_in=True,
            intake="done",
            trained=True,
            rng=rng,
            days_ago=250,
        )
    for person in mentors:
        _enrol(
            program,
            person,
            "mentor",
            opted_in=True,
            intake="done",
            trained=True,
            rng=rng,
            days_ago=250,
        )


def _seed_workplace_culture(ctx: DemoContext, named: set[str]) -> None:
    program, created = _program(
        ctx,
        slug="workplace-culture",
        name="Reverse mentoring: workplace culture",
        template="workplace-culture",
        phase=Program.Phase.MATCHING,
        started_days_ago=None,
    )
    if not created:
        return
    rng = random.Random(21)
    taken = named | set(
        Participant.objects.filter(program__slug="digital-fluency").values_list(
            "person__employee_id", flat=True
        )
    )
    leaders = _people(ctx, levels=SENIOR, exclude=taken, n=16, seed=21)
    mentors = _people(ctx, levels=JUNIOR, exclude=taken, n=21, seed=22)
    for index, person in enumerate(leaders):
        # The last leader never finished intake: the run shows them as "not in the pool".
        done = index < 15
        _enrol(
            program,
            person,
            "leader",
            opted_in=True,
            intake="done" if done else "draft",
            trained=done,
            rng=rng,
            days_ago=30,
        )
    for index, person in enumerate(mentors):
        _enrol(
            program,
            person,
            "mentor",
            opted_in=True,
            intake="done",
            trained=index < 20,
            rng=rng,
            days_ago=30,
        )


def _seed_inclusive_leadership(ctx: DemoContext, named: set[str]) -> None:
    program, created = _program(
        ctx,
        slug="inclusive-leadership",
        name="Reverse mentoring: inclusive leadership",
        template="inclusive-leadership",
        phase=Program.Phase.RECRUITING,
        started_days_ago=None,
        interest_survey_open=True,
        # Anyone may apply: the coordinator sees applications beside the invitations.
        open_enrolment=True,
    )
    if not created:
        return
    rng = random.Random(31)
    leaders = _people(ctx, levels=SENIOR, exclude=named, n=8, seed=31)
    mentors = _people(ctx, levels=JUNIOR, exclude=named, n=10, seed=32)
    for index, person in enumerate(leaders):
        _enrol(
            program,
            person,
            "leader",
            opted_in=index < 4,
            intake="done" if index < 2 else ("draft" if index < 4 else ""),
            trained=index < 2,
            rng=rng,
            days_ago=12,
        )
    for index, person in enumerate(mentors):
        _enrol(
            program,
            person,
            "mentor",
            opted_in=index < 6,
            intake="done" if index < 3 else ("draft" if index < 5 else ""),
            trained=index < 3,
            rng=rng,
            days_ago=12,
        )
    topics = list(program.topics.values_list("slug", flat=True))
    choices = ["leader", "mentor", "mentor", "either", "not_now", "mentor"]
    for i in range(14):
        InterestResponse.objects.create(
            program=program,
            interest=choices[i % len(choices)],
            topics=rng.sample(topics, k=2),
            hopes=HOPES[i % len(HOPES)] if i % 3 else "",
            worries=WORRIES[i % len(WORRIES)],
        )


def _seed_sustainability(ctx: DemoContext) -> None:
    program, _ = _program(
        ctx,
        slug="sustainability-insights",
        name="Sustainability insights",
        template="blank",
        phase=Program.Phase.DRAFT,
        started_days_ago=None,
        purpose="Help the executive team see our sustainability commitments through the eyes "
        "of colleagues who meet customers and suppliers every day.",
    )
    program.topics.set(
        Topic.objects.filter(slug__in=["sustainability", "younger-customers", "ways-of-working"])
    )


def _seed_customer_voices(ctx: DemoContext, named: set[str]) -> None:
    program, created = _program(
        ctx,
        slug="customer-voices",
        name="Customer voices",
        template="digital-fluency",
        phase=Program.Phase.CLOSING,
        # Six months that ended ten days ago: the pairs are having their closing conversations.
        started_days_ago=CUSTOMER_VOICES_DAYS,
        purpose="Bring what younger customers say on the front line straight to the leaders "
        "who decide our products and service.",
    )
    if created:
        _seed_paired_people(ctx, program, named, n=6, seed=41)


def _seed_pilot(ctx: DemoContext, named: set[str]) -> None:
    program, created = _program(
        ctx,
        slug="pilot-2024",
        # Named after the year it ran, whatever today is (the slug stays for old links).
        name=f"Pilot {(timezone.localdate() - timedelta(days=PILOT_DAYS)).year}",
        template="workplace-culture",
        phase=Program.Phase.CLOSED,
        started_days_ago=PILOT_DAYS,
        purpose="A first, small reverse-mentoring pilot to learn how such a program works here.",
    )
    if created:
        _seed_paired_people(ctx, program, named, n=5, seed=51)


def _seed_paired_people(
    ctx: DemoContext, program: Program, named: set[str], *, n: int, seed: int
) -> None:
    rng = random.Random(seed)
    days = (timezone.localdate() - program.starts_on).days + 40 if program.starts_on else 60
    for person in _people(ctx, levels=SENIOR, exclude=named, n=n, seed=seed):
        _enrol(
            program,
            person,
            "leader",
            opted_in=True,
            intake="done",
            trained=True,
            rng=rng,
            days_ago=days,
        )
    for person in _people(ctx, levels=JUNIOR, exclude=named, n=n + 3, seed=seed + 1):
        _enrol(
            program,
            person,
            "mentor",
            opted_in=True,
            intake="done",
            trained=True,
            rng=rng,
            days_ago=days,
        )


# Each demo program's own objectives (never copied between programs): the three from the
# inclusive-leadership and workplace-culture templates, and the others written for the program.
# A figure recorded by hand: (days ago, value, note).
Figure = tuple[int, float, str]
DEMO_OBJECTIVES: dict[str, list[tuple[ObjectiveSpec, list[Figure]]]] = {
    "digital-fluency": [
        (
            ObjectiveSpec(
                "Four pairs in five hold at least five meetings",
                "pairs_min_meetings_pct",
                80,
                min_meetings=5,
            ),
            [],
        ),
        (
            ObjectiveSpec(
                "Leaders publish 30 actions to the follow-through board", "actions_published", 30
            ),
            [],
        ),
        (
            ObjectiveSpec(
                "Leaders rate their skill gain 3.5 of 5 or more at the check-ins",
                "survey_leader_skill_gain",
                3.5,
            ),
            [],
        ),
        (
            ObjectiveSpec(
                "60% of participating leadership teams use an AI assistant every week",
                "recorded_pct",
                60,
            ),
            [
                (150, 22, "IT licence report, active weekly users"),
                (90, 35, "IT licence report, active weekly users"),
                (30, 48, "IT licence report, active weekly users"),
            ],
        ),
    ],
    "workplace-culture": [
        (
            spec,
            [(45, 68, "Spring pulse survey, early-career respondents")]
            if spec.measure == "recorded_pct"
            else [],
        )
        for spec in PROGRAM_TEMPLATES["workplace-culture"].objectives
    ],
    "inclusive-leadership": [
        (spec, []) for spec in PROGRAM_TEMPLATES["inclusive-leadership"].objectives
    ],
    "sustainability-insights": [
        (
            ObjectiveSpec(
                "Two supplier or product decisions revisited with mentor input by year end",
                "recorded_count",
                2,
            ),
            [],
        ),
        (
            ObjectiveSpec(
                "Leaders find the conversations worth their time (perceived value 4 of 5 or more)",
                "survey_leader_perceived_value",
                4,
            ),
            [],
        ),
    ],
    "customer-voices": [
        (
            ObjectiveSpec(
                "Nine pairs in ten hear the front line at least four times",
                "pairs_min_meetings_pct",
                90,
                min_meetings=4,
            ),
            [],
        ),
        (
            ObjectiveSpec(
                "Six changes to products or service published by leaders", "actions_published", 6
            ),
            [],
        ),
        (
            ObjectiveSpec(
                "Complaints from under-25 customers fall to 40 a month or fewer",
                "recorded_count",
                40,
                direction="at_most",
            ),
            [
                (240, 71, "Support desk monthly report"),
                (150, 58, "Support desk monthly report"),
                (60, 44, "Support desk monthly report"),
                (20, 39, "Support desk monthly report"),
            ],
        ),
    ],
    "pilot-2024": [
        (
            ObjectiveSpec(
                "At most one pair of the pilot ends early",
                "pairs_ended_early",
                1,
                direction="at_most",
            ),
            [],
        ),
        (
            ObjectiveSpec(
                "Seven in ten people asked answer the check-ins", "checkin_response_pct", 70
            ),
            [],
        ),
        (
            ObjectiveSpec(
                "Leaders find the pilot worth their time (perceived value 4 of 5 or more)",
                "survey_leader_perceived_value",
                4,
            ),
            [],
        ),
    ],
}


def _seed_objectives(ctx: DemoContext) -> None:
    """Objectives for each demo program that has none yet, with their recorded figures."""
    today = timezone.localdate()
    for slug, entries in DEMO_OBJECTIVES.items():
        program = Program.objects.filter(slug=slug).first()
        if program is None or program.objectives.exists():
            continue
        made = objectives_from_specs(program=program, specs=[spec for spec, _ in entries])
        for objective, (_, figures) in zip(made, entries, strict=True):
            ObjectiveReading.objects.bulk_create(
                ObjectiveReading(
                    objective=objective,
                    value=value,
                    recorded_on=today - timedelta(days=days),
                    note=note,
                    recorded_by=ctx.coordinator,
                )
                for days, value, note in figures
            )
