"""Open enrolment (issue 15 item 7): a program setting lets anyone in the directory apply; people
see open programs on their home page and apply; the coordinators see the applications on the
participants page and accept (opted in) or decline, people are told by e-mail. Pages and API,
with the boundaries: an application is not membership, and only the program's coordinators
decide."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from conftest import client_for
from upward.people.models import User
from upward.people.tests.factories import PersonFactory, UserFactory
from upward.programs.models import Participant, Program
from upward.programs.services import enrolment
from upward.programs.tests.factories import make_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(coordinator_user: User) -> Program:
    program = make_program(coordinator=coordinator_user, phase="recruiting", name="Open doors")
    program.open_enrolment = True
    program.save()
    return program


@pytest.fixture
def employee(db: None) -> User:
    person = PersonFactory(name="Priya Patel", email="priya@example.com", level=3)
    return UserFactory(email="priya@example.com", name="Priya Patel", person=person)


def _apply(client: Client, program: Program, **data: str) -> object:
    return client.post(
        f"/programs/{program.slug}/apply/",
        {"role": "mentor", "note": "I run our TikTok.", "consent": "on", **data},
    )


def test_the_coordinator_turns_open_enrolment_on_in_the_program_settings(
    coordinator_user: User,
) -> None:
    program = make_program(coordinator=coordinator_user, phase="recruiting")
    client = client_for(coordinator_user)
    edit = client.get(f"/programs/{program.slug}/edit/").content.decode()
    assert 'name="open_enrolment"' in edit
    response = client.patch(
        f"/api/v1/programs/{program.pk}", {"open_enrolment": True}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["open_enrolment"] is True
    program.refresh_from_db()
    assert program.open_enrolment
    assert (
        "open: anyone in the directory may apply"
        in client.get(f"/programs/{program.slug}/").content.decode()
    )


def test_people_see_open_programs_on_their_home_page_and_apply(
    program: Program, employee: User, django_capture_on_commit_callbacks: object
) -> None:
    client = client_for(employee)
    home = client.get("/").content.decode()
    assert "Programs open to you" in home and f"/programs/{program.slug}/apply/" in home
    listing = client.get("/programs/open/").content.decode()
    assert "Open doors" in listing and program.purpose in listing
    response = _apply(client, program)
    assert response.status_code == 302  # type: ignore[attr-defined]
    mine = Participant.objects.get(program=program, person=employee.person)
    assert (mine.status, mine.role, mine.application_note) == (
        "applied",
        "mentor",
        "I run our TikTok.",
    )
    assert mine.consented_at is not None
    after = client.get("/programs/open/").content.decode()
    assert "applied" in after and f"/programs/{program.slug}/apply/" not in after
    # Applying is not membership: the program's own pages stay closed until accepted.
    assert client.get(f"/community/{program.slug}/").status_code == 404


def test_applying_needs_consent_and_a_role(program: Program, employee: User) -> None:
    response = _apply(client_for(employee), program, consent="", role="")
    assert response.status_code == 400  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "Tick the box to agree" in html and "This field is required" in html
    assert not Participant.objects.filter(program=program).exists()


def test_the_coordinator_sees_applications_and_accepts_one(
    program: Program,
    employee: User,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: object,
) -> None:
    _apply(client_for(employee), program)
    other = UserFactory(email="sam@example.com", person=PersonFactory(email="sam@example.com"))
    _apply(client_for(other), program, role="leader")
    page = coordinator_client.get(f"/programs/{program.slug}/participants/").content.decode()
    assert "Applications (2)" in page and "I run our TikTok." in page
    mine = Participant.objects.get(person=employee.person)
    theirs = Participant.objects.get(person=other.person)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        coordinator_client.post(
            f"/programs/{program.slug}/participants/{mine.pk}/decide/", {"decision": "accept"}
        )
        coordinator_client.post(
            f"/programs/{program.slug}/participants/{theirs.pk}/decide/", {"decision": "decline"}
        )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("opted_in", "declined")
    assert {m.subject for m in mail.outbox} == {
        "You are in: Open doors",
        "Your application to Open doors",
    }
    # Accepted: the intake is open to them like to anyone who opted in.
    join = client_for(employee).get(f"/programs/{program.slug}/join/").content.decode()
    assert "Intake questionnaire" in join
    declined = client_for(other).get(f"/programs/{program.slug}/join/").content.decode()
    assert "not accepted this time" in declined


def test_a_program_without_open_enrolment_is_not_there_for_applicants(
    coordinator_user: User, employee: User
) -> None:
    closed = make_program(coordinator=coordinator_user, phase="recruiting", name="Invite only")
    draft = make_program(coordinator=coordinator_user, phase="draft", name="Not yet")
    draft.open_enrolment = True
    draft.save()
    client = client_for(employee)
    for program in (closed, draft):
        assert client.get(f"/programs/{program.slug}/apply/").status_code == 404
        assert _apply(client, program).status_code == 404  # type: ignore[attr-defined]
        api = client.post(
            f"/api/v1/programs/{program.pk}/applications",
            {"role": "mentor", "consent": True},
            content_type="application/json",
        )
        assert api.status_code == 404
    assert "Programs open to you" not in client.get("/").content.decode()
    assert not Participant.objects.exists()


def test_the_api_lists_open_programs_takes_an_application_and_the_coordinator_decides(
    program: Program, employee: User, coordinator_user: User
) -> None:
    client = client_for(employee)
    listed = client.get("/api/v1/programs/open").json()
    assert [(p["name"], p["can_apply"], p["my_status"]) for p in listed] == [
        ("Open doors", True, None)
    ]
    no_consent = client.post(
        f"/api/v1/programs/{program.pk}/applications",
        {"role": "mentor", "consent": False},
        content_type="application/json",
    )
    assert no_consent.status_code == 400
    assert no_consent.json()["errors"][0]["field"] == "consent"
    applied = client.post(
        f"/api/v1/programs/{program.pk}/applications",
        {"role": "leader", "consent": True, "note": "Curious."},
        content_type="application/json",
    )
    assert applied.status_code == 201 and applied.json()["status"] == "applied"
    twice = client.post(
        f"/api/v1/programs/{program.pk}/applications",
        {"role": "leader", "consent": True},
        content_type="application/json",
    )
    assert twice.status_code == 409
    assert client.get("/api/v1/programs/open").json()[0]["my_status"] == "applied"
    coordinator = client_for(coordinator_user)
    waiting = coordinator.get(f"/api/v1/programs/{program.pk}/participants?status=applied").json()
    assert [p["application_note"] for p in waiting] == ["Curious."]
    pid = applied.json()["id"]
    accepted = coordinator.post(f"/api/v1/programs/{program.pk}/participants/{pid}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "opted_in"
    again = coordinator.post(f"/api/v1/programs/{program.pk}/participants/{pid}/decline")
    assert again.status_code == 404  # no longer an application


def test_only_the_programs_coordinators_decide(
    program: Program, employee: User, sponsor_user: User, plain_user: User
) -> None:
    program.sponsor = sponsor_user
    program.save()
    application = enrolment.application_submit(
        actor=employee, program=program, role="mentor", consent=True
    )
    other_coordinator = UserFactory(is_coordinator=True)
    for user in (sponsor_user, plain_user, other_coordinator, employee):
        client = client_for(user)
        page = client.post(
            f"/programs/{program.slug}/participants/{application.pk}/decide/",
            {"decision": "accept"},
        )
        assert page.status_code == 404
        api = client.post(f"/api/v1/programs/{program.pk}/participants/{application.pk}/accept")
        assert api.status_code == 404
    application.refresh_from_db()
    assert application.status == "applied"


def test_an_invitation_to_someone_who_applied_points_to_their_application(
    program: Program, employee: User, coordinator_client: Client
) -> None:
    enrolment.application_submit(actor=employee, program=program, role="mentor", consent=True)
    response = coordinator_client.post(
        f"/programs/{program.slug}/participants/invite/",
        {"role": "mentor", "people": "priya@example.com"},
    )
    assert "Priya Patel has applied: accept their application" in response.content.decode()
    assert Participant.objects.get(person=employee.person).status == "applied"
