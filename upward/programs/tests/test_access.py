"""Crossing the manage boundary: a sponsor, a coordinator of another program, a leader or mentor
of this one, and an anonymous visitor, on every manage page, manage endpoint and service.

What you may not manage does not exist for you: 404 on pages and in the API (401 for an
anonymous API call, which has not said who it is), and services refuse in the same words.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import Client

from conftest import client_for
from upward.people.models import User
from upward.people.tests.factories import UserFactory
from upward.programs import services
from upward.programs.models import Participant, Program
from upward.programs.services import enrolment
from upward.programs.tests.factories import enrol, make_program, person

pytestmark = pytest.mark.django_db

OUTSIDERS = ["sponsor", "other_coordinator", "leader", "mentor", "anonymous"]


@pytest.fixture
def program(coordinator_user: User, sponsor_user: User) -> Program:
    return make_program(coordinator=coordinator_user, sponsor=sponsor_user, phase="recruiting")


@pytest.fixture
def invited(program: Program, coordinator_user: User) -> Participant:
    return enrolment.participant_invite(
        actor=coordinator_user, program=program, person=person(8), role="leader", send=False
    )


def outsider(who: str, program: Program, sponsor_user: User) -> User | None:
    if who == "sponsor":
        return sponsor_user
    if who == "other_coordinator":
        other = UserFactory.create(is_coordinator=True)
        make_program(coordinator=other, name="Another program")
        return other
    if who in ("leader", "mentor"):
        return enrol(program, person(9 if who == "leader" else 2), who).user
    return None


def client_of(user: User | None) -> Client:
    return client_for(user) if user is not None else Client()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_manage_pages_are_not_found(
    who: str, program: Program, invited: Participant, sponsor_user: User
) -> None:
    client = client_of(outsider(who, program, sponsor_user))
    slug = program.slug
    gets = [
        f"/programs/{slug}/edit/",
        f"/programs/{slug}/participants/",
        f"/programs/{slug}/phase/?to_phase=matching",
    ]
    posts = [
        (f"/programs/{slug}/edit/", {"name": "Taken over"}),
        (f"/programs/{slug}/phase/", {"to_phase": "matching", "confirm": "on"}),
        (f"/programs/{slug}/participants/invite/", {"role": "leader", "people": "x@example.com"}),
        (f"/programs/{slug}/participants/{invited.pk}/resend/", {}),
        (f"/programs/{slug}/interest/toggle/", {}),
    ]
    for url in gets:
        response = client.get(url)
        expected = 302 if who == "anonymous" else 404  # anonymous: to the sign-in page
        assert response.status_code == expected, url
    for url, data in posts:
        response = client.post(url, data)
        expected = 302 if who == "anonymous" else 404
        assert response.status_code == expected, url
        if who == "anonymous":
            assert "login" in response["Location"]
    program.refresh_from_db()
    invited.refresh_from_db()
    assert program.phase == "recruiting" and program.name != "Taken over"
    assert not program.interest_survey_open
    assert invited.invitations_sent == 0


def api(client: Client, method: str, url: str, body: Any = None) -> Any:
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


@pytest.mark.parametrize("who", OUTSIDERS)
def test_manage_endpoints_are_not_found(
    who: str, program: Program, invited: Participant, sponsor_user: User
) -> None:
    user = outsider(who, program, sponsor_user)
    client = client_of(user)
    base = f"/api/v1/programs/{program.pk}"
    calls = [
        ("patch", base, {"name": "Taken over"}),
        ("post", f"{base}/phase", {"to_phase": "matching", "confirm": True}),
        ("post", f"{base}/participants", {"role": "leader", "email": "x@example.com"}),
        ("post", f"{base}/participants/{invited.pk}/resend-invitation", {}),
    ]
    expected = 401 if who == "anonymous" else 404
    for method, url, body in calls:
        assert api(client, method, url, body).status_code == expected, url
    listing = client.get(f"{base}/participants")
    if who in ("leader", "mentor"):
        # A participant reads their own record, and nobody else's.
        assert [p["id"] for p in listing.json()] == [
            Participant.objects.get(program=program, user=user).pk
        ]
    else:
        assert listing.status_code == expected
    program.refresh_from_db()
    assert program.phase == "recruiting" and program.name != "Taken over"


@pytest.mark.parametrize("who", OUTSIDERS)
def test_services_refuse_a_non_manager(
    who: str, program: Program, invited: Participant, sponsor_user: User
) -> None:
    actor = outsider(who, program, sponsor_user) or AnonymousUser()
    with pytest.raises(Http404):
        services.program_update(actor=actor, program=program, name="Taken over")
    with pytest.raises(Http404):
        services.program_transition(actor=actor, program=program, to_phase="matching", confirm=True)
    with pytest.raises(Http404):
        enrolment.participant_invite(actor=actor, program=program, person=person(7), role="mentor")
    with pytest.raises(Http404):
        enrolment.invitation_resend(actor=actor, participant=invited)


def test_a_sponsor_still_reads_the_summary(
    program: Program, sponsor_client: Client, sponsor_user: User
) -> None:
    assert sponsor_client.get(f"/programs/{program.slug}/").status_code == 200
    summary = sponsor_client.get(f"/api/v1/programs/{program.pk}")
    assert summary.status_code == 200 and summary.json()["access"] == "summary"


def test_only_the_invited_person_acts_on_their_invitation(
    program: Program, invited: Participant, coordinator_user: User, sponsor_user: User
) -> None:
    for actor in (coordinator_user, sponsor_user, UserFactory.create()):
        with pytest.raises(Http404):
            enrolment.participant_opt_in(actor=actor, participant=invited, consent=True)
        with pytest.raises(Http404):
            enrolment.participant_withdraw(actor=actor, participant=invited)
    invited.refresh_from_db()
    assert invited.status == Participant.Status.INVITED
