"""Who sees which home panels, now that the coordinator's panels stop at the per-request roles
for everyone else (issue 16): a leader and a mentor see their pair and none of the program's
management; the program's coordinator and an org admin still see theirs."""

from __future__ import annotations

import pytest

from conftest import client_for
from upward.mentoring.models import Pair
from upward.mentoring.tests.factories import user_of
from upward.people.models import User

pytestmark = pytest.mark.django_db

MANAGEMENT = ("Your programs", "Program health", "Concerns and pair health")


@pytest.mark.parametrize("side", ["leader", "mentor"])
def test_a_pair_member_sees_their_pair_and_no_management_panel(pair: Pair, side: str) -> None:
    body = client_for(user_of(getattr(pair, side))).get("/").content.decode()

    assert "Your pair" in body
    for title in MANAGEMENT:
        assert title not in body


def test_the_programs_coordinator_sees_programs_health_and_concerns(
    pair: Pair, coordinator_user: User
) -> None:
    body = client_for(coordinator_user).get("/").content.decode()

    for title in MANAGEMENT:
        assert title in body
    assert pair.program.name in body


def test_an_org_admin_sees_every_programs_health_but_no_concerns_inbox(
    pair: Pair, admin_user: User
) -> None:
    body = client_for(admin_user).get("/").content.decode()

    assert "Your programs" in body
    assert "Program health" in body
    assert "Concerns and pair health" not in body
