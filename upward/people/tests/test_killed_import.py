"""Issue 12, item 1, for imports: a directory import needs no lease because it is one
transaction. A real `upward import_people` killed with SIGKILL half-way through writing leaves
nothing behind, and the same file imports whole afterwards."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from upward.people.importing import COLUMNS

IMPORT = [sys.executable, "-m", "upward"]
BLOCKING_IMPORT = [sys.executable, "-m", "upward.people.tests.blocking_import"]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="upward.settings",
        UPWARD_VAR_DIR=str(tmp_path),
        LOG_LEVEL="WARNING",
        BLOCK_MARKER=str(tmp_path / "blocked"),
    )
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:"
            f"{s['PORT'] or 5432}/{s['NAME']}"
        )
    return env


def _count(tmp_path: Path, table: str) -> int:
    if connection.vendor == "sqlite":
        with sqlite3.connect(tmp_path / "upward.sqlite3") as db:
            return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - a fixed table name
        return int(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_half_way_writes_nothing(tmp_path: Path, settings: Any) -> None:
    if connection.vendor not in {"sqlite", "postgresql"}:
        pytest.skip("needs SQLite or PostgreSQL")
    rows = [
        f"E{i},Person {i},p{i}@example.com,Analyst,3,Ops,,,UTC,en,Group {i % 3},,"
        for i in range(200)
    ]
    source = tmp_path / "people.csv"
    source.write_text("\n".join([",".join(COLUMNS), *rows]) + "\n", encoding="utf-8")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        assert connection.connection is not None
        with sqlite3.connect(tmp_path / "upward.sqlite3") as target:
            connection.connection.backup(target)

    importer = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        [*BLOCKING_IMPORT, "import_people", str(source)],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "blocked").exists():  # waiting for another process
            assert importer.poll() is None, importer.communicate()
            assert time.monotonic() < deadline, "the import never reached its writes"
            time.sleep(0.2)
    finally:
        importer.send_signal(signal.SIGKILL)
        importer.communicate(timeout=30)
    assert importer.returncode == -signal.SIGKILL
    assert _count(tmp_path, "people_person") == 0, "the half-written people were rolled back"
    assert _count(tmp_path, "people_importbatch") == 0

    again = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [*IMPORT, "import_people", str(source)],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    assert "200 created" in again.stdout
    assert _count(tmp_path, "people_person") == 200
