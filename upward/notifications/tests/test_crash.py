"""A worker killed mid-batch, then restarted as two racing processes: every message reaches the
mail server exactly once. Real processes (`upward scheduler`, `upward db_worker`) share the test
database: on SQLite through a file copy of it, on PostgreSQL through the test database itself."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from upward.notifications.models import Channel, Delivery
from upward.notifications.tasks import send_due_deliveries
from upward.notifications.tests.factories import make_user

MESSAGES = 24
CRASH_AFTER = 7
UPWARD = [sys.executable, "-m", "upward"]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="upward.settings",
        UPWARD_VAR_DIR=str(tmp_path),
        EMAIL_BACKEND="upward.notifications.tests.crash_backend.EmailBackend",
        CRASH_OUTBOX=str(tmp_path / "outbox.jsonl"),
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        LOG_LEVEL="WARNING",
        # The restart below must happen within the interrupted send's lease, however slow
        # the machine: the lease's own length is tested in test_sending.py.
        NOTIFICATIONS_SENDING_LEASE_SECONDS="900",
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


def _statuses(tmp_path: Path) -> Counter[str]:
    if connection.vendor == "sqlite":
        with sqlite3.connect(tmp_path / "upward.sqlite3") as db:
            rows = db.execute("SELECT status FROM notifications_delivery").fetchall()
        return Counter(r[0] for r in rows)
    return Counter(Delivery.objects.values_list("status", flat=True))


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_leaves_no_duplicates_after_restart(
    tmp_path: Path, settings: Any
) -> None:
    if connection.vendor not in {"sqlite", "postgresql"}:
        pytest.skip("needs SQLite or PostgreSQL")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    past = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    users = [make_user() for _ in range(MESSAGES)]
    Delivery.objects.bulk_create(
        Delivery(
            key=f"crash:{n}:email",
            kind="charter_unsigned",
            channel=Channel.EMAIL,
            user=user,
            template="charter_unsigned",
            context={"partner_name": "Ama", "partner_signed": False, "url": "/"},
            next_attempt_at=past,
        )
        for n, user in enumerate(users)
    )
    # What the scheduler does when deliveries are due: enqueue one send task for the workers.
    send_due_deliveries.enqueue()
    if connection.vendor == "sqlite":
        # The in-memory test database, copied to the file the subprocesses will open.
        connection.ensure_connection()
        assert connection.connection is not None
        with sqlite3.connect(tmp_path / "upward.sqlite3") as target:
            connection.connection.backup(target)

    def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
            [*UPWARD, *args], env=_env(tmp_path, **env), capture_output=True, text=True, timeout=120
        )

    # 1. A real db_worker runs the send task and is SIGKILLed by the mail backend right after
    #    the mail server accepted message number CRASH_AFTER.
    worker = run("db_worker", "--batch", "--queue-name", "*", CRASH_AFTER=str(CRASH_AFTER))
    assert worker.returncode == -signal.SIGKILL, worker.stderr
    statuses = _statuses(tmp_path)
    assert statuses == {"sent": CRASH_AFTER - 1, "sending": 1, "pending": MESSAGES - CRASH_AFTER}

    # 2. Restart: two processes race to send the rest (and the scheduler flags nothing yet, as
    #    the interrupted send is still within its lease).
    racers = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            [*UPWARD, "scheduler", "--once", "--send"],
            env=_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for racer in racers:
        _, err = racer.communicate(timeout=120)
        assert racer.returncode == 0, err

    lines = [json.loads(line) for line in (tmp_path / "outbox.jsonl").read_text().splitlines()]
    keys = Counter(line["key"] for line in lines)
    assert len(keys) == MESSAGES, "every message reached the mail server"
    assert max(keys.values()) == 1, f"duplicates: {[k for k, n in keys.items() if n > 1]}"
    statuses = _statuses(tmp_path)
    # The one interrupted mid-send did arrive, but the ledger cannot know: it stays flagged
    # (and becomes "uncertain" after the lease) rather than being sent twice.
    assert statuses == {"sent": MESSAGES - 1, "sending": 1}
