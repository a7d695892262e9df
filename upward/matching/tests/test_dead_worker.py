"""Issue 12, item 1: a match run whose worker is killed (`kill -9`) mid-scoring does not stay
`running` forever. Real processes share the test database (SQLite through a file copy of it,
PostgreSQL through the test database itself): a `db_worker` that blocks while scoring, the
`upward scheduler` that finds the stale run, and a fresh `db_worker` that finishes it."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from upward.matching import services
from upward.people.models import User
from upward.programs.models import Topic
from upward.programs.tests.factories import matching_program

UPWARD = [sys.executable, "-m", "upward"]
BLOCKING_WORKER = [sys.executable, "-m", "upward.matching.tests.blocking_worker"]
LEADERS = 3


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="upward.settings",
        UPWARD_VAR_DIR=str(tmp_path),
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        BLOCK_MARKER=str(tmp_path / "blocked"),
        MATCH_RUN_HEARTBEAT_SECONDS="1",
    )
    env.pop("EMAIL_HOST", None)
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:"
            f"{s['PORT'] or 5432}/{s['NAME']}"
        )
    env.update(extra)
    return env


def _reader(tmp_path: Path) -> Callable[[str, list[Any]], list[tuple[Any, ...]]]:
    """Reads what the subprocesses wrote: the file copy on SQLite, the database on PostgreSQL."""

    def read(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        if connection.vendor == "sqlite":
            with sqlite3.connect(tmp_path / "upward.sqlite3") as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    return read


def _wait_for(check: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """Waits for another process (polling; there is no clock to move across processes)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("max_attempts", "outcome"), [("2", "requeued and finished"), ("1", "failed with a reason")]
)
def test_a_run_whose_worker_is_killed_mid_scoring_is_recovered(
    tmp_path: Path, settings: Any, coordinator_user: User, max_attempts: str, outcome: str
) -> None:
    if connection.vendor not in {"sqlite", "postgresql"}:
        pytest.skip("needs SQLite or PostgreSQL")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # A transactional test before this one may have flushed the topics the migrations seed.
    for slug in ("digital-tools-ai", "social-platforms"):
        Topic.objects.get_or_create(slug=slug, defaults={"name": slug.replace("-", " ")})
    program = matching_program(coordinator_user, leaders=LEADERS, mentors=LEADERS)
    run = services.run_start(actor=coordinator_user, program=program)  # enqueued on commit
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        assert connection.connection is not None
        with sqlite3.connect(tmp_path / "upward.sqlite3") as target:
            connection.connection.backup(target)
    read = _reader(tmp_path)

    def row() -> tuple[Any, ...]:
        return read(
            "SELECT status, stage, attempts, heartbeat_at, error FROM matching_matchrun "
            "WHERE id = %s",
            [run.pk],
        )[0]

    def run_cmd(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
            [*UPWARD, *args], env=_env(tmp_path, **env), capture_output=True, text=True, timeout=120
        )

    # 1. A real worker takes the run and blocks in the middle of scoring, still beating.
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        [*BLOCKING_WORKER, "db_worker", "--queue-name", "*", "--no-reload", "--no-startup-delay"],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(lambda: (tmp_path / "blocked").exists(), "the worker to reach scoring")
        first_beat = row()[3]
        _wait_for(lambda: row()[3] != first_beat, "a heartbeat from the blocked worker")
        status, stage, attempts, _, _ = row()
        assert (status, stage, attempts) == ("running", "scoring", 1)
    finally:
        # 2. kill -9 while it is scoring.
        worker.send_signal(signal.SIGKILL)
        worker.communicate(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    assert row()[0] == "running", "nothing can tell the run its worker is gone..."

    # 3. ...but its heartbeat stops, and the scheduler's next tick after the lease finds it.
    #    (A 2 s lease here: the default is 60 s, which with the 60 s tick is two minutes.)
    def scheduler_tick() -> bool:
        tick = run_cmd(
            "scheduler", "--once", MATCH_RUN_LEASE_SECONDS="2", MATCH_RUN_MAX_ATTEMPTS=max_attempts
        )
        assert tick.returncode == 0, tick.stderr
        return row()[0] != "running"

    _wait_for(scheduler_tick, "the scheduler to recover the run", timeout=90)

    if outcome == "failed with a reason":
        status, stage, attempts, _, error = row()
        assert (status, attempts) == ("failed", 1)
        assert "The worker running this match stopped" in error
        assert "start a new run" in error
        return

    # 4. Requeued: a fresh worker finishes it, and the proposals are there exactly once.
    assert row()[0] == "queued"
    fresh = run_cmd("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay")
    assert fresh.returncode == 0, fresh.stderr
    status, stage, attempts, _, error = row()
    assert (status, stage, attempts, error) == ("done", "done", 2, "")
    proposals = read("SELECT COUNT(*) FROM matching_proposedpair WHERE run_id = %s", [run.pk])
    assert proposals == [(LEADERS,)]


def test_lease_and_tick_bound_the_recovery_to_two_minutes(settings: Any) -> None:
    lease = dt.timedelta(seconds=settings.MATCH_RUN_LEASE_SECONDS)
    beat = dt.timedelta(seconds=settings.MATCH_RUN_HEARTBEAT_SECONDS)
    tick = dt.timedelta(seconds=60)  # `upward scheduler`'s default interval
    assert lease + tick <= dt.timedelta(minutes=2)
    assert lease >= 3 * beat, "a live worker may miss two beats without losing its run"
