from __future__ import annotations

import pytest

from upward.mentoring.models import Pair
from upward.mentoring.tests.factories import PairFactory, ProgramFactory, user_of
from upward.people.models import User
from upward.programs.models import Program


@pytest.fixture
def program(coordinator_user: User, sponsor_user: User) -> Program:
    program = ProgramFactory(
        slug="digital-fluency-test", name="Digital fluency", sponsor=sponsor_user
    )
    program.coordinators.add(coordinator_user)
    return program


@pytest.fixture
def pair(program: Program) -> Pair:
    return PairFactory(program=program)


@pytest.fixture
def other_pair(program: Program) -> Pair:
    return PairFactory(program=program)


@pytest.fixture
def leader(pair: Pair) -> User:
    return user_of(pair.leader)


@pytest.fixture
def mentor(pair: Pair) -> User:
    return user_of(pair.mentor)


# The loopback receiver of the webhook tests stands in for a webhook endpoint and a chat app.
from upward.webhooks.tests.conftest import allow_private, receiver  # noqa: E402, F401
