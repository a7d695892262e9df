"""Schemathesis against /api/v1/openapi.json: every operation, as every role, no server error.

The demo organisation is seeded (tests/fuzz/conftest.py); each role calls with its own API
token; path parameters are real objects' ids (a program, a pair, a survey, ...) so the
generated bodies and queries reach the services instead of stopping at a 404. Every request
runs in a savepoint rolled back after it. Bounded: `UPWARD_FUZZ_EXAMPLES` examples per
operation and role (2 in `make test`, deterministic: about 1,100 requests; `make fuzz` runs
10).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from pytest_django import DjangoDbBlocker
from schemathesis.checks import not_a_server_error

from tests.fuzz.conftest import RESULTS, ROLE_EMAILS, Seeded
from upward.api.api import api

EXAMPLES = int(os.environ.get("UPWARD_FUZZ_EXAMPLES", "2"))
SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
SCHEMA.app = get_wsgi_application()

# operation -> cases run, and the server errors found: reported at the end of the run
# (tests/fuzz/conftest.py prints them in pytest's terminal summary).
RUN: dict[str, Any] = {"cases": {}, "errors": []}


@pytest.fixture(scope="module")
def wsgi_in_test_transaction(seeded: Seeded, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Requests through the WSGI app share the test's connection and its open transaction:
    Django's own test client disconnects `close_old_connections` the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock():
        yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
    # For the run's summary line (tests/fuzz/conftest.py), one file per pytest-xdist worker.
    RESULTS.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    (RESULTS / f"schemathesis-{worker}.json").write_text(json.dumps(RUN))


def _real_path_parameters(case: Any, seeded: Seeded) -> None:
    for name in list(case.path_parameters):
        if name == "slug":
            key = "roadmap_slug" if "/roadmaps/" in case.path else "space_slug"
            case.path_parameters[name] = seeded.ids[key]
        elif name in seeded.ids:
            case.path_parameters[name] = seeded.ids[name]


@pytest.mark.parametrize("role", sorted(ROLE_EMAILS))
@SCHEMA.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_generated_request_without_a_server_error(
    case: Any, role: str, seeded: Seeded, wsgi_in_test_transaction: None
) -> None:
    _real_path_parameters(case, seeded)
    label = f"{case.method} {case.path}"
    RUN["cases"][label] = RUN["cases"].get(label, 0) + 1
    savepoint = transaction.savepoint()
    try:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {seeded.tokens[role]}"}
        case.cookies = {}
        response = case.call()
        if response.status_code >= 500:
            RUN["errors"].append(f"{role} {label} -> {response.status_code}")
        case.validate_response(response, checks=[not_a_server_error])
        content_type = (response.headers.get("content-type") or [""])[0]
        assert content_type.startswith("application/json") or (
            response.status_code in {204, 304} or case.path.endswith(("/docs", ".ics"))
        ), f"{label}: {response.status_code} {content_type}"
    finally:
        transaction.savepoint_rollback(savepoint)
