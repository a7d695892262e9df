"""Demo match runs: one finished run to review (workplace-culture) and the published runs behind
the pairs of the active, closing and closed programs. Runs go through the real engine.

Idempotent: a program with runs (or pairs) already is left alone.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from upward.demo.context import DemoContext
from upward.demo.programs import CUSTOMER_VOICES_DAYS, PILOT_DAYS, pair_candidates
from upward.matching.models import MatchRun, PairRule
from upward.matching.services.runs import run_execute
from upward.mentoring.models import Pair
from upward.programs.models import Participant, Program


def seed(ctx: DemoContext) -> None:
    coordinator = ctx.coordinator
    culture = Program.objects.filter(slug="workplace-culture").first()
    if culture is not None and not MatchRun.objects.filter(program=culture).exists():
        run = MatchRun.objects.create(program=culture, number=1, created_by=coordinator)
        run = run_execute(run_id=run.pk)
        ctx.log(f"Match run for {culture.name}: {run.status}, {run.proposals.count()} proposals.")
    digital = Program.objects.filter(slug="digital-fluency").first()
    if digital is not None:
        first = (
            Participant.objects.get(program=digital, person=ctx.people["E0009"]),
            Participant.objects.get(program=digital, person=ctx.people["E0200"]),
        )
        _published(ctx, digital, first=first, days_ago=200, closed=False)
    for slug, days, closed in (
        ("customer-voices", CUSTOMER_VOICES_DAYS - 5, False),
        ("pilot-2024", PILOT_DAYS - 5, True),
    ):
        program = Program.objects.filter(slug=slug).first()
        if program is not None:
            _published(ctx, program, first=None, days_ago=days, closed=closed)


def _published(
    ctx: DemoContext,
    program: Program,
    *,
    first: tuple[Participant, Participant] | None,
    days_ago: int,
    closed: bool,
) -> None:
    if Pair.objects.filter(program=program).exists():
        return
    coordinator = ctx.coordinator
    opted = Participant.objects.filter(program=program).select_related("person")
    leaders = [p for p in opted if p.role == "leader"]
    mentors = [p for p in opted if p.role == "mentor"]
    chosen: list[tuple[Participant, Participant]] = []
    if first is not None:
        chosen.append(first)
        leaders = [p for p in leaders if p.pk != first[0].pk]
        mentors = [p for p in mentors if p.pk != first[1].pk]
    by_person = {p.person_id: p for p in leaders + mentors}
    for lead, ment in pair_candidates([p.person for p in leaders], [p.person for p in mentors]):
        chosen.append((by_person[lead.pk], by_person[ment.pk]))
    for leader, mentor in chosen:
        PairRule.objects.get_or_create(
            program=program,
            leader=leader,
            mentor=mentor,
            defaults={"kind": PairRule.Kind.LOCK, "created_by": coordinator},
        )
    run = MatchRun.objects.create(program=program, number=1, created_by=coordinator)
    run = run_execute(run_id=run.pk)
    started = timezone.localdate() - timedelta(days=days_ago)
    # A closed program's pairs closed when it ended (never after).
    ended = program.ends_on or started + timedelta(days=270)
    count = 0
    for proposal in run.proposals.all():
        if (proposal.leader, proposal.mentor) not in chosen:
            continue
        Pair.objects.create(
            program=program,
            leader=proposal.leader,
            mentor=proposal.mentor,
            score=proposal.score,
            started_on=started,
            status=Pair.Status.CLOSED if closed else Pair.Status.ACTIVE,
            ended_on=ended if closed else None,
        )
        count += 1
    # As publishing does: the locks that steered the run are spent once its pairs exist.
    PairRule.objects.filter(program=program, kind=PairRule.Kind.LOCK).delete()
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=days_ago),
        published_by=coordinator,
        created_at=timezone.now() - timedelta(days=days_ago + 3),
    )
    ctx.log(f"{program.name}: {count} pairs published (run {run.status}).")
