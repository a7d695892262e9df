"""Program names are unique in the organisation, whatever their case (issue 15 item 6): the form
and the API name the field, the database refuses what slips past, and two creates at once give
one program and one clear refusal, never a 500."""

from __future__ import annotations

import threading
from importlib import import_module
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client

from conftest import client_for
from upward.errors import ServiceError
from upward.people.models import User
from upward.programs.models import Program
from upward.programs.services import program_create, program_update
from upward.programs.tests.factories import make_program

pytestmark = pytest.mark.django_db


def test_creating_a_second_program_with_the_same_name_in_other_case_is_refused(
    coordinator_user: User,
) -> None:
    make_program(coordinator=coordinator_user, name="Pilot 2026")
    with pytest.raises(ServiceError) as exc:
        program_create(actor=coordinator_user, name="  pilot 2026 ", purpose="Another one.")
    assert exc.value.field == "name" and exc.value.status == 409
    assert Program.objects.count() == 1


def test_the_new_program_form_shows_the_clash_beside_the_name(coordinator_user: User) -> None:
    make_program(coordinator=coordinator_user, name="Pilot 2026")
    client = client_for(coordinator_user)
    data = {
        "template": "blank",
        "name": "PILOT 2026",
        "purpose": "Something narrow.",
        "coordinators": [coordinator_user.pk],
        "duration_months": "6",
        "cadence_days": "30",
        "meeting_minutes": "45",
        "mentor_capacity": "1",
        "anonymity_threshold": "5",
        "objective": "max_total",
        "min_level_gap": "2",
        "min_score": "0",
        **{
            f"weight_{c}": "10"
            for c in ["topics", "interests", "style", "affinity", "cross_department", "text"]
        },
    }
    response = client.post("/programs/new/?template=blank", data)
    assert response.status_code == 400
    assert "already exists" in " ".join(response.context["form"].errors["name"])
    assert Program.objects.count() == 1


def test_renaming_onto_another_programs_name_is_refused_and_keeping_ones_own_is_fine(
    coordinator_user: User,
) -> None:
    make_program(coordinator=coordinator_user, name="Pilot 2026")
    other = make_program(coordinator=coordinator_user, name="Culture")
    with pytest.raises(ServiceError) as exc:
        program_update(actor=coordinator_user, program=other, name="pilot 2026")
    assert exc.value.field == "name"
    program_update(actor=coordinator_user, program=other, name="CULTURE")
    assert Program.objects.get(pk=other.pk).name == "CULTURE"


def test_the_api_answers_409_naming_name_on_create_and_on_rename(coordinator_user: User) -> None:
    first = make_program(coordinator=coordinator_user, name="Pilot 2026")
    client = client_for(coordinator_user)
    response = client.post(
        "/api/v1/programs",
        {"name": "pilot 2026", "purpose": "Again."},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "name"
    second = make_program(coordinator=coordinator_user, name="Culture")
    patch = client.patch(
        f"/api/v1/programs/{second.pk}", {"name": "PILOT 2026"}, content_type="application/json"
    )
    assert patch.status_code == 409 and patch.json()["errors"][0]["field"] == "name"
    assert Program.objects.get(pk=first.pk).name == "Pilot 2026"


def test_the_database_itself_refuses_a_duplicate_name(coordinator_user: User) -> None:
    make_program(coordinator=coordinator_user, name="Pilot 2026")
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.create(name="PILOT 2026", slug="pilot-2026-x", purpose="x")


def test_the_migration_renames_later_duplicates_and_keeps_the_oldest_name() -> None:
    migration = import_module("upward.programs.migrations.0008_program_name_unique_ci")
    rows = [(1, "Pilot"), (2, "pilot"), (3, "Culture"), (4, "PILOT"), (5, "Pilot (2)")]
    assert migration.new_names(rows) == {2: "pilot (3)", 4: "PILOT (4)"}
    assert migration.new_names([(1, "A"), (2, "B")]) == {}


# --- a burst of creates on PostgreSQL ---------------------------------------------------------


def _create(barrier: threading.Barrier, outcomes: list[Any], user: User, name: str) -> None:
    try:
        client = Client()
        client.force_login(user)
        barrier.wait()
        response = client.post(
            "/api/v1/programs",
            {"name": name, "purpose": "At once."},
            content_type="application/json",
        )
        body = response.json()
        outcomes.append((response.status_code, body.get("errors", [{}])[0].get("field", "")))
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_creates_with_the_same_name_at_once_give_one_program_and_one_409(
    coordinator_user: User, admin_user: User
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")
    for round_ in range(5):  # several rounds: the race must not be won by luck
        name = f"Burst {round_}"
        barrier = threading.Barrier(2)
        outcomes: list[Any] = []
        threads = [
            threading.Thread(target=_create, args=(barrier, outcomes, coordinator_user, name)),
            threading.Thread(target=_create, args=(barrier, outcomes, admin_user, name.upper())),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(code for code, _ in outcomes) == [201, 409], outcomes
        assert [field for code, field in outcomes if code == 409] == ["name"]
        assert Program.objects.filter(name__iexact=name).count() == 1
