"""Invitations that help (issue 15 item 7): a batch invites the good lines and names every other
one (unknown address, not in the directory, left, deactivated, already invited...), lines to
correct stay in the box, "already invited" points to a Resend that is on the page; CSV files and
directory filters (with a count before anyone is invited). Pages and API."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import client_for
from upward.audit.models import AuditEntry
from upward.people.models import Department, Person, User
from upward.people.tests.factories import PersonFactory, UserFactory
from upward.programs.models import Participant, Program
from upward.programs.services import enrolment
from upward.programs.tests.factories import make_program, person

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def program(coordinator_user: User) -> Program:
    return make_program(coordinator=coordinator_user, phase="recruiting")


def _box(html: str) -> str:
    """What the typed-invitations box holds after the page came back."""
    match = re.search(r'<textarea name="people"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, "the page shows the invitation box"
    return match.group(1).strip()


def _statuses(program: Program) -> dict[str, str]:
    return {
        p.person.email: p.status
        for p in Participant.objects.filter(program=program).select_related("person")
    }


# --- typed lines, on the page ------------------------------------------------------------------


def test_one_unknown_address_no_longer_sinks_the_batch_and_stays_in_the_box(
    program: Program, coordinator_client: Client, django_capture_on_commit_callbacks: object
) -> None:
    ann, bob = person(9, email="ann@example.com"), person(8, email="bob@example.com")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = coordinator_client.post(
            f"/programs/{program.slug}/participants/invite/",
            {"role": "leader", "people": "ann@example.com, nobody@example.com\nBOB@example.com"},
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 invitations sent; 1 line not invited" in html
    assert "Nobody in the directory has the address nobody@example.com." in html
    assert _box(html) == "nobody@example.com"
    assert _statuses(program) == {ann.email: "invited", bob.email: "invited"}
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.com", "bob@example.com"]


def test_each_kind_of_line_gets_its_own_result(
    program: Program, coordinator_client: Client
) -> None:
    left = person(9, email="left@example.com", is_active=False)
    locked = person(9, email="locked@example.com")
    UserFactory(email="locked@example.com", person=locked, is_active=False)
    taking_part = person(9, email="in@example.com")
    enrolment.participant_invite(
        actor=program.coordinators.first(), program=program, person=taking_part, role="leader"
    )
    Participant.objects.filter(person=taking_part).update(status="opted_in")
    emp = person(8, employee_id="E777")
    response = coordinator_client.post(
        f"/programs/{program.slug}/participants/invite/",
        {
            "role": "mentor",
            "people": "left@example.com locked@example.com in@example.com e777 E777 "
            "not-an-address@ E999",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{left.name} has left the organisation." in html
    assert f"{locked.name}&#x27;s account is deactivated" in html
    assert f"{taking_part.name} already takes part (opted in)." in html
    assert f"{emp.name} invited as mentor." in html
    assert f"{emp.name} is listed twice." in html
    assert "&#x27;not-an-address@&#x27; is not an e-mail address." in html
    assert "No employee id or address &#x27;E999&#x27; in the directory." in html
    # Only the lines a coordinator can fix by retyping come back to the box.
    assert _box(html).split() == ["not-an-address@", "E999"]
    assert _statuses(program)[emp.email] == "invited"
    assert left.email not in _statuses(program) and locked.email not in _statuses(program)


def test_already_invited_points_to_a_resend_button_that_is_there(
    program: Program, coordinator_user: User, coordinator_client: Client
) -> None:
    with time_machine.travel(NOW, tick=False):
        ann = person(9, email="ann@example.com")
        first = enrolment.participant_invite(
            actor=coordinator_user, program=program, person=ann, role="leader"
        )
        soon = coordinator_client.post(
            f"/programs/{program.slug}/participants/invite/",
            {"role": "leader", "people": "ann@example.com"},
        ).content.decode()
        # Sent minutes ago: the text says when Resend appears, and the row says the same.
        resend = re.search(r"Resend appears in their row below from (\w+ 3 Mar, \d\d:\d\d)", soon)
        assert resend is not None and f"again from {resend.group(1)}" in soon
    with time_machine.travel(NOW + dt.timedelta(days=1, minutes=5), tick=False):
        later = coordinator_client.post(
            f"/programs/{program.slug}/participants/invite/",
            {"role": "leader", "people": "ann@example.com"},
        ).content.decode()
        assert "use Resend in their row below" in later
        resend = f"/programs/{program.slug}/participants/{first.pk}/resend/"
        assert f'action="{resend}"' in later and ">Resend</button>" in later
        assert coordinator_client.post(resend).status_code == 302
        first.refresh_from_db()
        assert first.invitations_sent == 2


def test_a_batch_where_nobody_is_found_is_a_field_error(
    program: Program, coordinator_client: Client
) -> None:
    response = coordinator_client.post(
        f"/programs/{program.slug}/participants/invite/",
        {"role": "leader", "people": "x@example.com y@example.com"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nobody on the list could be found" in html
    assert _box(html).split() == ["x@example.com", "y@example.com"]
    assert not Participant.objects.filter(program=program).exists()


def test_hostile_lines_are_shown_as_text(program: Program, coordinator_client: Client) -> None:
    response = coordinator_client.post(
        f"/programs/{program.slug}/participants/invite/",
        {"role": "leader", "people": "<script>alert(1)</script>@x.io"},
    )
    assert b"<script>alert(1)" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_a_batch_is_recorded_in_the_audit_log(program: Program, coordinator_client: Client) -> None:
    person(9, email="ann@example.com")
    coordinator_client.post(
        f"/programs/{program.slug}/participants/invite/",
        {"role": "leader", "people": "ann@example.com nobody@example.com"},
    )
    event = AuditEntry.objects.get(action="program.invitations_sent")
    assert event.details == {"source": "typed", "sent": 1, "not_sent": 1}


# --- CSV files ---------------------------------------------------------------------------------


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("people.csv", text.encode(), content_type="text/csv")


def test_a_csv_file_invites_its_rows_and_names_each_bad_row(
    program: Program, coordinator_client: Client
) -> None:
    ann, bob = person(9, email="ann@example.com"), person(2, email="bob@example.com")
    response = coordinator_client.post(
        f"/programs/{program.slug}/participants/invite/csv/",
        {
            "role": "leader",
            "file": _csv(
                "employee_id,name,email,role\n"
                "E1,Ann,ann@example.com,\n"
                "E2,Bob,bob@example.com,mentor\n"
                "E3,Nobody,nobody@example.com,\n"
                "E4,Odd,odd@example.com,boss\n"
            ),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 invitations sent; 2 lines not invited" in html
    rows = re.findall(r"<tr class=\"result-(\w+)\">\s*<td>(\d+)</td>", html)
    assert rows == [
        ("invited", "2"),
        ("invited", "3"),
        ("unknown_address", "4"),
        ("invalid", "5"),
    ]
    assert "Role &#x27;boss&#x27; is not leader or mentor." in html
    roles = {p.person_id: p.role for p in Participant.objects.filter(program=program)}
    assert roles == {ann.pk: "leader", bob.pk: "mentor"}


def test_a_csv_without_an_email_column_is_refused_beside_the_file(
    program: Program, coordinator_client: Client
) -> None:
    response = coordinator_client.post(
        f"/programs/{program.slug}/participants/invite/csv/",
        {"role": "leader", "file": _csv("name,mail\nAnn,ann@example.com\n")},
    )
    assert response.status_code == 400
    assert "The file needs an email column" in response.content.decode()


# --- directory filters -------------------------------------------------------------------------


def _directory(count: int = 3) -> Department:
    finance = Department.objects.create(name="Finance")
    for level in range(count):
        PersonFactory(department=finance, level=7 + level, location="Paris")
    PersonFactory(department=finance, level=8, location="London")
    PersonFactory(department=finance, level=8, location="Paris", is_active=False)
    PersonFactory(level=8, location="Paris")  # another department
    return finance


def test_the_directory_filter_counts_before_it_invites(
    program: Program, coordinator_client: Client
) -> None:
    finance = _directory()
    url = f"/programs/{program.slug}/participants/invite/directory/"
    query = {"department": finance.pk, "level_min": 7, "level_max": 9, "location": "Paris"}
    preview = coordinator_client.get(url, {**query, "role": "leader"}, HTTP_HX_REQUEST="true")
    html = preview.content.decode()
    assert "<strong>3</strong> people to invite" in html
    assert 'name="expected" value="3"' in html and "Invite 3 people" in html
    assert not Participant.objects.filter(program=program).exists()  # counting invites nobody
    response = coordinator_client.post(url, {**query, "role": "leader", "expected": 3})
    assert response.status_code == 200
    assert "3 invitations sent" in response.content.decode()
    assert Participant.objects.filter(program=program, status="invited").count() == 3
    again = coordinator_client.get(url, {**query, "role": "leader"}, HTTP_HX_REQUEST="true")
    assert "<strong>0</strong> people to invite (3 of the 3 who match" in again.content.decode()


def test_a_directory_that_changed_since_the_preview_invites_nobody(
    program: Program, coordinator_client: Client
) -> None:
    finance = _directory()
    PersonFactory(department=finance, level=8, location="Paris")  # joined after the preview
    response = coordinator_client.post(
        f"/programs/{program.slug}/participants/invite/directory/",
        {"department": finance.pk, "location": "Paris", "role": "leader", "expected": 3},
    )
    assert response.status_code == 400
    assert "now matches 4 people to invite, not 3" in response.content.decode()
    assert not Participant.objects.filter(program=program).exists()


def test_an_empty_filter_asks_for_one(program: Program, coordinator_client: Client) -> None:
    response = coordinator_client.get(
        f"/programs/{program.slug}/participants/invite/directory/",
        {"role": "leader"},
        HTTP_HX_REQUEST="true",
    )
    assert "Choose at least one of department, level or location." in response.content.decode()


# --- the API -----------------------------------------------------------------------------------


def test_the_api_answers_a_partial_batch_with_200_and_a_result_per_item(
    program: Program, coordinator_user: User
) -> None:
    ann = person(9, email="ann@example.com")
    response = client_for(coordinator_user).post(
        f"/api/v1/programs/{program.pk}/participants/batch",
        {"role": "leader", "people": ["ann@example.com", "nobody@example.com"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["invited"], body["not_invited"]) == (1, 1)
    assert [(r["input"], r["outcome"], r["ok"]) for r in body["results"]] == [
        ("ann@example.com", "invited", True),
        ("nobody@example.com", "unknown_address", False),
    ]
    assert body["results"][0]["participant_id"] == Participant.objects.get(person=ann).pk


def test_the_api_answers_400_naming_each_item_when_nothing_was_valid(
    program: Program, coordinator_user: User
) -> None:
    response = client_for(coordinator_user).post(
        f"/api/v1/programs/{program.pk}/participants/batch",
        {"role": "leader", "people": ["nobody@example.com", "E404"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["field"], e["outcome"]) for e in errors] == [
        ("people[0]", "unknown_address"),
        ("people[1]", "not_in_directory"),
    ]
    bad_role = client_for(coordinator_user).post(
        f"/api/v1/programs/{program.pk}/participants/batch",
        {"role": "boss", "people": ["x@example.com"]},
        content_type="application/json",
    )
    assert bad_role.status_code == 400 and bad_role.json()["errors"][0]["field"] == "role"


def test_the_single_invite_contract_is_unchanged(program: Program, coordinator_user: User) -> None:
    person(9, email="ann@example.com")
    client = client_for(coordinator_user)
    url = f"/api/v1/programs/{program.pk}/participants"
    created = client.post(
        url, {"role": "leader", "email": "ann@example.com"}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["status"] == "invited"
    again = client.post(
        url, {"role": "leader", "email": "ann@example.com"}, content_type="application/json"
    )
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "person"
    assert "Resend" in again.json()["errors"][0]["message"]
    unknown = client.post(
        url, {"role": "leader", "email": "x@example.com"}, content_type="application/json"
    )
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "email"


def test_the_api_invites_from_a_csv_file_with_row_numbers(
    program: Program, coordinator_user: User
) -> None:
    person(9, email="ann@example.com")
    response = client_for(coordinator_user).post(
        f"/api/v1/programs/{program.pk}/participants/csv",
        {"role": "leader", "file": _csv("email\nann@example.com\nnobody@example.com\n")},
    )
    assert response.status_code == 200, response.content
    assert [(r["row"], r["outcome"]) for r in response.json()["results"]] == [
        (2, "invited"),
        (3, "unknown_address"),
    ]
    no_column = client_for(coordinator_user).post(
        f"/api/v1/programs/{program.pk}/participants/csv",
        {"role": "leader", "file": _csv("name\nAnn\n")},
    )
    assert no_column.status_code == 400 and no_column.json()["errors"][0]["field"] == "file"


def test_the_api_previews_then_invites_from_the_directory(
    program: Program, coordinator_user: User
) -> None:
    _directory()
    client = client_for(coordinator_user)
    base = f"/api/v1/programs/{program.pk}/participants"
    preview = client.get(
        f"{base}/directory-preview", {"department": "finance", "location": "Paris"}
    )
    assert preview.status_code == 200
    assert preview.json()["to_invite"] == 3 and preview.json()["matching"] == 3
    stale = client.post(
        f"{base}/from-directory",
        {"department": "Finance", "location": "Paris", "role": "mentor", "expected_count": 2},
        content_type="application/json",
    )
    assert stale.status_code == 409 and stale.json()["errors"][0]["field"] == "expected_count"
    done = client.post(
        f"{base}/from-directory",
        {"department": "Finance", "location": "Paris", "role": "mentor", "expected_count": 3},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["invited"] == 3
    unknown = client.get(f"{base}/directory-preview", {"department": "Nowhere"})
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "department"


@pytest.mark.parametrize("who", ["sponsor", "plain"])
def test_only_the_programs_coordinators_invite_in_batches(
    who: str, program: Program, sponsor_user: User, plain_user: User
) -> None:
    program.sponsor = sponsor_user
    program.save()
    person(9, email="ann@example.com")
    client = client_for(sponsor_user if who == "sponsor" else plain_user)
    base = f"/programs/{program.slug}/participants/invite"
    assert client.post(f"{base}/", {"role": "leader", "people": "ann@example.com"}).status_code == (
        404
    )
    assert client.get(f"{base}/directory/", {"location": "Paris"}).status_code == 404
    api = f"/api/v1/programs/{program.pk}/participants/batch"
    answer = client.post(
        api, {"role": "leader", "people": ["ann@example.com"]}, content_type="application/json"
    )
    assert answer.status_code == 404
    assert not Participant.objects.filter(program=program).exists()
    assert Person.objects.filter(email="ann@example.com").exists()
