"""`upward seed_load` and the locustfile of `make load` (issue 16), at a tiny size: the seeded
people sign in with the published password and find their pages; the locustfile's whole page mix
runs against a live server without a failure."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from upward.demo.load import (
    LOAD_PASSWORD,
    LOAD_SLUG,
    SPONSOR_EMAIL,
    coordinator_email,
    leader_email,
    mentor_email,
    seed_load,
)
from upward.mentoring.models import Pair
from upward.people.models import Person
from upward.programs.models import Program

ROOT = Path(__file__).resolve().parents[3]
LOCUSTFILE = ROOT / "benchmarks" / "load" / "locustfile.py"


def signed_in(email: str) -> Client:
    client = Client()
    response = client.post("/login/", {"username": email, "password": LOAD_PASSWORD})
    assert response.status_code == 302, email
    return client


@pytest.mark.django_db
def test_the_load_organisation_has_its_people_pairs_and_working_logins() -> None:
    seed_load(people=80, pairs=6, demo=False, log=lambda _line: None)
    program = Program.objects.get(slug=LOAD_SLUG)
    assert Person.objects.count() == 80
    assert Pair.objects.filter(program=program, status="active").count() == 6

    leader = signed_in(leader_email(5))
    pairs = leader.get("/api/v1/pairs").json()
    items = pairs["items"] if isinstance(pairs, dict) else pairs
    assert len(items) == 1
    room = leader.get(f"/pairs/{items[0]['id']}/")
    assert room.status_code == 200
    # Pair k's two members share a room; nobody else's.
    mentor = signed_in(mentor_email(5))
    assert mentor.get(f"/pairs/{items[0]['id']}/").status_code == 200
    assert signed_in(mentor_email(4)).get(f"/pairs/{items[0]['id']}/").status_code == 404

    health = signed_in(coordinator_email(0)).get(f"/insights/programs/{LOAD_SLUG}/health/")
    assert health.status_code == 200
    dashboard = signed_in(SPONSOR_EMAIL).get(f"/insights/programs/{LOAD_SLUG}/")
    assert dashboard.status_code == 200


@pytest.mark.django_db
def test_seed_load_refuses_a_database_with_people_of_its_own() -> None:
    Person.objects.create(employee_id="X1", name="Real Person", email="real@example.com")
    with pytest.raises(CommandError, match="scratch database"):
        call_command("seed_load", "--people", "40", "--pairs", "3")
    assert not Program.objects.filter(slug=LOAD_SLUG).exists()


@pytest.fixture
def small_load_org(transactional_db: None) -> None:
    seed_load(people=80, pairs=6, demo=False, log=lambda _line: None)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="make load runs on PostgreSQL; SQLite's in-memory test database serves one request "
    "at a time to the live server",
)
def test_the_locustfile_page_mix_runs_without_a_failure(
    small_load_org: None, live_server: object, tmp_path: Path
) -> None:
    locust = Path(sys.executable).parent / "locust"
    if not locust.exists():
        pytest.skip("locust is not installed (requirements-dev.txt)")
    prefix = tmp_path / "smoke"
    # "localhost" may resolve to ::1 first, where the live server does not listen.
    host = str(live_server).replace("localhost", "127.0.0.1")
    env = {
        **os.environ,
        "LOAD_PAIRS": "6",
        "LOAD_PEOPLE": "80",
        "LOAD_SMOKE": "1",  # every role once, whatever its weight
        "LOAD_HOSTS": host,
    }
    done = subprocess.run(  # noqa: S603 (fixed arguments)
        [
            str(locust),
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--users",
            "5",
            "--spawn-rate",
            "5",
            "--run-time",
            "90s",  # a bound: the run ends as soon as every role has been through its mix
            "--csv",
            str(prefix),
            "--only-summary",
            "--host",
            host,
            "--stop-timeout",
            "2",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=150,
        check=False,
    )
    with Path(f"{prefix}_stats.csv").open() as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    failed = {
        name: row["Failure Count"] for name, row in rows.items() if row["Failure Count"] != "0"
    }
    assert failed == {}, Path(f"{prefix}_failures.csv").read_text()
    # Each of the five roles signed in, reached every page of its mix once, and stopped.
    assert int(rows["/login/ (sign in)"]["Request Count"]) == 5 * 2, done.stdout + done.stderr
    for page in (
        "/pairs/[id]/meetings/[id]/",
        "POST /api/v1/pairs/[id]/notes (write)",
        "/insights/programs/[slug]/health/",
        "/api/v1/programs/[id]/metrics",
        "/insights/",
        "/people/[id]/",
    ):
        name = page.removeprefix("POST ")
        assert name in rows, done.stderr[:3000] + "\n".join(
            f"{r['Name']} {r['Request Count']}" for r in rows.values()
        )
