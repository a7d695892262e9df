"""Progress against objectives, computed from the program's own figures; survey measures under
the anonymity threshold read "not enough answers"; the sponsor's home charts; a closed
program's report link and who may open it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client

from conftest import client_for
from upward.feedback.models import Construct, SurveyAssignment
from upward.feedback.tests.factories import make_participant, make_program
from upward.insights.selectors.metrics import program_metrics
from upward.insights.selectors.objectives import _computed
from upward.insights.tests.factories import BehaviourChangeFactory
from upward.insights.tests.test_dashboard import START, build
from upward.mentoring.models import Pair
from upward.people.models import User
from upward.people.tests.factories import UserFactory
from upward.programs.measures import CONSTRUCTS, MEASURES
from upward.programs.models import Program
from upward.programs.services.objectives import objective_create

END = dt.date(2027, 3, 2)  # a year-long program, 213 of 365 days gone on 1 Oct 2026


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def program(db: None, coordinator_user: User, sponsor_user: User) -> Program:
    return make_program(
        coordinator=coordinator_user, sponsor=sponsor_user, starts_on=START, ends_on=END
    )


def _add(program: Program, actor: User, measure: str, target: float, **kw: Any) -> int:
    objective = objective_create(
        actor=actor,
        program=program,
        statement=kw.pop("statement", f"{measure} {target}"),
        measure=measure,
        target=target,
        **kw,
    )
    return objective.pk


def _progress(client: Client, program: Program) -> dict[int, dict[str, Any]]:
    response = client.get(f"/api/v1/programs/{program.pk}/objectives")
    assert response.status_code == 200
    return {o["id"]: o["progress"] for o in response.json()}


def test_progress_is_computed_from_the_programs_pairs_meetings_and_actions(
    program: Program, coordinator_user: User
) -> None:
    pairs = build(program, 6)  # each pair: one meeting held; every other one published an action
    Pair.objects.filter(pk=pairs[5].pk).update(status=Pair.Status.ENDED)
    BehaviourChangeFactory(program=program)
    add = lambda *a, **kw: _add(program, coordinator_user, *a, **kw)  # noqa: E731
    met_once = add("pairs_min_meetings_pct", 80, min_meetings=1)
    met_twice = add("pairs_min_meetings_pct", 50, min_meetings=2)
    published_5 = add("actions_published", 5)
    published_6 = add("actions_published", 6)
    half_published = add("pairs_with_published_action_pct", 50)
    adherence = add("meeting_adherence_pct", 50)
    changes = add("behaviour_changes", 1)
    none_ended = add("pairs_ended_early", 0, direction="at_most")
    progress = _progress(client_for(coordinator_user), program)

    def got(pk: int) -> tuple[Any, str, int]:
        return progress[pk]["value"], progress[pk]["status"], progress[pk]["percent"]

    assert got(met_once) == (100.0, "met", 100)  # 6 of 6 pairs held a meeting
    assert got(met_twice) == (0.0, "behind", 0)
    # 3 published of 5, 58% of the program's time gone: 3 >= 2.9, on track; of 6 (3.5): behind.
    assert got(published_5) == (3.0, "on_track", 60)
    assert got(published_6) == (3.0, "behind", 50)
    assert got(half_published) == (50.0, "met", 100)
    # One meeting held per pair where seven were expected each (a level: not paced).
    expected = program_metrics(program=program).meetings["expected"]
    assert expected == 6 * 7
    assert got(adherence) == (round(100 * 6 / expected), "behind", 28)  # 14% of a 50% target
    assert got(changes) == (1.0, "met", 100)
    assert got(none_ended)[:2] == (1.0, "behind")
    assert progress[published_5]["note"] == ""
    assert progress[met_once]["note"] == "6 of 6 pairs"


def test_survey_measure_below_the_threshold_reads_not_enough_answers(
    program: Program, coordinator_user: User
) -> None:
    build(program, 6, answered_3=4)  # four answers wait, sealed, for a fifth
    pk = _add(program, coordinator_user, "survey_leader_perceived_value", 4)
    progress = _progress(client_for(coordinator_user), program)[pk]
    assert progress["value"] is None
    assert progress["value_text"] == "Not enough answers"
    assert progress["status"] == "no_data"
    html = client_for(coordinator_user).get(f"/insights/programs/{program.slug}/").content.decode()
    section = html[html.index('id="objectives-heading"') : html.index('class="chart-grid"')]
    assert "Not enough answers" in section
    assert "of 5</strong>" not in section  # no average at all, not even a rounded one


def test_survey_measure_at_the_threshold_shows_the_average(
    program: Program, coordinator_user: User
) -> None:
    build(program, 6, answered_3=5)  # five leaders answered 3 of 5 throughout
    pk = _add(program, coordinator_user, "survey_leader_perceived_value", 4)
    progress = _progress(client_for(coordinator_user), program)[pk]
    assert (progress["value"], progress["value_text"], progress["status"]) == (
        3.0,
        "3 of 5",
        "behind",
    )
    assert progress["note"] == "3-month check-in, 5 answers"


def test_checkin_response_rate_counts_the_checkins_answered(
    program: Program, coordinator_user: User
) -> None:
    build(program, 6, answered_3=5, answered_6=2)
    pk = _add(program, coordinator_user, "checkin_response_pct", 70)
    checkins = SurveyAssignment.objects.filter(
        survey__program=program, survey__kind__in=["checkin_3", "checkin_6"]
    )
    asked = checkins.count()
    answered = checkins.filter(status=SurveyAssignment.Status.COMPLETED).count()
    assert answered == 7 and asked > answered
    progress = _progress(client_for(coordinator_user), program)[pk]
    assert progress["value"] == round(100 * answered / asked)


def test_dashboard_and_report_show_each_objective_with_a_bar_and_its_words(
    program: Program, coordinator_user: User, sponsor_user: User
) -> None:
    build(program, 6)
    _add(program, coordinator_user, "actions_published", 5, statement="Five actions published")
    for client, url in (
        (client_for(coordinator_user), f"/insights/programs/{program.slug}/"),
        (client_for(sponsor_user), f"/insights/programs/{program.slug}/report/"),
    ):
        html = client.get(url).content.decode()
        assert "Five actions published" in html
        bar = re.search(r'<progress value="60" max="100"[^>]*aria-describedby="([^"]+)"', html)
        assert bar is not None, url
        words = re.search(rf'id="{bar.group(1)}">(.*?)</p>', html, re.S)
        assert words is not None
        assert "Now <strong>3</strong>" in words.group(1)
        assert "60% of the way to the target" in words.group(1)
        assert "On track" in html


def test_sponsor_home_shows_charts_with_their_tables(
    program: Program, coordinator_user: User, sponsor_user: User
) -> None:
    build(program, 4)
    _add(program, coordinator_user, "actions_published", 1)
    _add(program, coordinator_user, "actions_published", 50)
    html = client_for(sponsor_user).get("/").content.decode()
    for chart in ("home-follow-through", "home-adherence", "home-objectives"):
        assert f'id="chart-{chart}"' in html
    assert 'id="chart-specs" type="application/json"' in html
    assert "vendor/chart.umd.min.js" in html and "insights/charts.js" in html
    assert html.count("Show as a table") == 3
    # The headline table: the program's figures in words, with its dashboard and report.
    table = html[html.index('class="program-figures"') : html.index("</table>")]
    assert program.name in table
    assert "4 of 4" in table  # actions done of committed (one per pair; the dropped ones aside)
    assert "1 of 2" in table  # objectives met
    assert f"/insights/programs/{program.slug}/report/" in table
    # Strict CSP: every script is a file, except the JSON data island.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_coordinator_home_has_no_sponsor_charts(program: Program, coordinator_user: User) -> None:
    html = client_for(coordinator_user).get("/").content.decode()
    assert "chart-home-follow-through" not in html
    assert "vendor/chart.umd.min.js" not in html


def test_closed_program_links_its_report_which_only_its_viewers_open(
    program: Program, coordinator_user: User, sponsor_user: User, admin_user: User
) -> None:
    Program.objects.filter(pk=program.pk).update(phase=Program.Phase.CLOSED)
    report = f"/insights/programs/{program.slug}/report/"
    page = client_for(coordinator_user).get(f"/programs/{program.slug}/").content.decode()
    assert f'Closed. <a href="{report}">The program report</a> stays available.' in page
    sponsor_page = client_for(sponsor_user).get(f"/programs/{program.slug}/").content.decode()
    assert f'<a href="{report}">The program report</a>' in sponsor_page
    for user in (coordinator_user, sponsor_user, admin_user):
        assert client_for(user).get(report).status_code == 200, user.email
    leader = make_participant(program, "leader")
    other_coordinator = UserFactory(is_coordinator=True)
    plain = UserFactory()
    for user in (leader.user, other_coordinator, plain):
        assert client_for(user).get(report).status_code == 404, user.email


def test_metrics_api_keeps_per_pair_facts_out(program: Program, sponsor_user: User) -> None:
    build(program, 3)
    body = client_for(sponsor_user).get(f"/api/v1/programs/{program.pk}/metrics").json()
    assert "facts" not in body


def test_every_computed_measure_is_computed_and_constructs_match_feedbacks(
    program: Program,
) -> None:
    assert {c for c, _ in CONSTRUCTS} == set(Construct.values)
    m = program_metrics(program=program)
    for key, measure in MEASURES.items():
        if not measure.recorded:
            _computed(key, m, 3)  # raises KeyError for a measure nobody computes


def test_a_sponsor_by_assignment_sees_running_programs_before_closed_ones(
    program: Program,
) -> None:
    """A sponsor without the account flag reaches the panel through the programs they sponsor
    (a DISTINCT query): running first, then closed. On PostgreSQL with server-side parameters
    this ordering once failed with 'ORDER BY expressions must appear in select list'."""
    sponsor = UserFactory()
    closed = make_program(slug="earlier", sponsor=sponsor, phase=Program.Phase.CLOSED)
    Program.objects.filter(pk=program.pk).update(sponsor=sponsor)
    response = client_for(sponsor).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    table = html[html.index('class="program-figures"') : html.index("</table>")]
    assert table.index(program.name) < table.index(closed.name)
