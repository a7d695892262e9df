from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from conftest import client_for
from upward.people.models import User
from upward.programs.models import Intake, Participant, Program
from upward.programs.tests.factories import enrol, make_program, person, user_of

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, body: Any, method: str = "post") -> Any:
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def program(coordinator_user: User, sponsor_user: User) -> Program:
    return make_program(coordinator=coordinator_user, sponsor=sponsor_user, phase="recruiting")


def test_list_is_scoped(
    program: Program, coordinator_client: Client, sponsor_client: Client, plain_client: Client
) -> None:
    assert [p["slug"] for p in coordinator_client.get("/api/v1/programs").json()] == [program.slug]
    sponsor_view = sponsor_client.get("/api/v1/programs").json()[0]
    assert sponsor_view["access"] == "summary" and sponsor_view["matching_settings"] is None
    assert plain_client.get("/api/v1/programs").json() == []


def test_create_and_bad_input_names_the_field(coordinator_client: Client) -> None:
    bad = post(coordinator_client, "/api/v1/programs", {"name": "X", "purpose": " "})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "purpose"
    bad = post(
        coordinator_client, "/api/v1/programs", {"name": "X", "purpose": "p", "topics": ["nope"]}
    )
    assert bad.json()["errors"][0]["field"] == "topics"
    bad = post(
        coordinator_client,
        "/api/v1/programs",
        {"name": "X", "purpose": "p", "duration_months": "many"},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "duration_months"
    bad = post(
        coordinator_client,
        "/api/v1/programs",
        {"name": "X", "purpose": "p", "matching_settings": {"weights": {"luck": 1}}},
    )
    assert bad.json()["errors"][0]["field"] == "matching_settings.weights.luck"
    ok = post(
        coordinator_client,
        "/api/v1/programs",
        {"name": "Culture", "purpose": "Hear new joiners", "template": "workplace-culture"},
    )
    assert ok.status_code == 201
    assert "workplace-values" in ok.json()["topics"]


def test_plain_user_cannot_create(plain_client: Client) -> None:
    assert post(plain_client, "/api/v1/programs", {"name": "X", "purpose": "p"}).status_code == 403


def test_update_and_phase_transition(
    program: Program, coordinator_client: Client, sponsor_client: Client
) -> None:
    url = f"/api/v1/programs/{program.pk}"
    assert post(sponsor_client, url, {"name": "Mine"}, "patch").status_code == 404
    response = post(coordinator_client, url, {"meeting_minutes": 45}, "patch")
    assert response.json()["meeting_minutes"] == 45
    bad = post(coordinator_client, url, {"mentor_capacity": 9}, "patch")
    assert bad.json()["errors"][0]["field"] == "mentor_capacity"
    refused = post(coordinator_client, f"{url}/phase", {"to_phase": "matching"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "to_phase"
    assert (
        post(coordinator_client, f"{url}/phase", {"to_phase": "draft"}).json()["phase"] == "draft"
    )


def test_participants_visibility(
    program: Program, coordinator_client: Client, sponsor_client: Client, plain_client: Client
) -> None:
    mine = enrol(program, person(9), "leader")
    enrol(program, person(2), "mentor")
    url = f"/api/v1/programs/{program.pk}/participants"
    assert len(coordinator_client.get(url).json()) == 2
    own = client_for(user_of(mine)).get(url).json()
    assert [p["id"] for p in own] == [mine.pk]
    assert sponsor_client.get(url).status_code == 404
    assert plain_client.get(url).status_code == 404


def test_invite_opt_in_withdraw(program: Program, coordinator_client: Client) -> None:
    who = person(9, employee_id="E900")
    url = f"/api/v1/programs/{program.pk}/participants"
    missing = post(coordinator_client, url, {"role": "leader", "employee_id": "E404"})
    assert missing.json()["errors"][0]["field"] == "employee_id"
    created = post(
        coordinator_client, url, {"role": "leader", "employee_id": "E900", "send_email": False}
    )
    assert created.status_code == 201
    pid = created.json()["id"]
    assert post(coordinator_client, f"{url}/{pid}/opt-in", {"consent": True}).status_code == 404
    me = client_for(user_of(Participant.objects.get(pk=pid)))
    assert post(me, f"{url}/{pid}/opt-in", {"consent": False}).json()["errors"][0]["field"] == (
        "consent"
    )
    assert post(me, f"{url}/{pid}/opt-in", {"consent": True}).json()["status"] == "opted_in"
    assert post(me, f"{url}/{pid}/withdraw", {}).json()["status"] == "withdrawn"
    assert who.participations.get().status == "withdrawn"


def test_intake_through_the_api(program: Program, coordinator_client: Client) -> None:
    participant = enrol(program, person(2), "mentor", intake=False)
    me = client_for(user_of(participant))
    url = f"/api/v1/programs/{program.pk}/participants/{participant.pk}/intake"
    assert coordinator_client.get(url).status_code == 404  # answers are the participant's own
    bad = post(me, url, {"topics": {"digital-tools-ai": 7}, "submit": True}, "put")
    fields = {e["field"] for e in bad.json()["errors"]}
    assert bad.status_code == 422
    assert {"topics.digital-tools-ai", "strengths", "availability", "languages"} <= fields
    assert post(me, url, {"topics": {"astrology": 1}}, "put").json()["errors"][0]["field"] == (
        "topics.astrology"
    )
    draft = post(me, url, {"strengths": "I use AI every day"}, "put")
    assert draft.status_code == 200 and draft.json()["submitted"] is False
    done = post(
        me,
        url,
        {
            "topics": {"digital-tools-ai": 3},
            "strengths": "AI daily",
            "availability": "Tuesdays",
            "capacity": 1,
            "languages": ["en"],
            "style": [2, 4, 3],
            "submit": True,
        },
        "put",
    )
    assert done.json()["submitted"] is True
    assert Intake.objects.get(participant=participant).style == [2, 4, 3]
    assert me.get(url).json()["topics"] == {
        "digital-tools-ai": 3,
        "social-platforms": 0,
        "ways-of-working": 0,
        "younger-customers": 0,
    }
