"""Issue 16: a program's dashboard figures and its health board's rows are computed once a
minute, not per request. They are the same for everyone allowed to see them; access is still
asked on every request, a change to what may be shown (the anonymity threshold) shows at once,
and each language and time zone has its own health rows."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import client_for
from upward import memo
from upward.feedback.tests.factories import make_pair, make_program
from upward.insights.selectors.metrics import program_metrics
from upward.insights.tests.test_dashboard import START, build
from upward.memo import shared_cached
from upward.mentoring.selectors.health import programs_health
from upward.people.models import User

NOON = dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC)


@pytest.fixture
def program(db: None, coordinator_user: User) -> Any:
    return make_program(coordinator=coordinator_user, starts_on=START)


@pytest.fixture(autouse=True)
def cached(db: None, settings: Any) -> Any:
    settings.INSIGHTS_CACHE_SECONDS = 60
    settings.HEALTH_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def metrics(client: Any, program: Any) -> dict[str, Any]:
    response = client.get(f"/api/v1/programs/{program.pk}/metrics")
    assert response.status_code == 200
    return dict(response.json())


def test_the_figures_are_computed_once_a_minute_and_then_refreshed(
    program: Any, coordinator_user: User
) -> None:
    build(program, 3)
    client = client_for(coordinator_user)
    with time_machine.travel(NOON, tick=False):
        with CaptureQueriesContext(connection) as first:
            assert metrics(client, program)["pairs"]["active"] == 3
        with CaptureQueriesContext(connection) as second:
            again = metrics(client, program)
        # The pass over pairs, meetings, actions and answers is skipped the second time.
        assert len(second) <= len(first) - 5
        make_pair(program, started_on=START)
        assert again["pairs"]["active"] == 3
        assert metrics(client, program)["pairs"]["active"] == 3  # within the minute
    with time_machine.travel(NOON + dt.timedelta(seconds=61), tick=False):
        assert metrics(client, program)["pairs"]["active"] == 4


def test_cached_figures_are_never_shown_to_someone_who_may_not_see_them(
    program: Any, coordinator_user: User, plain_user: User
) -> None:
    build(program, 3)
    with time_machine.travel(NOON, tick=False):
        metrics(client_for(coordinator_user), program)  # now in the cache
        response = client_for(plain_user).get(f"/api/v1/programs/{program.pk}/metrics")
        assert response.status_code == 404
        page = client_for(plain_user).get(f"/insights/programs/{program.slug}/")
        assert page.status_code == 404


def test_raising_the_anonymity_threshold_shows_at_once(
    program: Any, coordinator_user: User
) -> None:
    build(program, 3)
    client = client_for(coordinator_user)
    with time_machine.travel(NOON, tick=False):
        before = metrics(client, program)
        program.anonymity_threshold += 2
        program.save(update_fields=["anonymity_threshold"])
        after = metrics(client, program)
    assert after["anonymity_threshold"] == before["anonymity_threshold"] + 2


def health(client: Any, program: Any, **headers: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/programs/{program.pk}/health", **headers)
    assert response.status_code == 200
    return list(response.json())


def test_the_rows_are_computed_once_a_minute_and_then_refreshed(
    program: Any, coordinator_user: User
) -> None:
    build(program, 3)
    client = client_for(coordinator_user)
    with time_machine.travel(NOON, tick=False):
        with CaptureQueriesContext(connection) as first:
            assert len(health(client, program)) == 3
        with CaptureQueriesContext(connection) as second:
            assert len(health(client, program)) == 3
        # The pass over pairs, meetings and actions is skipped the second time.
        assert len(second) <= len(first) - 3
        make_pair(program, started_on=START)
        assert len(health(client, program)) == 3  # within the minute
        board = client.get(f"/insights/programs/{program.slug}/health/")
        assert board.status_code == 200
    with time_machine.travel(NOON + dt.timedelta(seconds=61), tick=False):
        assert len(health(client, program)) == 4


def test_cached_rows_are_never_shown_to_someone_who_may_not_see_them(
    program: Any, coordinator_user: User, plain_user: User, sponsor_user: User
) -> None:
    build(program, 3)
    with time_machine.travel(NOON, tick=False):
        health(client_for(coordinator_user), program)  # now in the cache
        for outsider in (plain_user, sponsor_user):
            api = client_for(outsider).get(f"/api/v1/programs/{program.pk}/health")
            assert api.status_code == 404
            page = client_for(outsider).get(f"/insights/programs/{program.slug}/health/")
            assert page.status_code == 404


def test_each_language_has_its_own_rows(program: Any, coordinator_user: User) -> None:
    build(program, 3)
    client = client_for(coordinator_user)
    with time_machine.travel(NOON, tick=False):
        english = health(client, program, HTTP_ACCEPT_LANGUAGE="en")
        client.post("/language/", {"language": "fr", "next": "/"})
        french = health(client, program)
    assert [r["pair_id"] for r in english] == [r["pair_id"] for r in french]
    assert english[0]["reasons"] != french[0]["reasons"]


def test_a_process_unpickles_the_shared_rows_once_and_follows_the_shared_entry(
    program: Any,
) -> None:
    """Each app process keeps the rows it last read (upward/memo.py): a second read answers
    from that copy, and whatever empties the shared cache (another server's refresh, expiry,
    a clear) is followed at once."""
    build(program, 3)
    with time_machine.travel(NOON, tick=False):
        first = programs_health(programs=[program])
        second = programs_health(programs=[program])
        assert second[0] is first[0]  # the same rows, not fetched and unpickled again
        assert second is not first  # a list of its own, for a caller to filter or sort
        make_pair(program, started_on=START)
        assert len(programs_health(programs=[program])) == 3  # within the minute
        cache.clear()
        assert len(programs_health(programs=[program])) == 4
        figures = program_metrics(program=program)
        assert program_metrics(program=program) is figures
        cache.clear()
        assert program_metrics(program=program) is not figures


def test_a_process_keeps_a_bounded_number_of_copies() -> None:
    for n in range(200):
        assert shared_cached(f"test.memo.{n}", 60, lambda n=n: [n]) == [n]
    assert len(memo._local) <= memo._KEEP
    assert shared_cached("test.memo.199", 60, lambda: ["recomputed"]) == [199]


def test_a_burst_of_threads_gets_one_value_and_the_process_keeps_one_copy(settings: Any) -> None:
    """App servers run threads: many requests asking at once for an entry none of them holds
    all get the value, and afterwards the process answers from one kept copy. (A shared cache
    in memory: the test database's cache table is not visible to other threads' connections.)"""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "b"}
    }
    computed: list[int] = []
    start = threading.Barrier(16)

    def compute() -> list[int]:
        computed.append(1)
        return [42]

    def ask() -> list[int]:
        start.wait()
        return shared_cached("test.memo.burst", 60, compute)

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(lambda _: ask(), range(16)))
    assert answers == [[42]] * 16
    assert 1 <= len(computed) <= 16
    kept = shared_cached("test.memo.burst", 60, lambda: [0])
    assert kept == [42] and shared_cached("test.memo.burst", 60, lambda: [0]) is kept
