"""Issue 12, item 1, in one process: the lease (a run is recovered only after its heartbeat is
older than MATCH_RUN_LEASE_SECONDS), requeue then fail, the scheduler's tick, a worker that
finds its run taken away, and the coordinator's cancel through the page and the API.
The real kill -9 of a worker is in test_dead_worker.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from conftest import client_for
from upward.audit.models import AuditEntry
from upward.errors import ServiceError
from upward.matching import services
from upward.matching.models import MatchRun
from upward.matching.services import runs
from upward.matching.tests.factories import run_started
from upward.notifications.scheduling import scheduler_tick
from upward.people.models import User
from upward.people.tests.factories import UserFactory
from upward.programs.tests.factories import matching_program

pytestmark = pytest.mark.django_db
Capture = Callable[..., Any]
T0 = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


def stuck_run(coordinator: User, *, attempts: int = 1) -> MatchRun:
    """A run as a killed worker leaves it: running, with a last heartbeat at T0."""
    program = matching_program(coordinator, leaders=2, mentors=2)
    services.run_start(actor=coordinator, program=program)  # queued; the task is not run
    run = MatchRun.objects.get(program=program)
    MatchRun.objects.filter(pk=run.pk).update(
        status="running", stage="scoring", started_at=T0, heartbeat_at=T0, attempts=attempts
    )
    run.refresh_from_db()
    return run


def test_a_stuck_run_blocks_new_runs_and_discard_until_recovered(
    coordinator_user: User,
) -> None:
    run = stuck_run(coordinator_user)
    with pytest.raises(ServiceError, match="already in progress") as caught:
        services.run_start(actor=coordinator_user, program=run.program)
    assert caught.value.status == 409
    with pytest.raises(ServiceError):
        services.run_discard(actor=coordinator_user, run=run)


def test_the_scheduler_leaves_a_run_alone_while_its_worker_beats(
    coordinator_user: User, settings: Any
) -> None:
    run = stuck_run(coordinator_user)
    lease = dt.timedelta(seconds=settings.MATCH_RUN_LEASE_SECONDS)
    with time_machine.travel(T0 + lease - dt.timedelta(seconds=1), tick=False):
        assert not services.runs_recover_stale()
    run.refresh_from_db()
    assert run.status == "running"


def test_a_run_whose_worker_stopped_is_requeued_and_then_finishes(
    coordinator_user: User, settings: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    run = stuck_run(coordinator_user)
    lease = dt.timedelta(seconds=settings.MATCH_RUN_LEASE_SECONDS)
    # The task backend runs eagerly in tests: the requeued run is executed at once.
    with (
        time_machine.travel(T0 + lease + dt.timedelta(seconds=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tick = scheduler_tick()
    assert tick.runs.requeued == [run.pk]
    assert "match runs requeued (worker gone)" in tick.summary()
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("done", 2)
    assert run.proposals.count() == 2


def test_after_the_last_attempt_the_run_fails_with_a_reason_and_a_new_run_may_start(
    coordinator_user: User, settings: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    run = stuck_run(coordinator_user, attempts=settings.MATCH_RUN_MAX_ATTEMPTS)
    with time_machine.travel(T0 + dt.timedelta(minutes=2), tick=False):
        recovered = services.runs_recover_stale()
    assert recovered.failed == [run.pk]
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.error.startswith("The worker running this match stopped (last seen 4 May 2026")
    page = client_for(coordinator_user).get(f"/matching/runs/{run.pk}/")
    assert "The worker running this match stopped" in page.content.decode()
    services.run_discard(actor=coordinator_user, run=run)
    again = run_started(run.program, coordinator_user)
    assert again.status == "done"


def test_two_schedulers_recover_a_run_once(
    coordinator_user: User, settings: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    run = stuck_run(coordinator_user, attempts=settings.MATCH_RUN_MAX_ATTEMPTS)
    with time_machine.travel(T0 + dt.timedelta(minutes=2), tick=False):
        first = services.runs_recover_stale()
        second = services.runs_recover_stale()
    assert (first.failed, second.failed) == ([run.pk], [])


def test_a_worker_whose_run_was_cancelled_stops_without_saving(
    coordinator_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = matching_program(coordinator_user, leaders=2, mentors=2)
    services.run_start(actor=coordinator_user, program=program)
    run = MatchRun.objects.get(program=program)
    real_solve = runs.solve

    def cancelled_while_solving(instance: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        services.run_cancel(actor=coordinator_user, run=run)
        return real_solve(instance, **kwargs)

    monkeypatch.setattr(runs, "solve", cancelled_while_solving)
    finished = services.run_execute(run_id=run.pk)
    assert finished.status == "failed"
    assert finished.error.startswith("Cancelled by Carol Coordinator")
    assert finished.proposals.count() == 0


def test_a_recovered_run_is_not_saved_by_its_old_worker(
    coordinator_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow worker (not dead) whose run was requeued meanwhile writes nothing."""
    program = matching_program(coordinator_user, leaders=2, mentors=2)
    services.run_start(actor=coordinator_user, program=program)
    run = MatchRun.objects.get(program=program)
    real_solve = runs.solve

    def recovered_while_solving(instance: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        result = real_solve(instance)  # no progress calls: the stop is caught at saving
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=5), tick=False):
            services.runs_recover_stale()
        return result

    monkeypatch.setattr(runs, "solve", recovered_while_solving)
    finished = services.run_execute(run_id=run.pk)
    assert (finished.status, finished.proposals.count()) == ("queued", 0)


# --- cancel: page and API ---------------------------------------------------------------------


def test_a_coordinator_cancels_a_stuck_run_from_its_page(
    coordinator_user: User, coordinator_client: Client
) -> None:
    run = stuck_run(coordinator_user)
    page = coordinator_client.get(f"/matching/runs/{run.pk}/")
    assert f'action="/matching/runs/{run.pk}/cancel/"' in page.content.decode()
    response = coordinator_client.post(f"/matching/runs/{run.pk}/cancel/", follow=True)
    assert "Run 1 cancelled. You can start a new run." in response.content.decode()
    run.refresh_from_db()
    assert run.status == "failed" and run.error.startswith("Cancelled by Carol Coordinator")
    assert run_started(run.program, coordinator_user).status == "done"


def test_the_api_cancels_a_run_and_refuses_a_finished_one(
    coordinator_user: User, coordinator_client: Client
) -> None:
    run = stuck_run(coordinator_user)
    url = f"/api/v1/programs/{run.program_id}/match-runs/{run.pk}/cancel"
    body = coordinator_client.post(url).json()
    assert body["status"] == "failed" and body["error"].startswith("Cancelled by")
    assert [e.action for e in AuditEntry.objects.filter(program_id=run.program_id)] == [
        "match_run.cancelled"
    ]
    again = coordinator_client.post(url)
    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "run"
    discard = coordinator_client.post(
        f"/api/v1/programs/{run.program_id}/match-runs/{run.pk}/discard"
    )
    assert discard.json()["status"] == "discarded"


@pytest.mark.parametrize("who", ["sponsor_user", "plain_user", "another_coordinator"])
def test_nobody_else_may_cancel_a_run(
    coordinator_user: User, who: str, request: pytest.FixtureRequest
) -> None:
    run = stuck_run(coordinator_user)
    if who == "another_coordinator":  # a coordinator, but not of this program
        user = UserFactory(is_coordinator=True)
    else:
        user = request.getfixturevalue(who)
    client = client_for(user)
    assert client.post(f"/matching/runs/{run.pk}/cancel/").status_code == 404
    api = client.post(f"/api/v1/programs/{run.program_id}/match-runs/{run.pk}/cancel")
    assert api.status_code == 404
    run.refresh_from_db()
    assert run.status == "running"
