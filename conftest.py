"""Shared fixtures: a small fixed cast of users, one per role, as in healthchecks' tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from pytest_django import Settings

from upward.people.models import User
from upward.people.tests.factories import PersonFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    # Argon2 is deliberately slow; tests that are not about hashing do not need it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests see every change at once; test_metrics_cache.py turns the cache on.
    settings.INSIGHTS_CACHE_SECONDS = 0
    settings.HEALTH_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Settings) -> None:
    # Tests run background tasks eagerly unless a test opts into the database backend.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def admin_user(db: None) -> User:
    """Alice, the org admin."""
    return UserFactory(
        email="alice@example.com",
        name="Alice Admin",
        is_org_admin=True,
        person=PersonFactory(name="Alice Admin", email="alice@example.com", level=6),
    )


@pytest.fixture
def coordinator_user(db: None) -> User:
    """Carol, a program coordinator."""
    return UserFactory(
        email="carol@example.com",
        name="Carol Coordinator",
        is_coordinator=True,
        person=PersonFactory(name="Carol Coordinator", email="carol@example.com", level=6),
    )


@pytest.fixture
def sponsor_user(db: None) -> User:
    """Sam, the executive sponsor."""
    return UserFactory(
        email="sam@example.com",
        name="Sam Sponsor",
        is_sponsor=True,
        person=PersonFactory(name="Sam Sponsor", email="sam@example.com", level=11),
    )


@pytest.fixture
def plain_user(db: None) -> User:
    """Pat, an employee with no role yet."""
    return UserFactory(
        email="pat@example.com",
        name="Pat Plain",
        person=PersonFactory(name="Pat Plain", email="pat@example.com", level=3),
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client_(admin_user: User) -> Client:
    return client_for(admin_user)


@pytest.fixture
def coordinator_client(coordinator_user: User) -> Client:
    return client_for(coordinator_user)


@pytest.fixture
def sponsor_client(sponsor_user: User) -> Client:
    return client_for(sponsor_user)


@pytest.fixture
def plain_client(plain_user: User) -> Client:
    return client_for(plain_user)


# The schemathesis run (tests/fuzz/test_api_schemathesis.py) leaves one file per pytest-xdist
# worker; these hooks run on the controller, which never loads tests/fuzz/conftest.py.
FUZZ_RESULTS = Path(__file__).resolve().parent / "test-results"


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # the controller (or a run without xdist)
        for stale in FUZZ_RESULTS.glob("schemathesis-*.json"):
            stale.unlink()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The schemathesis run in numbers (operations, cases, server errors), summed over the
    pytest-xdist workers, each of which wrote its own file (test_api_schemathesis.py)."""
    cases: dict[str, int] = {}
    errors: list[str] = []
    for part in sorted(FUZZ_RESULTS.glob("schemathesis-*.json")):
        run = json.loads(part.read_text())
        for operation, count in run["cases"].items():
            cases[operation] = cases.get(operation, 0) + count
        errors += run["errors"]
    if not cases:
        return
    terminalreporter.write_line(
        f"schemathesis: {len(cases)} operations, {sum(cases.values())} cases, "
        f"{len(errors)} server errors"
    )
    for error in errors:
        terminalreporter.write_line(f"  server error: {error}")
