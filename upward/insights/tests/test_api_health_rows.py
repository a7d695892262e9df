"""/api/v1/programs/{id}/health writes the engine's rows straight out (issue 16): the answer is
exactly what validating each row through its schema gives, for every kind of row (a pair with
meetings, overdue actions and a cancellation; one with nothing yet; one at risk)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from conftest import client_for
from upward.api.metrics import PairHealthOut
from upward.feedback.tests.factories import make_pair, make_participant, make_program
from upward.mentoring.models import Action, Charter, Meeting
from upward.mentoring.selectors.health import programs_health

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 4, 20, 9, 0, tzinfo=dt.UTC)


@time_machine.travel(TODAY, tick=False)
def test_the_health_answer_is_the_schemas_own_for_every_row(coordinator_user) -> None:
    program = make_program(coordinator=coordinator_user)
    busy = make_pair(program, started_on=dt.date(2026, 1, 5))
    make_pair(program, started_on=dt.date(2026, 4, 13))  # a week old: nothing yet
    quiet = make_pair(program, started_on=dt.date(2025, 12, 1))
    now = timezone.now()
    Charter.objects.create(pair=busy, leader_signed_at=now, mentor_signed_at=now)
    Meeting.objects.create(pair=busy, starts_at=now - dt.timedelta(days=9), status="held")
    Meeting.objects.create(
        pair=busy,
        starts_at=now - dt.timedelta(days=2),
        status="cancelled",
        cancelled_by_role="leader",
    )
    Action.objects.create(pair=busy, title="Try the board", due_on=dt.date(2026, 4, 1))
    Meeting.objects.create(pair=quiet, starts_at=now - dt.timedelta(days=80), status="held")
    make_participant(program, "leader")  # not in a pair: not on the board

    response = client_for(coordinator_user).get(f"/api/v1/programs/{program.pk}/health")

    assert response.status_code == 200
    # As every other answer of the API says it (ninja's renderer).
    assert response["Content-Type"] == "application/json; charset=utf-8"
    expected = [
        PairHealthOut.model_validate(row, from_attributes=True).model_dump(mode="json")
        for row in programs_health(programs=[program])
    ]
    assert response.json() == expected
    assert len(expected) == 3
    assert {row["overdue_actions"] for row in expected} >= {1}


def test_a_program_without_pairs_answers_an_empty_list(coordinator_user) -> None:
    program = make_program(coordinator=coordinator_user)

    response = client_for(coordinator_user).get(f"/api/v1/programs/{program.pk}/health")

    assert response.status_code == 200
    assert response.json() == []
