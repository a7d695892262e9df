"""A seeded organisation for the input-boundary and schemathesis tests.

The demo organisation is seeded once per module inside one transaction that is rolled back at
the end, so the rest of the suite never sees it (no flush: data migrations stay). Each request a
test sends runs inside a savepoint that is rolled back after it, so every request starts from
the seeded state and a database error in one request cannot poison the next.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.test import override_settings
from django.test.utils import setup_databases, teardown_databases
from pytest_django import DjangoDbBlocker

from upward.api.api import api
from upward.community.models import CheckIn, Post
from upward.content.models import Roadmap, RoadmapStep
from upward.feedback.models import Question, Survey
from upward.matching.models import MatchRun, ProposedPair
from upward.mentoring.models import Action, Concern, GrowthEntry, LearningGoal, Meeting, Note, Pair
from upward.notifications.models import Delivery, Notification
from upward.people.models import Person, User
from upward.people.services import api_token_create
from upward.programs.models import Participant

ROLE_EMAILS = {
    "admin": "admin@example.com",
    "coordinator": "coordinator@example.com",
    "sponsor": "sponsor@example.com",
    "leader": "leader@example.com",
    "mentor": "mentor@example.com",
}


@dataclass
class Seeded:
    tokens: dict[str, str]  # role -> bearer token
    ids: dict[str, Any] = field(default_factory=dict)  # path parameter -> a real value
    schema: dict[str, Any] = field(default_factory=dict)  # the OpenAPI document

    def path_for(self, template: str) -> str:
        """The operation's path with every parameter replaced by a real object's id."""

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name == "slug":
                key = "roadmap_slug" if "/roadmaps/" in template else "space_slug"
                return str(self.ids[key])
            # A parameter of an endpoint added since: a number that names nothing (404).
            return str(self.ids.get(name, 999_999))

        return re.sub(r"{(\w+)}", value, template)


def _first_id(model: Any, **filters: Any) -> Any:
    obj = model.objects.filter(**filters).order_by("pk").first()
    return obj.pk if obj is not None else 999_999


def _real_ids() -> dict[str, Any]:
    pair = Pair.objects.order_by("pk").first()
    assert pair is not None, "the demo seeds pairs"
    run = MatchRun.objects.order_by("pk").first()
    survey = Survey.objects.order_by("pk").first()
    roadmap = Roadmap.objects.order_by("pk").first()
    return {
        "program_id": pair.program_id,
        "pair_id": pair.pk,
        "participant_id": _first_id(Participant, program_id=pair.program_id),
        "run_id": run.pk if run else 999_999,
        "proposal_id": _first_id(ProposedPair, run=run) if run else 999_999,
        "survey_id": survey.pk if survey else 999_999,
        "question_id": _first_id(Question, survey=survey) if survey else 999_999,
        "concern_id": _first_id(Concern),
        "meeting_id": _first_id(Meeting, pair=pair),
        "action_id": _first_id(Action, pair=pair),
        "note_id": _first_id(Note, pair=pair),
        "entry_id": _first_id(GrowthEntry, pair=pair),
        "goal_id": _first_id(LearningGoal, pair=pair),
        "roadmap_slug": roadmap.slug if roadmap else "none",
        "step_id": _first_id(RoadmapStep, roadmap=roadmap) if roadmap else 999_999,
        "space_slug": pair.program.slug,  # a program's community space has its slug
        "post_id": _first_id(Post),
        "checkin_id": _first_id(CheckIn),
        "notification_id": _first_id(Notification),
        "delivery_id": _first_id(Delivery),
        "employee_id": Person.objects.order_by("pk").values_list("employee_id", flat=True).first(),
    }


@pytest.fixture(scope="session")
def _test_database(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The test database, even when only these tests run (as in tests/browser/conftest.py:
    pytest-django creates it only for tests that ask for `db`, and these ask for none)."""
    if connection.settings_dict["NAME"] == connection.creation._get_test_db_name():
        yield
        return
    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS})
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=0)


@pytest.fixture(scope="module")
def seeded(_test_database: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Seeded]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
            ):
                call_command("demo", "--quiet", stdout=io.StringIO())
            tokens = {
                role: api_token_create(user=User.objects.get(email=email), name="fuzz")
                for role, email in ROLE_EMAILS.items()
            }
            yield Seeded(tokens=tokens, ids=_real_ids(), schema=api.get_openapi_schema())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def in_savepoint(seeded: Seeded, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Database access for one test, whose writes are undone after it."""
    with django_db_blocker.unblock():
        sid = transaction.savepoint()
        try:
            yield
        finally:
            transaction.savepoint_rollback(sid)


RESULTS = Path(__file__).resolve().parents[2] / "test-results"
