"""Browser journeys in headless Chromium (Debian's package) driven by Playwright.

Playwright cannot download browsers here, so we use the system Chromium. Without it, every
browser test is skipped with a message saying how to get it; the rest of the suite still runs.

The journeys run against the demo organisation, seeded ONCE per session (it takes seconds) into
the test database and served by one live server. So the tests do not get a fresh database each:
they share the demo, write through the pages like a person would, and must not depend on each
other's writes. To keep the rest of the suite on an empty database, browser tests run last, and
the database is emptied when the session ends.
"""

from __future__ import annotations

import importlib
import io
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import override_settings
from django.test.utils import setup_databases, teardown_databases
from playwright.sync_api import sync_playwright
from pytest_django import DjangoDbBlocker
from pytest_django.live_server_helper import LiveServer

from upward.demo.context import DEMO_PASSWORD
from upward.people.models import User

FIRST_ADMIN = "first-admin@acme.test"
_seeded: list[bool] = []  # the demo is in this process's database

CHROMIUM = os.environ.get("UPWARD_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = Path(CHROMIUM).exists()
SKIP_REASON = (
    f"browser tests need Chromium (looked for {CHROMIUM!r}); install it with "
    "`apt-get install -y chromium` or set UPWARD_CHROMIUM"
)
# Kept as CI output: each journey's steps, on desktop and on a phone.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    browser, others = [], []
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)
            if not HAVE_CHROMIUM:
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))
            browser.append(item)
        else:
            others.append(item)
    # Last, so no other test in the same process ever sees the demo data. With pytest-xdist,
    # each worker that gets journeys seeds its own demo (`--dist loadgroup` would keep them on
    # one worker, but it does not group on pytest 9.2: pytest-dev/pytest-xdist#1386).
    # Journeys from an empty database go first among them: the demo is seeded only after.
    fresh = [item for item in browser if item.get_closest_marker("fresh_database")]
    items[:] = others + fresh + [item for item in browser if item not in fresh]


@pytest.fixture(scope="session")
def _async_unsafe_allowed() -> None:
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # fixtures here are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser(_async_unsafe_allowed: None) -> Iterator[Any]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _test_database(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The test database, even when only browser journeys run.

    pytest-django creates it only for collected tests that ask for it by marker or fixture, and
    these journeys ask for neither (see `demo_server`).
    """
    if connection.settings_dict["NAME"] == connection.creation._get_test_db_name():
        yield  # the rest of the suite asked for it: pytest-django made it
        return
    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS})
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=0)


@pytest.fixture(scope="session")
def demo_server(
    browser: Any, _test_database: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[LiveServer]:
    """The demo organisation, committed to the test database, behind one live server.

    Not pytest-django's `live_server` nor its `db` fixtures: those make each test transactional
    (emptying the database after it, demo and all) or wrap it in a transaction (which, on
    SQLite, where the server shares the test's connection, would hold back the server's
    commits and their on-commit tasks). The tests get plain database access instead (`page`).
    Set up after the browser on purpose: Playwright's running event loop makes Django keep
    connections per context, and the server must share the connection of the tests' context
    (an in-memory SQLite database lives only as long as that connection).
    """
    with django_db_blocker.unblock():
        # Seeded as the tests sign in: cheap hashes, tasks run at once (see the root conftest).
        with override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        ):
            call_command("demo", "--quiet", stdout=io.StringIO())
        _seeded.append(True)
        server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    yield server
    # Each request thread closes its database connections as it ends (its browser context is
    # closed by then). Wait for them while the server still lends them the connection: after
    # `stop()` they may no longer touch it, and PostgreSQL refuses to drop a database in use.
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=10)
    server._live_server_modified_settings.disable()
    server.stop()
    # Leave the database as empty as the rest of the suite expects it, and close this context's
    # connection: once the browser's event loop stops, Django uses the thread's other one.
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        connections.close_all()


@pytest.fixture(scope="module")
def fresh_server(
    browser: Any, _test_database: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[LiveServer]:
    """An empty organisation (only the first org admin, as `upward createsuperuser` makes
    them) behind a live server, for journeys that start from nothing.

    Runs before the demo is seeded in this process (the modules are marked `fresh_database`
    and ordered first); it refuses to run after, rather than wipe the demo under other tests.
    """
    if _seeded:
        pytest.fail("fresh_server must run before demo_server (mark the module fresh_database)")
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        _install_shipped_content()
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            User.objects.create_superuser(email=FIRST_ADMIN, password=DEMO_PASSWORD)
        server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    yield server
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=10)
    server._live_server_modified_settings.disable()
    server.stop()
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def _install_shipped_content() -> None:
    """What the migrations install in every new deployment (flush removed it): the seed topics
    and the conversation library, with today's models."""
    from django.apps import apps

    from upward.content.library import library_install

    migration = importlib.import_module("upward.programs.migrations.0003_seed_topics")
    migration.seed_topics(apps, None)
    library_install(apps=apps)


@pytest.fixture
def fresh_page(
    browser: Any, fresh_server: LiveServer, django_db_blocker: DjangoDbBlocker
) -> Iterator[Any]:
    """A browser context on the empty organisation's server."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=fresh_server.url
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    with django_db_blocker.unblock():
        yield page
    context.close()


@pytest.fixture
def page(
    browser: Any, demo_server: LiveServer, django_db_blocker: DjangoDbBlocker
) -> Iterator[Any]:
    """A fresh browser context (no cookies) on the demo server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=demo_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    # The server's request threads need the database while the test drives the pages.
    with django_db_blocker.unblock():
        yield page
    context.close()


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page: Any, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
