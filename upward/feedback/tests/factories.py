"""Factories for the surveys tests: programs, participants, pairs (insights tests use them too)."""

from __future__ import annotations

import datetime as dt

from upward.mentoring.models import Pair
from upward.mentoring.tests.factories import PairFactory
from upward.people.models import User
from upward.people.tests.factories import PersonFactory, UserFactory
from upward.programs.models import Participant, Program
from upward.programs.tests.factories import ProgramFactory


def make_program(
    *,
    slug: str = "pilot",
    coordinator: User | None = None,
    sponsor: User | None = None,
    phase: str = Program.Phase.ACTIVE,
    threshold: int = 5,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    cadence_days: int = 30,
) -> Program:
    program = ProgramFactory.create(
        name=f"Program {slug}",
        slug=slug,
        purpose="Help leaders learn digital tools from junior colleagues.",
        phase=phase,
        anonymity_threshold=threshold,
        starts_on=starts_on,
        ends_on=ends_on,
        cadence_days=cadence_days,
        sponsor=sponsor,
    )
    if coordinator is not None:
        program.coordinators.add(coordinator)
    return program


def make_participant(
    program: Program, role: str, *, user: User | None = None, level: int | None = None
) -> Participant:
    if user is None:
        person = PersonFactory(level=level or (9 if role == "leader" else 2))
        user = UserFactory(email=person.email, person=person)
    assert user.person is not None
    return Participant.objects.create(
        program=program,
        person=user.person,
        user=user,
        role=role,
        status=Participant.Status.OPTED_IN,
        consented_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
    )


def make_pair(
    program: Program,
    *,
    started_on: dt.date,
    leader: Participant | None = None,
    mentor: Participant | None = None,
    status: str = Pair.Status.ACTIVE,
) -> Pair:
    pair: Pair = PairFactory(
        program=program,
        leader=leader or make_participant(program, "leader"),
        mentor=mentor or make_participant(program, "mentor"),
        started_on=started_on,
        status=status,
    )
    return pair
