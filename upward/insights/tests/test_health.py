from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from upward.feedback.tests.factories import make_pair, make_program
from upward.insights.health import (
    AT_RISK,
    NEEDS_CHECKIN,
    ON_TRACK,
    TOO_EARLY,
    pair_health_for_program,
    pairs_at_risk,
)
from upward.mentoring.models import Action, Charter, Meeting, Pair

TODAY = dt.date(2026, 6, 1)
NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)


def held(pair: Pair, *days_ago: int) -> None:
    for d in days_ago:
        Meeting.objects.create(pair=pair, starts_at=at(TODAY - dt.timedelta(days=d)), status="held")


def signed(pair: Pair) -> Charter:
    return Charter.objects.create(pair=pair, leader_signed_at=NOW, mentor_signed_at=NOW)


@pytest.fixture
def program(db: None):
    return make_program(cadence_days=30)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def health_of(program, pair: Pair):
    return next(h for h in pair_health_for_program(program=program) if h.pair_id == pair.pk)


def test_healthy_pair_is_on_track(program) -> None:
    pair = make_pair(program, started_on=TODAY - dt.timedelta(days=65))
    signed(pair)
    held(pair, 50, 20)
    h = health_of(program, pair)
    assert h.status == ON_TRACK
    assert (h.meetings_held, h.meetings_expected) == (2, 2)


def test_new_pair_is_too_early_to_tell(program) -> None:
    pair = make_pair(program, started_on=TODAY - dt.timedelta(days=10))
    h = health_of(program, pair)
    assert h.status == TOO_EARLY
    assert h.reasons == ["Started 10 days ago"]


def test_no_meeting_in_45_days_is_at_risk(program) -> None:
    pair = make_pair(program, started_on=TODAY - dt.timedelta(days=70))
    signed(pair)
    held(pair, 46)
    h = health_of(program, pair)
    assert h.status == AT_RISK
    assert "No meeting in 46 days" in h.reasons


def test_44_days_without_a_meeting_is_not_flagged_for_that(program) -> None:
    pair = make_pair(program, started_on=TODAY - dt.timedelta(days=55))
    signed(pair)
    held(pair, 44)
    h = health_of(program, pair)
    assert not any(r.startswith("No meeting") for r in h.reasons)


def test_two_leader_cancellations_put_a_pair_at_risk(program) -> None:
    pair = make_pair(program, started_on=TODAY - dt.timedelta(days=40))
    signed(pair)
    held(pair, 10)
    for d in (30, 20):
        Meeting.objects.create(
            pair=pair,
            starts_at=at(TODAY - dt.timedelta(days=d)),
            status="cancelled",
            cancelled_by_role="leader",
        )
    Meeting.objects.create(
        pair=pair,
        starts_at=at(TODAY - dt.timedelta(days=15)),
        status="cancelled",
        cancelled_by_role="mentor",
    )
    h = health_of(program, pair)
    assert h.status == AT_RISK
    assert h.leader_cancellations == 2
    assert "The leader cancelled 2 meetings" in h.reasons


def test_unsigned_charter_after_three_weeks_needs_a_check_in(program) -> None:
    pair = make_pair(program, started_on=TODAY - dt.timedelta(days=22))
    Charter.objects.create(pair=pair, leader_signed_at=NOW)  # only one side signed
    held(pair, 5)
    h = health_of(program, pair)
    assert h.status == NEEDS_CHECKIN
    assert h.reasons == ["Charter not signed by both after 22 days"]


def test_missing_charter_within_three_weeks_is_fine(program) -> None:
    pair = make_pair(program, started_on=TODAY - dt.timedelta(days=20))
    assert health_of(program, pair).status == TOO_EARLY


def test_overdue_actions_need_a_check_in(program) -> None:
    pair = make_pair(program, started_on=TODAY - dt.timedelta(days=35))
    signed(pair)
    held(pair, 5)
    Action.objects.create(pair=pair, title="Try the new tool", due_on=TODAY - dt.timedelta(days=1))
    Action.objects.create(
        pair=pair, title="Done already", due_on=TODAY - dt.timedelta(days=3), status="done"
    )
    Action.objects.create(pair=pair, title="Later", due_on=TODAY + dt.timedelta(days=3))
    h = health_of(program, pair)
    assert h.status == NEEDS_CHECKIN
    assert h.reasons == ["1 action overdue"]


def test_falling_behind_the_cadence(program) -> None:
    one_behind = make_pair(program, started_on=TODAY - dt.timedelta(days=95))
    signed(one_behind)
    held(one_behind, 60, 10)
    two_behind = make_pair(program, started_on=TODAY - dt.timedelta(days=95))
    signed(two_behind)
    held(two_behind, 10)
    assert health_of(program, one_behind).reasons == ["2 of 3 expected meetings held"]
    assert health_of(program, one_behind).status == NEEDS_CHECKIN
    assert health_of(program, two_behind).status == AT_RISK


def test_board_lists_riskiest_first_and_only_active_pairs(program) -> None:
    fine = make_pair(program, started_on=TODAY - dt.timedelta(days=40))
    signed(fine)
    held(fine, 5)
    risky = make_pair(program, started_on=TODAY - dt.timedelta(days=100))
    make_pair(program, started_on=TODAY - dt.timedelta(days=100), status=Pair.Status.ENDED)
    rows = pair_health_for_program(program=program)
    assert [h.pair_id for h in rows] == [risky.pk, fine.pk]
    assert [h.pair_id for h in pairs_at_risk(program=program)] == [risky.pk]
    assert [h.pair_id for h in pairs_at_risk()] == [risky.pk]


def test_health_takes_the_same_number_of_queries_for_any_number_of_pairs(
    program, django_assert_max_num_queries
) -> None:
    for i in range(12):
        pair = make_pair(program, started_on=TODAY - dt.timedelta(days=30 + i * 7))
        held(pair, 3)
        if i % 2:
            signed(pair)
        Action.objects.create(pair=pair, title="x", due_on=TODAY - dt.timedelta(days=1))
    # Pairs; meetings grouped by pair; overdue actions grouped by pair.
    with django_assert_max_num_queries(3):
        rows = pair_health_for_program(program=program)
    assert len(rows) == 12
