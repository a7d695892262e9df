"""Issue 16: one pair's health (its room, the follow-up page, the pairs API) is counted in
Python from the pair's own rows, while the health board groups every pair in SQL. The two must
give the same facts, status and reasons for any pair; these pairs cover every rule."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest
import time_machine

from upward.access.pairs import pairs_with_people
from upward.feedback.tests.factories import make_pair, make_program
from upward.mentoring.models import Action, Charter, Meeting, Pair
from upward.mentoring.selectors.health import pair_health, pairs_health

NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
TODAY = NOW.date()
MEETING_STATUSES = [s for s, _ in Meeting.Status.choices]
ACTION_STATUSES = [s for s, _ in Action.Status.choices]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _random_pair(program, rng: random.Random, n: int) -> Pair:
    started = TODAY - dt.timedelta(days=rng.choice([3, 20, 45, 90, 200]))
    status = rng.choice([Pair.Status.ACTIVE] * 4 + [Pair.Status.ENDED, Pair.Status.CLOSED])
    pair = make_pair(program, started_on=started, status=status)
    if status != Pair.Status.ACTIVE:
        Pair.objects.filter(pk=pair.pk).update(ended_on=TODAY - dt.timedelta(days=2))
    for _ in range(rng.randint(0, 8)):
        Meeting.objects.create(
            pair=pair,
            starts_at=NOW + dt.timedelta(days=rng.randint(-120, 40), hours=rng.randint(0, 23)),
            status=rng.choice(MEETING_STATUSES),
            cancelled_by_role=rng.choice(["", "leader", "mentor"]),
        )
    for k in range(rng.randint(0, 6)):
        Action.objects.create(
            pair=pair,
            title=f"Action {n}.{k}",
            due_on=rng.choice([None, TODAY - dt.timedelta(days=5), TODAY + dt.timedelta(days=9)]),
            status=rng.choice(ACTION_STATUSES),
            published=rng.random() < 0.4,
        )
    if rng.random() < 0.6:
        Charter.objects.create(
            pair=pair,
            leader_signed_at=NOW,
            mentor_signed_at=NOW if rng.random() < 0.7 else None,
        )
    return pair


@pytest.mark.parametrize("seed", range(6))
def test_one_pairs_health_equals_the_boards_for_any_pair(db: None, seed: int) -> None:
    rng = random.Random(seed)
    program = make_program(slug=f"p{seed}", cadence_days=rng.choice([14, 30]))
    pairs = [_random_pair(program, rng, n) for n in range(8)]
    board = pairs_health(pairs=Pair.objects.filter(program=program))
    for loaded in pairs_with_people().filter(pk__in=[p.pk for p in pairs]):
        single = pair_health(pair=loaded)
        assert dataclasses.asdict(single) == dataclasses.asdict(board[loaded.pk]), loaded.pk


def test_a_pair_without_its_people_loaded_costs_no_name_queries(
    db: None, django_assert_max_num_queries
) -> None:
    program = make_program(slug="bare")
    pair = Pair.objects.select_related("program").get(
        pk=make_pair(program, started_on=TODAY - dt.timedelta(days=40)).pk
    )
    with django_assert_max_num_queries(3):  # meetings, actions, charter
        health = pair_health(pair=pair)
    assert health.leader_name == "" and health.status
