"""Factories for notification tests: a program with a pair whose people have accounts."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from django.utils import timezone

from upward.mentoring.models import Pair
from upward.mentoring.tests.factories import PairFactory
from upward.people.models import User
from upward.people.tests.factories import PersonFactory, UserFactory
from upward.programs.models import Participant, Program
from upward.programs.tests.factories import ProgramFactory

_counter = itertools.count(1)


def make_user(*, tz: str = "Europe/London", level: int = 3, **flags: object) -> User:
    n = next(_counter)
    person = PersonFactory(timezone=tz, level=level, email=f"n{n}@example.com")
    user = UserFactory(email=person.email, name=person.name, person=person, **flags)
    assert isinstance(user, User)
    return user


def make_program(
    *, name: str = "Listening Up", phase: str = "active", coordinator: User | None = None
) -> Program:
    n = next(_counter)
    program = ProgramFactory.create(
        name=f"{name} {n}",
        slug=f"program-{n}",
        purpose="Leaders learn from juniors.",
        phase=phase,
        starts_on=None,
    )
    if coordinator is not None:
        program.coordinators.add(coordinator)
    return program


def make_participant(
    *, program: Program, user: User, role: str, status: str = "opted_in", **extra: object
) -> Participant:
    assert user.person is not None
    return Participant.objects.create(
        program=program, person=user.person, user=user, role=role, status=status, **extra
    )


@dataclass
class PairSetup:
    program: Program
    pair: Pair
    leader: User
    mentor: User


def make_pair(
    *,
    program: Program | None = None,
    started_on: dt.date | None = None,
    leader_tz: str = "Europe/London",
    mentor_tz: str = "Europe/London",
) -> PairSetup:
    program = program or make_program()
    leader = make_user(tz=leader_tz, level=10)
    mentor = make_user(tz=mentor_tz, level=2)
    pair = PairFactory(
        program=program,
        leader=make_participant(program=program, user=leader, role="leader"),
        mentor=make_participant(program=program, user=mentor, role="mentor"),
        started_on=started_on or timezone.localdate(),
    )
    return PairSetup(program=program, pair=pair, leader=leader, mentor=mentor)
