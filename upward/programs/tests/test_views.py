from __future__ import annotations

import pytest
from django.test import Client

from conftest import client_for
from upward.people.models import User
from upward.people.tests.factories import UserFactory
from upward.programs.models import Intake, Participant, Program
from upward.programs.tests.factories import enrol, make_program, person, user_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(coordinator_user: User, sponsor_user: User) -> Program:
    return make_program(coordinator=coordinator_user, sponsor=sponsor_user, phase="recruiting")


def _users(
    program: Program, admin_user: User, coordinator_user: User, sponsor_user: User, plain_user: User
) -> dict[str, User]:
    participant = enrol(program, person(9), "leader")
    other_coordinator = UserFactory.create(is_coordinator=True)
    return {
        "admin": admin_user,
        "coordinator": coordinator_user,
        "other_coordinator": other_coordinator,
        "sponsor": sponsor_user,
        "participant": user_of(participant),
        "plain": plain_user,
    }


# role -> expected status for: detail, edit, participants, phase (GET confirm page)
MATRIX = {
    "admin": (200, 200, 200, 200),
    "coordinator": (200, 200, 200, 200),
    "other_coordinator": (404, 404, 404, 404),
    "sponsor": (200, 404, 404, 404),
    "participant": (404, 404, 404, 404),
    "plain": (404, 404, 404, 404),
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_program_pages_permission_matrix(
    role: str,
    program: Program,
    admin_user: User,
    coordinator_user: User,
    sponsor_user: User,
    plain_user: User,
) -> None:
    user = _users(program, admin_user, coordinator_user, sponsor_user, plain_user)[role]
    client = client_for(user)
    urls = [
        f"/programs/{program.slug}/",
        f"/programs/{program.slug}/edit/",
        f"/programs/{program.slug}/participants/",
        f"/programs/{program.slug}/phase/?to_phase=matching",
    ]
    assert tuple(client.get(u).status_code for u in urls) == MATRIX[role]


def test_sponsor_sees_summary_but_no_free_text(program: Program, sponsor_client: Client) -> None:
    response = sponsor_client.get(f"/programs/{program.slug}/")
    assert b"Edit design" not in response.content
    assert b"Hopes" not in response.content


def test_plain_user_cannot_create_programs(plain_client: Client) -> None:
    assert plain_client.get("/programs/new/?template=blank").status_code == 403


def test_create_form_starts_from_a_template(coordinator_client: Client) -> None:
    response = coordinator_client.get("/programs/new/")
    assert b"Reverse mentoring: workplace culture" in response.content
    response = coordinator_client.get("/programs/new/?template=digital-fluency")
    assert b"digital tools and AI with confidence" in response.content


def test_create_form_shows_field_errors(coordinator_client: Client) -> None:
    response = coordinator_client.post(
        "/programs/new/?template=blank",
        {
            "template": "blank",
            "name": "",
            "purpose": "",
            "duration_months": "40",
            "cadence_days": "30",
            "meeting_minutes": "60",
            "mentor_capacity": "1",
            "anonymity_threshold": "1",
            "objective": "max_total",
            "min_level_gap": "2",
            "min_score": "0",
            **{
                f"weight_{c}": "0"
                for c in ["topics", "interests", "style", "affinity", "cross_department", "text"]
            },
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"name", "purpose", "duration_months", "anonymity_threshold", "weight_topics"} <= set(
        errors
    )
    assert Program.objects.count() == 0


def test_create_program_through_the_form(
    coordinator_client: Client, coordinator_user: User
) -> None:
    data = {
        "template": "workplace-culture",
        "name": "Culture 2027",
        "purpose": "Hear how work feels for new joiners.",
        "coordinators": [coordinator_user.pk],
        "duration_months": "6",
        "cadence_days": "30",
        "meeting_minutes": "45",
        "mentor_capacity": "1",
        "anonymity_threshold": "5",
        "objective": "max_min",
        "min_level_gap": "3",
        "min_score": "10",
        "exclude_reporting_line": "on",
        "require_shared_language": "on",
        "weight_topics": "50",
        "weight_interests": "10",
        "weight_style": "10",
        "weight_affinity": "10",
        "weight_cross_department": "10",
        "weight_text": "10",
    }
    response = coordinator_client.post("/programs/new/?template=workplace-culture", data)
    assert response.status_code == 302
    program = Program.objects.get(name="Culture 2027")
    assert program.matching_settings["objective"] == "max_min"
    assert program.matching_settings["weights"]["topics"] == 0.5
    assert program.matching_settings["min_score"] == 0.1
    # The template's objectives come measured, each with its target.
    assert [(o.measure, o.target) for o in program.objectives.all()] == [
        ("pairs_with_published_action_pct", 90),
        ("recorded_pct", 75),
        ("survey_mentor_psychological_safety", 4),
    ]


def test_phase_move_through_confirm_page(program: Program, coordinator_client: Client) -> None:
    enrol(program, person(9), "leader")
    enrol(program, person(2), "mentor")
    enrol(program, person(8), "leader", opted_in=False, intake=False)
    page = coordinator_client.get(f"/programs/{program.slug}/phase/?to_phase=matching")
    assert b"1 invitation is still unanswered" in page.content
    coordinator_client.post(f"/programs/{program.slug}/phase/", {"to_phase": "matching"})
    program.refresh_from_db()
    assert program.phase == "recruiting"  # not confirmed
    coordinator_client.post(
        f"/programs/{program.slug}/phase/", {"to_phase": "matching", "confirm": "on"}
    )
    program.refresh_from_db()
    assert program.phase == "matching"


def test_invite_by_employee_id_and_unknown_ids_are_named(
    program: Program, coordinator_client: Client
) -> None:
    who = person(9, employee_id="E777")
    response = coordinator_client.post(
        f"/programs/{program.slug}/participants/invite/",
        {"role": "leader", "people": "E777, nobody@example.com"},
    )
    # The unknown address no longer sinks the batch: E777 is invited, the other line is named.
    assert b"Nobody in the directory has the address nobody@example.com." in response.content
    assert Participant.objects.get(person=who).status == "invited"


def test_participants_list_is_htmx_partial(program: Program, coordinator_client: Client) -> None:
    enrol(program, person(9, name="Zed Leader"), "leader")
    response = coordinator_client.get(
        f"/programs/{program.slug}/participants/?q=Zed", HTTP_HX_REQUEST="true"
    )
    assert b"Zed Leader" in response.content and b"<html" not in response.content


def test_participant_journey_consent_intake_training(program: Program) -> None:
    participant = enrol(program, person(9), "leader", opted_in=False, intake=False, trained=False)
    client = client_for(user_of(participant))
    page = client.get(f"/programs/{program.slug}/join/")
    assert b"withdraw at any time" in page.content
    assert client.post(f"/programs/{program.slug}/join/", {}).status_code == 400
    client.post(f"/programs/{program.slug}/join/", {"consent": "on"})
    participant.refresh_from_db()
    assert participant.status == "opted_in"
    # Draft: saved with only one answer.
    client.post(f"/programs/{program.slug}/intake/", {"goals": "Understand AI", "save": "1"})
    assert Intake.objects.get(participant=participant).submitted_at is None
    # Submit with a missing field: field error, nothing submitted.
    response = client.post(
        f"/programs/{program.slug}/intake/", {"goals": "Understand AI", "submit": "1"}
    )
    assert response.status_code == 400 and "will_do" in response.context["form"].errors
    client.post(
        f"/programs/{program.slug}/intake/",
        {
            "goals": "Understand AI",
            "will_do": "Pilot a tool",
            "topic_digital-tools-ai": "3",
            "languages": ["en"],
            "style_structure": "4",
            "submit": "1",
        },
    )
    intake = Intake.objects.get(participant=participant)
    assert intake.submitted_at and intake.topics["digital-tools-ai"] == 3
    assert intake.style == [4, 3, 3]
    page = client.get(f"/programs/{program.slug}/training/leader-active-listening/")
    assert b"Listening to learn" in page.content
    client.post(f"/programs/{program.slug}/training/leader-active-listening/", {"answer": "1"})
    assert participant.training_completions.count() == 1


def test_withdraw_needs_a_confirmation_step(program: Program) -> None:
    participant = enrol(program, person(2), "mentor")
    client = client_for(user_of(participant))
    page = client.get(f"/programs/{program.slug}/withdraw/")
    assert b"you do not need to give a reason" in page.content
    assert Participant.objects.get(pk=participant.pk).status == "opted_in"  # GET changes nothing
    client.post(f"/programs/{program.slug}/withdraw/")
    participant.refresh_from_db()
    assert participant.status == "withdrawn"


def test_interest_survey_page_and_single_answer(
    coordinator_user: User, plain_client: Client
) -> None:
    program = make_program(coordinator=coordinator_user, interest_survey_open=True)
    assert plain_client.post(f"/programs/{program.slug}/interest/", {}).status_code == 400
    plain_client.post(f"/programs/{program.slug}/interest/", {"interest": "mentor"})
    page = plain_client.get(f"/programs/{program.slug}/interest/")
    assert b"Thank you" in page.content


def test_home_panels_for_coordinator_and_invited_person(
    program: Program, coordinator_client: Client
) -> None:
    assert b"Your programs" in coordinator_client.get("/").content
    invited = enrol(program, person(9), "leader", opted_in=False, intake=False)
    home = client_for(user_of(invited)).get("/")
    assert b"Read and decide" in home.content


def test_programs_nav_and_empty_state(coordinator_client: Client) -> None:
    response = coordinator_client.get("/programs/")
    assert b"No programs yet" in response.content
    assert b'href="/programs/"' in response.content


def test_topics_page_adds_topics_with_field_errors(coordinator_client: Client) -> None:
    assert coordinator_client.post("/programs/topics/", {"name": ""}).status_code == 400
    coordinator_client.post("/programs/topics/", {"name": "Gen Z slang", "sensitive": ""})
    assert b"Gen Z slang" in coordinator_client.get("/programs/topics/").content


def test_intake_refuses_an_unknown_time_zone_on_the_page_and_the_api(program: Program) -> None:
    participant = enrol(program, person(9), "leader", intake=False)
    client = client_for(user_of(participant))
    page = client.post(
        f"/programs/{program.slug}/intake/",
        {"goals": "Understand AI", "time_zone": "Mars/Olympus", "save": "1"},
    )
    assert page.status_code == 400
    assert "not a time zone we know" in page.content.decode()
    assert not Intake.objects.filter(participant=participant, time_zone="Mars/Olympus").exists()

    url = f"/api/v1/programs/{program.pk}/participants/{participant.pk}/intake"
    api = client.put(url, {"time_zone": "Mars/Olympus"}, content_type="application/json")
    assert api.status_code == 422
    assert api.json()["errors"][0]["field"] == "time_zone"
    good = client.put(url, {"time_zone": "Europe/Paris"}, content_type="application/json")
    assert good.status_code == 200
    assert Intake.objects.get(participant=participant).time_zone == "Europe/Paris"
