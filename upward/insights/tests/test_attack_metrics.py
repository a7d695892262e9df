"""The subtraction attack of issue 11 against the dashboard's numbers and the metrics API.

A coordinator or sponsor reads `/api/v1/programs/{id}/metrics` for all cohorts and for each
cohort in turn; when one cohort is hidden, "all minus the visible cohorts" must not give its
answers. Responses are written directly, cohort months kept as they are (the storage layer would
have coarsened the small cohort: this tests the figures layer on its own).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from conftest import client_for
from upward.feedback.models import Answer, Question, Response, Survey
from upward.feedback.services.schedule import survey_defaults_ensure
from upward.feedback.tests.factories import make_pair, make_program
from upward.insights.selectors.metrics import program_metrics

COHORTS = {dt.date(2026, 1, 1): (9, 4), dt.date(2026, 2, 1): (6, 4), dt.date(2026, 3, 1): (2, 1)}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def program(db: None, coordinator_user, sponsor_user):
    program = make_program(coordinator=coordinator_user, sponsor=sponsor_user)
    survey_defaults_ensure(program=program)
    for month in COHORTS:
        make_pair(program, started_on=month + dt.timedelta(days=3))
    survey = Survey.objects.get(program=program, kind="checkin_3", audience="leader")
    questions = list(survey.questions.filter(kind="likert", construct="perceived_value"))
    for month, (n, value) in COHORTS.items():
        for _ in range(n):
            response = Response.objects.create(
                survey=survey, respondent_role="leader", cohort_month=month
            )
            for q in questions:
                Answer.objects.create(response=response, question=q, value=value)
    return program


def _trend(body: dict[str, Any]) -> dict[str, Any]:
    return next(
        t
        for t in body["survey_trends"]
        if t["role"] == "leader" and t["construct"] == "perceived_value"
    )


@pytest.mark.parametrize("who", ["coordinator", "sponsor"])
def test_all_minus_visible_cohorts_never_gives_the_hidden_cohort(
    program, who, coordinator_user, sponsor_user
) -> None:
    client = client_for(coordinator_user if who == "coordinator" else sponsor_user)
    url = f"/api/v1/programs/{program.pk}/metrics"
    seen = {}
    for cohort in ["", "2026-01", "2026-02", "2026-03"]:
        body = client.get(url, {"cohort": cohort}).json()
        seen[cohort] = _trend(body)["checkin_3"]
    assert seen["2026-03"] is None  # two people: hidden
    # Secondary suppression: with the total and both other cohorts shown, 9x4 + 6x4 + 2x1 minus
    # the two shown cohorts would give the two people's answers. One of them must be hidden.
    assert None in (seen[""], seen["2026-01"], seen["2026-02"])
    # The smallest complementary cell is the one hidden: the total and the big cohort stay.
    assert seen[""] is not None and seen["2026-01"] == 4.0
    assert seen["2026-02"] is None


def test_dashboard_figures_come_from_the_same_decision(program) -> None:
    whole = program_metrics(program=program)
    feb = program_metrics(program=program, cohort_month=dt.date(2026, 2, 1))
    value = next(
        t for t in whole.survey_trends if t.role == "leader" and t.construct == "perceived_value"
    )
    hidden = next(
        t for t in feb.survey_trends if t.role == "leader" and t.construct == "perceived_value"
    )
    # 17 answered in all: (9x4 + 6x4 + 2x1) / 17
    assert value.checkin_3 == round((36 + 24 + 2) / 17, 2)
    assert hidden.checkin_3 is None and hidden.suppressed_3


def test_a_cohort_with_every_question_hidden_shows_no_trend(program) -> None:
    survey = Survey.objects.get(program=program, kind="checkin_3", audience="leader")
    assert Question.objects.filter(survey=survey, construct="perceived_value").exists()
    march = program_metrics(program=program, cohort_month=dt.date(2026, 3, 1))
    assert all(t.checkin_3 is None for t in march.survey_trends)
