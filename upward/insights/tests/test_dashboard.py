from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from conftest import client_for
from upward.feedback.models import SurveyAssignment
from upward.feedback.services.answers import survey_answer
from upward.feedback.services.schedule import survey_assignments_sync
from upward.feedback.tests.factories import make_pair, make_participant, make_program
from upward.feedback.tests.test_surveys import full_answers
from upward.insights.models import BehaviourChange
from upward.insights.selectors.metrics import program_metrics
from upward.insights.tests.factories import BehaviourChangeFactory
from upward.mentoring.models import Action, Meeting, Pair
from upward.people.models import Person
from upward.people.tests.factories import PersonFactory

TODAY = dt.date(2026, 10, 1)
START = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


def build(program, pairs: int, *, answered_3: int = 0, answered_6: int = 0) -> list[Pair]:
    made = [make_pair(program, started_on=START) for _ in range(pairs)]
    for i, pair in enumerate(made):
        Meeting.objects.create(
            pair=pair, starts_at=dt.datetime(2026, 4, 1, 10, tzinfo=dt.UTC), status="held"
        )
        Meeting.objects.create(
            pair=pair,
            starts_at=dt.datetime(2026, 5, 1, 10, tzinfo=dt.UTC),
            status="cancelled",
            cancelled_by_role="leader",
        )
        Action.objects.create(pair=pair, title="a", status="done", published=i % 2 == 0)
        Action.objects.create(pair=pair, title="b", status="dropped")
    survey_assignments_sync(program=program)
    for kind, n in (("checkin_3", answered_3), ("checkin_6", answered_6)):
        rows = SurveyAssignment.objects.filter(
            survey__program=program, survey__kind=kind, survey__audience="leader"
        ).select_related("survey__program", "participant", "pair")[:n]
        for a in rows:
            survey_answer(
                assignment=a,
                actor=a.participant.user,
                answers=full_answers(a.survey, value=3 if kind == "checkin_3" else 5),
                today=a.due_on,
            )
    return made


@pytest.fixture
def program(db: None, coordinator_user):
    return make_program(coordinator=coordinator_user, starts_on=START)


def test_metrics_add_up(program) -> None:
    build(program, 6, answered_3=5, answered_6=3)
    BehaviourChangeFactory(program=program, kind="tool_adopted")
    m = program_metrics(program=program)
    assert m.pairs == {"total": 6, "active": 6, "closed": 0, "ended": 0}
    assert [f.stage for f in m.funnel][:3] == ["Invited", "Opted in", "Paired"]
    assert m.funnel[2].leaders == 6
    assert m.meetings["held"] == 6
    assert m.meetings["cancelled_by_leader"] == 6
    assert m.meetings["expected"] == 6 * ((TODAY - START).days // 30)
    assert m.actions == {"committed": 6, "in_progress": 0, "done": 6, "published": 3, "dropped": 6}
    assert m.behaviour_change["tool_adopted"] == 1
    value = next(
        t for t in m.survey_trends if t.role == "leader" and t.construct == "perceived_value"
    )
    assert (value.checkin_3, value.n_3) == (3.0, 5)
    # Three answers wait, sealed, until their group reaches five: nothing of them is released.
    assert value.checkin_6 is None and value.suppressed_6 and value.n_6 == 0
    assert m.health["at_risk"] == 6  # one meeting held where seven were expected


def test_cohort_filter_narrows_pairs_and_surveys(program) -> None:
    build(program, 5, answered_3=5)
    make_pair(program, started_on=dt.date(2026, 5, 4))
    m = program_metrics(program=program, cohort_month=dt.date(2026, 5, 1))
    assert m.pairs["total"] == 1
    assert m.cohorts == ["2026-03", "2026-05"]
    assert all(t.checkin_3 is None for t in m.survey_trends)


def test_junior_retention_compares_same_levels(program) -> None:
    build(program, 5)
    for i in range(4):
        PersonFactory(
            level=2,
            hire_date=dt.date(2024, 1, 1),
            left_on=dt.date(2026, 6, 1) if i < 2 else None,
            is_active=i >= 2,
        )
    PersonFactory(level=9, left_on=dt.date(2026, 6, 1), is_active=False)  # other level: ignored
    Person.objects.filter(participations__program=program, participations__role="mentor").filter(
        pk=program.participants.filter(role="mentor").first().person_id
    ).update(left_on=dt.date(2026, 7, 1), is_active=False)
    r = program_metrics(program=program).retention
    assert r.levels == [2]
    assert (r.participants, r.participants_left, r.participants_rate) == (5, 1, 80.0)
    assert (r.others, r.others_left, r.others_rate) == (4, 2, 50.0)


def test_retention_is_suppressed_for_small_groups(program) -> None:
    build(program, 2)
    r = program_metrics(program=program).retention
    assert r.suppressed and r.participants_rate is None


def test_dashboard_queries_do_not_grow_with_pairs(
    program, coordinator_user, django_assert_max_num_queries
) -> None:
    build(program, 3)
    client = client_for(coordinator_user)
    url = reverse("insights:dashboard", args=[program.slug])
    client.get(url)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    build(program, 9)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url)
    assert page.status_code == 200


def test_health_board_queries_do_not_grow_with_pairs(
    program, coordinator_user, django_assert_max_num_queries
) -> None:
    build(program, 3)
    client = client_for(coordinator_user)
    url = reverse("insights:health", args=[program.slug])
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    build(program, 9)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_dashboard_shows_charts_with_table_fallbacks(program, coordinator_user) -> None:
    build(program, 5, answered_3=5)
    html = (
        client_for(coordinator_user)
        .get(reverse("insights:dashboard", args=[program.slug]))
        .content.decode()
    )
    assert "vendor/chart.umd.min.js" in html
    assert 'id="chart-trends-leader"' in html
    assert "Show as a table" in html
    assert "Not enough responses" in html  # 6-month leaders: 0 responses
    assert 'id="chart-specs"' in html


def test_bad_cohort_is_a_field_error_not_a_crash(program, coordinator_user) -> None:
    client = client_for(coordinator_user)
    page = client.get(reverse("insights:dashboard", args=[program.slug]), {"cohort": "2026-13"})
    assert page.status_code == 200
    assert "Use a month like 2026-04." in page.content.decode()
    api = client.get(f"/api/v1/programs/{program.pk}/metrics", {"cohort": "March"})
    assert api.status_code == 422
    assert api.json()["errors"][0]["field"] == "cohort"


def test_exports_parse_and_match_the_dashboard(program, coordinator_user) -> None:
    build(program, 5, answered_3=5)
    client = client_for(coordinator_user)
    raw = client.get(reverse("insights:export_csv", args=[program.slug]))
    assert raw["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(raw.content.decode())))
    assert rows[0] == ["section", "measure", "group", "value"]
    table = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    assert table[("pairs", "total", "")] == "5"
    assert table[("actions", "done", "")] == "5"
    xlsx = client.get(reverse("insights:export_xlsx", args=[program.slug]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["section", "measure", "group", "value"]
    assert ["pairs", "total", None, 5] in values
    assert len(values) == len(rows)


def test_api_metrics_serve_the_same_numbers(program, sponsor_user) -> None:
    build(program, 5, answered_3=5, answered_6=2)
    body = client_for(sponsor_user).get(f"/api/v1/programs/{program.pk}/metrics").json()
    m = program_metrics(program=program)
    assert body["pairs"] == m.pairs
    assert body["actions"] == m.actions
    trend = next(
        t for t in body["survey_trends"] if t["role"] == "leader" and t["construct"] == "skill_gain"
    )
    assert trend["checkin_3"] == 3.0 and trend["checkin_6"] is None and trend["suppressed_6"]


def test_printable_report_has_a_print_stylesheet(program, sponsor_user) -> None:
    build(program, 5)
    html = (
        client_for(sponsor_user)
        .get(reverse("insights:report", args=[program.slug]))
        .content.decode()
    )
    assert "insights/insights.css" in html
    assert "data-print" in html
    assert program.name in html


def test_leaders_and_coordinators_record_behaviour_change(program, coordinator_user) -> None:
    leader = make_participant(program, "leader")
    url = reverse("insights:change_new", args=[program.slug])
    bad = client_for(leader.user).post(url, {"kind": "nonsense", "title": "", "happened_on": "x"})
    assert bad.status_code == 422
    assert "field-error" in bad.content.decode()
    ok = client_for(leader.user).post(
        url, {"kind": "policy_changed", "title": "Flexible Fridays", "happened_on": "2026-09-01"}
    )
    assert ok.status_code == 302
    assert BehaviourChange.objects.get().recorded_by == leader.user
    mentor = make_participant(program, "mentor")
    assert client_for(mentor.user).get(url).status_code == 404


def test_meeting_adherence_never_reads_above_100_percent(program, coordinator_user) -> None:
    # One pair met every week (far more than the monthly cadence), another never met: extra
    # meetings of the first cannot make up for the second, and nothing reads "106%".
    eager, idle = make_pair(program, started_on=START), make_pair(program, started_on=START)
    for week in range(30):
        Meeting.objects.create(
            pair=eager,
            starts_at=dt.datetime(2026, 3, 3, 10, tzinfo=dt.UTC) + dt.timedelta(weeks=week),
            status="held",
        )
    expected_each = (TODAY - START).days // 30
    m = program_metrics(program=program)
    assert m.meetings["held"] == 30 > m.meetings["expected"] == 2 * expected_each
    assert m.meetings["held_of_expected"] == expected_each
    assert m.meetings["adherence_pct"] == 50
    assert idle.pk  # the idle pair counts in the expected meetings above

    html = (
        client_for(coordinator_user)
        .get(reverse("insights:dashboard", args=[program.slug]))
        .content.decode()
    )
    assert "50%</div>" in html
    assert f"{expected_each} of the {2 * expected_each} meetings the cadence expected" in html
    body = client_for(coordinator_user).get(f"/api/v1/programs/{program.pk}/metrics").json()
    assert body["meetings"]["adherence_pct"] == 50


def test_only_eager_pairs_make_full_adherence_not_more(program, coordinator_user) -> None:
    pair = make_pair(program, started_on=START)
    for week in range(30):
        Meeting.objects.create(
            pair=pair,
            starts_at=dt.datetime(2026, 3, 3, 10, tzinfo=dt.UTC) + dt.timedelta(weeks=week),
            status="held",
        )
    html = (
        client_for(coordinator_user)
        .get(reverse("insights:dashboard", args=[program.slug]))
        .content.decode()
    )
    assert "100%</div>" in html
    assert not re.search(r"\b(1[0-9][1-9]|[2-9][0-9]{2})%", html)
