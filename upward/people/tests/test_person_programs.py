"""The person page lists their programs (as far as the viewer may see) and the directory offers
its CSV template."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from conftest import client_for
from upward.people import importing
from upward.people.exporting import people_template_csv
from upward.people.models import Person, User
from upward.people.services import api_token_create
from upward.people.tests.factories import PersonFactory
from upward.programs.models import Participant, Program
from upward.programs.tests.factories import ParticipantFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mina() -> Person:
    return PersonFactory(name="Mina Mentor", email="mina@example.com", employee_id="E500")


@pytest.fixture
def programs(mina: Person, coordinator_user: User) -> tuple[Program, Program]:
    mine = ProgramFactory(name="Carol's program", slug="carols")
    mine.coordinators.add(coordinator_user)
    other = ProgramFactory(name="Someone else's program", slug="other")
    ParticipantFactory(program=mine, person=mina, role=Participant.Role.MENTOR)
    ParticipantFactory(
        program=other,
        person=mina,
        user=None,
        role=Participant.Role.MENTOR,
        status=Participant.Status.INVITED,
    )
    return mine, other


def _programs_section(client: Client, employee_id: str = "E500") -> str:
    response = client.get(f"/people/{employee_id}/")
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index('id="programs"') :]


def test_org_admin_sees_every_program_of_the_person(
    admin_client_: Client, programs: tuple[Program, Program]
) -> None:
    section = _programs_section(admin_client_)
    assert "Carol&#x27;s program" in section and "Someone else&#x27;s program" in section
    assert "Mentor" in section and "Invited" in section and "Opted in" in section


def test_a_coordinator_sees_only_the_programs_they_run(
    coordinator_client: Client, programs: tuple[Program, Program]
) -> None:
    section = _programs_section(coordinator_client)
    assert "Carol&#x27;s program" in section
    assert "Someone else" not in section
    assert 'href="/programs/carols/participants/"' in section


def test_the_person_sees_their_own_programs(
    programs: tuple[Program, Program], mina: Person
) -> None:
    own = client_for(User.objects.get(person=mina))
    section = _programs_section(own)
    assert "Carol&#x27;s program" in section and "Someone else&#x27;s program" in section
    assert "/participants/" not in section  # they do not manage them


def test_sponsors_leaders_and_mentors_do_not_see_someone_elses_page(
    sponsor_client: Client, programs: tuple[Program, Program], client: Client
) -> None:
    mine, _ = programs
    mine.sponsor = User.objects.get(email="sam@example.com")
    mine.save()
    leader = ParticipantFactory(program=mine, role=Participant.Role.LEADER).user
    for viewer in (sponsor_client, client_for(leader)):
        assert viewer.get("/people/E500/").status_code == 404
    assert client.get("/people/E500/").status_code == 302


def test_the_csv_template_imports_as_is(admin_client_: Client) -> None:
    response = admin_client_.get("/people/template.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="directory-template.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == list(importing.COLUMNS)
    # The examples are valid rows: the template itself imports cleanly.
    result = importing.people_import_csv(data=people_template_csv().encode(), source="t.csv")
    assert result.created == 2
    assert Person.objects.get(employee_id="E0002").manager.employee_id == "E0001"


def test_only_org_admins_download_the_template(
    coordinator_client: Client, sponsor_client: Client, plain_client: Client, client: Client
) -> None:
    for other in (coordinator_client, sponsor_client, plain_client):
        assert other.get("/people/template.csv").status_code == 403
    assert client.get("/people/template.csv").status_code == 302


def test_the_api_lists_a_persons_programs_as_far_as_the_caller_may_see(
    programs: tuple[Program, Program], admin_user: User, coordinator_user: User, client: Client
) -> None:
    def names(user: User) -> list[str]:
        headers = {"Authorization": f"Bearer {api_token_create(user=user)}"}
        response = client.get("/api/v1/people/E500/participations", headers=headers)
        if response.status_code != 200:
            return [str(response.status_code)]
        return sorted(p["program_slug"] for p in response.json())

    assert names(admin_user) == ["carols", "other"]
    assert names(coordinator_user) == ["carols"]
    sponsor = User.objects.create_user("viewer@example.com", is_sponsor=True)
    assert names(sponsor) == ["404"]
    assert client.get("/api/v1/people/E500/participations").status_code == 401
