from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from conftest import client_for
from upward.feedback.tests.factories import make_pair, make_program
from upward.insights.panels import health_panel
from upward.mentoring.models import Action, Charter, Meeting, Pair
from upward.mentoring.selectors.health import (
    AT_RISK,
    NEEDS_CHECKIN,
    NOT_RUNNING,
    ON_TRACK,
    TOO_EARLY,
    PairHealth,
    pair_health,
    pairs_at_risk,
    pairs_health,
    programs_health,
)
from upward.people.models import User
from upward.programs.models import Program

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


def health_of(program: Program, pair: Pair) -> PairHealth:
    return next(h for h in programs_health(programs=[program]) if h.pair_id == pair.pk)


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
    rows = programs_health(programs=[program])
    assert [h.pair_id for h in rows] == [risky.pk, fine.pk]
    assert [h.pair_id for h in pairs_at_risk(programs=[program])] == [risky.pk]
    assert [h.pair_id for h in pairs_at_risk()] == [risky.pk]


def test_a_closed_pair_is_not_running_and_has_no_flags(program) -> None:
    pair = make_pair(program, started_on=TODAY - dt.timedelta(days=200), status=Pair.Status.CLOSED)
    h = pair_health(pair=pair)
    assert h.status == NOT_RUNNING
    assert h.reasons == [] and h.flags == []
    assert pairs_at_risk(programs=[program]) == []


def test_facts_for_the_room_count_meetings_and_actions(program) -> None:
    pair = make_pair(program, started_on=TODAY - dt.timedelta(days=40))
    held(pair, 30, 3)
    Meeting.objects.create(pair=pair, starts_at=NOW + dt.timedelta(days=9), status="scheduled")
    Meeting.objects.create(pair=pair, starts_at=NOW + dt.timedelta(days=2), status="scheduled")
    Meeting.objects.create(
        pair=pair, starts_at=at(TODAY - dt.timedelta(days=20)), status="cancelled"
    )
    Action.objects.create(pair=pair, title="a", status="done", published=True)
    Action.objects.create(pair=pair, title="b", status="in_progress")
    h = pair_health(pair=pair)
    assert (h.meetings_held, h.meetings_scheduled, h.meetings_cancelled) == (2, 2, 1)
    assert h.last_meeting_on == TODAY - dt.timedelta(days=3)
    assert h.days_since_last_meeting == 3
    assert h.next_meeting_at == NOW + dt.timedelta(days=2)
    assert (h.actions_open, h.actions_done, h.actions_published) == (1, 1, 1)


# --- one rule set for every consumer ----------------------------------------------------------


@pytest.fixture
def two_pairs(program, coordinator_user: User) -> tuple[Pair, Pair]:
    """A three-week-old pair with an unsigned charter, and a ten-day-old one (still in grace)."""
    program.coordinators.add(coordinator_user)
    late = make_pair(program, started_on=TODAY - dt.timedelta(days=22))
    held(late, 5)
    young = make_pair(program, started_on=TODAY - dt.timedelta(days=10))
    return late, young


LATE_REASON = "Charter not signed by both after 22 days"


def test_the_room_list_and_a_pairs_health_page_apply_the_charter_grace(
    two_pairs, coordinator_user
) -> None:
    late, young = two_pairs
    assert pair_health(pair=late).flags == [LATE_REASON]
    assert pair_health(pair=young).flags == []
    client = client_for(coordinator_user)
    room_list = client.get(reverse("mentoring:index")).content.decode()
    assert room_list.count(LATE_REASON) == 1
    assert "Charter not signed" not in room_list.replace(LATE_REASON, "")
    assert LATE_REASON in client.get(reverse("mentoring:room", args=[late.pk])).content.decode()
    young_page = client.get(reverse("mentoring:room", args=[young.pk])).content.decode()
    assert "Charter not signed" not in young_page


def test_the_health_board_and_home_panel_apply_the_charter_grace(
    program, two_pairs, coordinator_user, rf
) -> None:
    board = client_for(coordinator_user).get(reverse("insights:health", args=[program.slug]))
    assert board.content.decode().count(LATE_REASON) == 1
    request = rf.get("/")
    request.user = coordinator_user
    panel = health_panel(request)
    assert panel is not None
    [row] = panel.context["rows"]
    assert (row["program"], row["at_risk"], row["checkin"], row["total"]) == (program, 0, 1, 2)
    assert row["fine"] == "" and row["none_running"] == "" and row["waiting"] == ""


def test_the_api_applies_the_charter_grace(program, two_pairs, coordinator_user) -> None:
    late, young = two_pairs
    client = client_for(coordinator_user)
    pairs = {p["id"]: p["health"] for p in client.get("/api/v1/pairs").json()}
    assert (pairs[late.pk]["status"], pairs[late.pk]["flags"]) == (NEEDS_CHECKIN, [LATE_REASON])
    assert (pairs[young.pk]["status"], pairs[young.pk]["flags"]) == (TOO_EARLY, [])
    one = client.get(f"/api/v1/pairs/{late.pk}").json()["health"]
    assert one["reasons"] == [LATE_REASON]
    board = {h["pair_id"]: h for h in client.get(f"/api/v1/programs/{program.pk}/health").json()}
    assert (board[late.pk]["status"], board[late.pk]["reasons"]) == (NEEDS_CHECKIN, [LATE_REASON])
    assert board[young.pk]["status"] == TOO_EARLY


# --- batched: a constant number of queries --------------------------------------------------


def make_pairs(program: Program, n: int) -> list[Pair]:
    made = []
    for i in range(n):
        pair = make_pair(program, started_on=TODAY - dt.timedelta(days=30 + i * 7))
        held(pair, 3)
        if i % 2:
            signed(pair)
        Action.objects.create(pair=pair, title="x", due_on=TODAY - dt.timedelta(days=1))
        made.append(pair)
    return made


@pytest.mark.parametrize("n", [1, 20])
def test_health_takes_three_queries_for_any_number_of_pairs(
    program, n: int, django_assert_num_queries
) -> None:
    pairs = make_pairs(program, n)
    # Pairs (with names, cadence and charter); meetings grouped by pair; actions grouped by pair.
    with django_assert_num_queries(3):
        assert len(programs_health(programs=[program])) == n
    with django_assert_num_queries(3):
        assert len(pairs_health(pairs=pairs)) == n
    with django_assert_num_queries(3):
        assert len(pairs_health(pairs=Pair.objects.filter(program=program))) == n


def test_the_room_list_and_the_pairs_api_do_not_grow_with_pairs(
    program, coordinator_user, django_assert_max_num_queries
) -> None:
    program.coordinators.add(coordinator_user)
    make_pairs(program, 1)
    client = client_for(coordinator_user)
    urls = (reverse("mentoring:index"), "/api/v1/pairs")
    counts = {}
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(40) as small:
            client.get(url)
        counts[url] = len(small.captured_queries)
    make_pairs(program, 19)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200
