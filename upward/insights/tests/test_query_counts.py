"""How many queries the coordinator's and sponsor's pages take (issue 16: CPU per request).

`benchmarks/bench_pages.py` prints the same pages on a larger organisation; these pin the counts
so that a panel added later, or a query moved into a loop, shows up here rather than under load.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from conftest import client_for
from upward.feedback.tests.factories import make_program
from upward.insights.tests.test_dashboard import START, build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def program(db: None, coordinator_user, sponsor_user):
    program = make_program(coordinator=coordinator_user, sponsor=sponsor_user, starts_on=START)
    build(program, 6, answered_3=5, answered_6=3)
    return program


def queries(client, url: str, django_assert_max_num_queries, most: int) -> int:
    client.get(url)  # warm: first connection, templates, the metrics cache
    with django_assert_max_num_queries(most) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("who", "url", "most"),
    [
        # Before issue 16's pass: 30, 34, 11 and 9.
        ("coordinator_user", "/", 21),
        ("sponsor_user", "/", 27),
        ("coordinator_user", "/insights/programs/{slug}/health/", 9),
        ("coordinator_user", "/api/v1/programs/{pk}/health", 7),
    ],
)
def test_pages_stay_within_their_queries(
    request, program, who: str, url: str, most: int, django_assert_max_num_queries
) -> None:
    client = client_for(request.getfixturevalue(who))
    url = url.format(slug=program.slug, pk=program.pk)
    queries(client, url, django_assert_max_num_queries, most)
