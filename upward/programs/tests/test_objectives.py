"""Objectives with a measure and a target: the coordinator edits them on the program page and
through the API, with field errors; figures recorded by hand keep a history; everyone else
gets 404 (docs/insights.md, "Objectives")."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.http import Http404
from django.test import Client

from conftest import client_for
from upward.audit.models import AuditEntry
from upward.people.models import User
from upward.people.tests.factories import UserFactory
from upward.programs.models import Objective, ObjectiveReading, Program
from upward.programs.services.objectives import objective_create, objective_update
from upward.programs.tests.factories import enrol, make_program, person, user_of

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def program(coordinator_user: User, sponsor_user: User) -> Program:
    return make_program(coordinator=coordinator_user, sponsor=sponsor_user, phase="active")


@pytest.fixture
def other_coordinator() -> User:
    return UserFactory.create(is_coordinator=True)


def _form(**values: object) -> dict[str, object]:
    return {
        "statement": "Leaders publish 12 actions",
        "measure": "actions_published",
        "direction": "at_least",
        "target": "12",
        "min_meetings": "",
        **values,
    }


def _objective(program: Program, actor: User, **values: object) -> Objective:
    return objective_create(
        actor=actor,
        program=program,
        **{
            "statement": "Engagement reaches 75% favourable",
            "measure": "recorded_pct",
            "target": 75,
            **values,
        },
    )


# --- the program page -------------------------------------------------------------------------


def test_program_from_a_template_lists_its_measured_objectives(
    program: Program, coordinator_client: Client
) -> None:
    html = coordinator_client.get(f"/programs/{program.slug}/").content.decode()
    assert 'id="objectives"' in html
    assert "80% of pairs meet at least five times" in html
    assert "Pairs that held at least 5 meetings · target at least 80%" in html
    assert "Add an objective" in html


def test_coordinator_adds_an_objective_on_the_program_page(
    program: Program, coordinator_client: Client
) -> None:
    url = f"/programs/{program.slug}/objectives/new/"
    assert coordinator_client.get(url).status_code == 200
    response = coordinator_client.post(url, _form())
    assert response.status_code == 302
    assert response["Location"].endswith(f"/programs/{program.slug}/#objectives")
    added = program.objectives.get(statement="Leaders publish 12 actions")
    assert (added.measure, added.target, added.direction) == ("actions_published", 12, "at_least")
    page = coordinator_client.get(f"/programs/{program.slug}/").content.decode()
    assert "Actions published to the follow-through board · target at least 12" in page
    assert AuditEntry.objects.filter(action="program.objective_saved").exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"measure": "meeting_adherence_pct", "target": "150"}, "target", "between 0 and 100"),
        ({"measure": "actions_published", "target": "-1"}, "target", "cannot be negative"),
        ({"measure": "actions_published", "target": "2.5"}, "target", "whole number"),
        ({"measure": "survey_leader_skill_gain", "target": "6"}, "target", "between 1 and 5"),
        ({"measure": "pairs_min_meetings_pct", "min_meetings": ""}, "min_meetings", "how many"),
        ({"measure": ""}, "measure", "This field is required"),
        ({"statement": "   "}, "statement", "This field is required"),
        ({"statement": "Bad\x00byte"}, "statement", "NUL"),
    ],
)
def test_objective_form_shows_field_errors(
    program: Program, coordinator_client: Client, values: dict, field: str, message: str
) -> None:
    before = program.objectives.count()
    response = coordinator_client.post(f"/programs/{program.slug}/objectives/new/", _form(**values))
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert 'class="field-error"' in response.content.decode()
    assert program.objectives.count() == before


def test_coordinator_edits_an_objective_and_a_stale_edit_is_refused(
    program: Program, coordinator_client: Client, coordinator_user: User
) -> None:
    objective = program.objectives.first()
    assert objective is not None
    url = f"/programs/{program.slug}/objectives/{objective.pk}/edit/"
    assert objective.statement in coordinator_client.get(url).content.decode()
    saved = coordinator_client.post(
        url, _form(measure="meeting_adherence_pct", target="70", version=objective.version)
    )
    assert saved.status_code == 302
    objective.refresh_from_db()
    assert (objective.measure, objective.target, objective.version) == (
        "meeting_adherence_pct",
        70,
        2,
    )
    stale = coordinator_client.post(url, _form(target="90", version=1))
    assert stale.status_code == 422
    assert "changed by someone else" in stale.content.decode()
    objective.refresh_from_db()
    assert objective.target == 70


def test_coordinator_removes_an_objective(program: Program, coordinator_client: Client) -> None:
    objective = program.objectives.first()
    assert objective is not None
    response = coordinator_client.post(
        f"/programs/{program.slug}/objectives/{objective.pk}/delete/"
    )
    assert response.status_code == 302
    assert not Objective.objects.filter(pk=objective.pk).exists()


def test_recorded_figures_keep_a_history_and_the_latest_counts(
    program: Program, coordinator_client: Client, coordinator_user: User
) -> None:
    objective = _objective(program, coordinator_user)
    url = f"/programs/{program.slug}/objectives/{objective.pk}/figures/"
    for day, value in (("2026-06-01", "52"), ("2026-09-01", "68.5"), ("2026-03-01", "40")):
        assert coordinator_client.post(url, {"value": value, "recorded_on": day}).status_code == 302
    future = coordinator_client.post(url, {"value": "80", "recorded_on": "2026-10-02"})
    assert future.status_code == 422
    assert "recorded_on" in future.context["form"].errors
    too_high = coordinator_client.post(url, {"value": "101", "recorded_on": "2026-09-02"})
    assert "between 0 and 100" in " ".join(too_high.context["form"].errors["value"])
    history = coordinator_client.get(url).content.decode()
    assert history.index("1 Sep 2026") < history.index("1 Jun 2026") < history.index("1 Mar 2026")
    page = coordinator_client.get(f"/programs/{program.slug}/").content.decode()
    assert "Now <strong>68.5%</strong>" in page
    assert "recorded for 1 Sep 2026" in page
    assert ObjectiveReading.objects.filter(objective=objective).count() == 3


def test_sponsor_sees_objectives_but_edits_nothing(
    program: Program, sponsor_client: Client, coordinator_user: User
) -> None:
    objective = _objective(program, coordinator_user)
    page = sponsor_client.get(f"/programs/{program.slug}/").content.decode()
    assert "Engagement reaches 75% favourable" in page
    assert "Add an objective" not in page
    for url in (
        f"/programs/{program.slug}/objectives/new/",
        f"/programs/{program.slug}/objectives/{objective.pk}/edit/",
        f"/programs/{program.slug}/objectives/{objective.pk}/figures/",
    ):
        assert sponsor_client.get(url).status_code == 404
    assert (
        sponsor_client.post(
            f"/api/v1/programs/{program.pk}/objectives", _api(), content_type="application/json"
        ).status_code
        == 404
    )


def test_other_programs_coordinator_gets_404_on_pages_api_and_services(
    program: Program, coordinator_user: User, other_coordinator: User
) -> None:
    objective = _objective(program, coordinator_user)
    theirs = make_program(coordinator=other_coordinator, phase="active", name="Theirs")
    client = client_for(other_coordinator)
    pages = [
        f"/programs/{program.slug}/objectives/new/",
        f"/programs/{program.slug}/objectives/{objective.pk}/edit/",
        f"/programs/{program.slug}/objectives/{objective.pk}/figures/",
        # Their own program's address with this program's objective: still not found.
        f"/programs/{theirs.slug}/objectives/{objective.pk}/edit/",
        f"/programs/{theirs.slug}/objectives/{objective.pk}/figures/",
    ]
    for url in pages:
        assert client.get(url).status_code == 404, url
        assert client.post(url, _form()).status_code == 404, url
    api = [
        ("get", f"/api/v1/programs/{program.pk}/objectives"),
        ("post", f"/api/v1/programs/{program.pk}/objectives"),
        ("patch", f"/api/v1/programs/{program.pk}/objectives/{objective.pk}"),
        ("delete", f"/api/v1/programs/{program.pk}/objectives/{objective.pk}"),
        ("post", f"/api/v1/programs/{program.pk}/objectives/{objective.pk}/figures"),
        ("patch", f"/api/v1/programs/{theirs.pk}/objectives/{objective.pk}"),
        ("post", f"/api/v1/programs/{theirs.pk}/objectives/{objective.pk}/figures"),
    ]
    for method, url in api:
        payload = {"value": 1} if url.endswith("/figures") else _api()
        response = getattr(client, method)(url, payload, content_type="application/json")
        assert response.status_code == 404, (method, url)
    with pytest.raises(Http404):
        objective_update(actor=other_coordinator, objective=objective, target=1)
    objective.refresh_from_db()
    assert objective.target == 75 and objective.readings.count() == 0


def test_participants_see_statements_only(program: Program, coordinator_user: User) -> None:
    _objective(program, coordinator_user)
    leader = user_of(enrol(program, person(9), "leader"))
    client = client_for(leader)
    assert client.get(f"/programs/{program.slug}/objectives/new/").status_code == 404
    assert client.get(f"/api/v1/programs/{program.pk}/objectives").status_code == 404
    join = client.get(f"/programs/{program.slug}/join/").content.decode()
    assert "Engagement reaches 75% favourable" in join
    assert "target" not in join.lower()


def test_closed_programs_objectives_stay_as_they_were(
    program: Program, coordinator_client: Client, coordinator_user: User
) -> None:
    objective = _objective(program, coordinator_user)
    Program.objects.filter(pk=program.pk).update(phase="closed")
    response = coordinator_client.patch(
        f"/api/v1/programs/{program.pk}/objectives/{objective.pk}",
        {"target": 10},
        content_type="application/json",
    )
    assert response.status_code == 400
    page = coordinator_client.get(f"/programs/{program.slug}/").content.decode()
    assert "Add an objective" not in page
    assert f"/objectives/{objective.pk}/edit/" not in page


# --- the API ----------------------------------------------------------------------------------


def _api(**values: object) -> dict[str, object]:
    return {
        "statement": "Adherence of 75% or more",
        "measure": "meeting_adherence_pct",
        "target": 75,
        **values,
    }


def test_api_creates_edits_and_removes_objectives(
    program: Program, coordinator_client: Client
) -> None:
    base = f"/api/v1/programs/{program.pk}/objectives"
    created = coordinator_client.post(base, _api(), content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["measure_label"] == "Meeting adherence"
    assert body["target_text"] == "at least 75%"
    assert body["progress"]["status"] == "no_data"  # no pair yet: no meeting expected
    url = f"{base}/{body['id']}"
    edited = coordinator_client.patch(
        url, {"target": 60, "direction": "at_least", "version": 1}, content_type="application/json"
    )
    assert edited.status_code == 200 and edited.json()["target"] == 60
    stale = coordinator_client.patch(
        url, {"target": 90, "version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert stale.json()["current"]["target"] == "60.00"
    listed = coordinator_client.get(base).json()
    assert [o["statement"] for o in listed][-1] == "Adherence of 75% or more"
    assert coordinator_client.delete(url).status_code == 204
    assert coordinator_client.get(url + "/figures").status_code == 404


def test_api_names_each_field_at_fault(program: Program, coordinator_client: Client) -> None:
    base = f"/api/v1/programs/{program.pk}/objectives"
    bad = coordinator_client.post(
        base,
        _api(measure="recorded_pct", target=150, direction="sideways"),
        content_type="application/json",
    )
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert fields == {"target", "direction"}
    unknown = coordinator_client.post(
        base, _api(measure="happiness"), content_type="application/json"
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "measure"
    not_a_number = coordinator_client.post(
        base, _api(target="lots"), content_type="application/json"
    )
    assert not_a_number.status_code == 422
    assert not_a_number.json()["errors"][0]["field"] == "target"


def test_api_records_figures_and_refuses_them_for_computed_measures(
    program: Program, coordinator_client: Client, coordinator_user: User
) -> None:
    recorded = _objective(program, coordinator_user)
    url = f"/api/v1/programs/{program.pk}/objectives/{recorded.pk}/figures"
    ok = coordinator_client.post(
        url,
        {"value": 61, "recorded_on": "2026-09-15", "note": "Pulse"},
        content_type="application/json",
    )
    assert ok.status_code == 201
    assert (
        coordinator_client.post(url, {"value": 64}, content_type="application/json").json()[
            "recorded_on"
        ]
        == "2026-10-01"
    )
    assert [f["value"] for f in coordinator_client.get(url).json()] == [64.0, 61.0]
    progress = next(
        o
        for o in coordinator_client.get(f"/api/v1/programs/{program.pk}/objectives").json()
        if o["id"] == recorded.pk
    )["progress"]
    assert (progress["value"], progress["as_of"]) == (64.0, "2026-10-01")
    computed = program.objectives.exclude(measure="recorded_pct").first()
    assert computed is not None
    refused = coordinator_client.post(
        f"/api/v1/programs/{program.pk}/objectives/{computed.pk}/figures",
        {"value": 3},
        content_type="application/json",
    )
    assert refused.status_code == 409 and refused.json()["errors"][0]["field"] == "value"


def test_api_program_write_refuses_objective_lines(
    program: Program, coordinator_client: Client
) -> None:
    response = coordinator_client.patch(
        f"/api/v1/programs/{program.pk}",
        {"objectives": ["Be better"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "objectives"
    statements = coordinator_client.get(f"/api/v1/programs/{program.pk}").json()["objectives"]
    assert "80% of pairs meet at least five times" in statements
