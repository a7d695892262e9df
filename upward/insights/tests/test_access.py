"""Role x page x action: who sees which measurement pages (rules in upward/access/programs.py).

What a role may not open answers 404, pages and API alike, so nobody learns which programs exist.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse

from conftest import client_for
from upward.feedback.models import Survey
from upward.feedback.services.schedule import survey_assignments_sync
from upward.feedback.tests.factories import make_pair, make_participant, make_program
from upward.insights.services import behaviour_change_record
from upward.people.tests.factories import PersonFactory, UserFactory

PAGES = [
    "dashboard",
    "health",
    "results",
    "export_csv",
    "export_xlsx",
    "report",
    "api_metrics",
    "api_health",
]

ALLOWED = {
    "coordinator": set(PAGES),
    "org_admin": set(PAGES),
    "sponsor": set(PAGES) - {"health", "api_health"},
    "program_sponsor": set(PAGES) - {"health", "api_health"},
    "other_coordinator": set(),
    "leader": set(),
    "mentor": set(),
}


@pytest.fixture
def world(db: None, coordinator_user, sponsor_user, admin_user):
    program = make_program(coordinator=coordinator_user)
    leader = make_participant(program, "leader")
    mentor = make_participant(program, "mentor")
    make_pair(program, started_on=dt.date(2026, 1, 5), leader=leader, mentor=mentor)
    survey_assignments_sync(program=program)
    other = UserFactory(email="olga@example.com", is_coordinator=True, person=PersonFactory())
    make_program(slug="other", coordinator=other)
    program_sponsor = UserFactory(email="paul@example.com", person=PersonFactory(level=11))
    program.sponsor = program_sponsor
    program.save(update_fields=["sponsor"])
    return {
        "program": program,
        "survey": Survey.objects.filter(program=program).first(),
        "users": {
            "coordinator": coordinator_user,
            "org_admin": admin_user,
            "sponsor": sponsor_user,
            "program_sponsor": program_sponsor,
            "other_coordinator": other,
            "leader": leader.user,
            "mentor": mentor.user,
        },
    }


def url_for(page: str, world: dict) -> str:
    pid = world["program"].pk
    if page == "results":
        return reverse("feedback:results", args=[world["survey"].pk])
    if page == "api_metrics":
        return f"/api/v1/programs/{pid}/metrics"
    if page == "api_health":
        return f"/api/v1/programs/{pid}/health"
    return reverse(f"insights:{page}", args=[world["program"].slug])


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_measurement_pages_by_role(world, role: str) -> None:
    client = client_for(world["users"][role])
    for page in PAGES:
        status = client.get(url_for(page, world)).status_code
        expected = 200 if page in ALLOWED[role] else 404
        assert status == expected, f"{role} on {page}: {status}"


def test_a_program_that_does_not_exist_answers_like_one_you_may_not_open(world) -> None:
    client = client_for(world["users"]["coordinator"])
    missing = world["program"].pk + 1000
    for url in (
        reverse("insights:dashboard", args=["no-such-program"]),
        reverse("insights:health", args=["no-such-program"]),
        f"/api/v1/programs/{missing}/metrics",
        f"/api/v1/programs/{missing}/health",
    ):
        assert client.get(url).status_code == 404, url
    sponsor = client_for(world["users"]["sponsor"])
    pid = world["program"].pk
    assert sponsor.get(f"/api/v1/programs/{pid}/health").json() == {"detail": "No such program."}


def test_the_behaviour_change_service_asks_access(world) -> None:
    program = world["program"]
    for role in ("other_coordinator", "mentor", "sponsor"):
        with pytest.raises(Http404):
            behaviour_change_record(
                actor=world["users"][role],
                program=program,
                kind="policy_changed",
                title="Sneaked in",
                happened_on=dt.date(2026, 2, 1),
            )
    with pytest.raises(PermissionDenied):
        behaviour_change_record(
            actor=AnonymousUser(),
            program=program,
            kind="policy_changed",
            title="Sneaked in",
            happened_on=dt.date(2026, 2, 1),
        )
    change = behaviour_change_record(
        actor=world["users"]["leader"],
        program=program,
        kind="policy_changed",
        title="Flexible Fridays",
        happened_on=dt.date(2026, 2, 1),
    )
    assert change.recorded_by == world["users"]["leader"]


def test_behaviour_change_page_is_not_found_for_outsiders(world) -> None:
    url = reverse("insights:change_new", args=[world["program"].slug])
    for role in ("other_coordinator", "mentor", "sponsor"):
        assert client_for(world["users"][role]).get(url).status_code == 404, role
    assert client_for(world["users"]["leader"]).get(url).status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(world) -> None:
    client = Client()
    for page in PAGES:
        response = client.get(url_for(page, world))
        if page.startswith("api_"):
            assert response.status_code == 401
        else:
            assert response.status_code == 302
            assert response["Location"].startswith("/login/")


def test_insights_index_lists_only_visible_programs(world) -> None:
    page = client_for(world["users"]["coordinator"]).get(reverse("insights:index"))
    assert world["program"].name in page.content.decode()
    assert "Program other" not in page.content.decode()
    assert client_for(world["users"]["leader"]).get(reverse("insights:index")).status_code == 403


def test_participants_see_only_their_own_survey_assignments_in_the_api(world) -> None:
    leader = world["users"]["leader"]
    body = client_for(leader).get(f"/api/v1/programs/{world['program'].pk}/surveys").json()
    assert {s["audience"] for s in body} == {"leader"}
    assert all(s["results"] is None and s["response_count"] is None for s in body)
    assert all(len(s["my_assignments"]) == 1 for s in body)
    outsider = world["users"]["other_coordinator"]
    assert (
        client_for(outsider).get(f"/api/v1/programs/{world['program'].pk}/surveys").status_code
        == 404
    )


def test_nav_shows_insights_to_coordinators_and_surveys_to_participants(world) -> None:
    coordinator_home = client_for(world["users"]["coordinator"]).get("/").content.decode()
    assert reverse("insights:index") in coordinator_home
    leader_home = client_for(world["users"]["leader"]).get("/").content.decode()
    assert reverse("feedback:mine") in leader_home
    assert reverse("insights:index") not in leader_home
