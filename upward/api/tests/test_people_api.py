"""The people API: bearer tokens, scoping, filters, pagination and the bulk import."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from upward.people.models import Person, User
from upward.people.services import api_token_create
from upward.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(user=user)}"}


def test_requests_without_a_token_get_401_json(client: Client) -> None:
    response = client.get("/api/v1/people")
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_a_wrong_token_is_refused(client: Client) -> None:
    response = client.get("/api/v1/people", headers={"Authorization": "Bearer upw_nope"})
    assert response.status_code == 401


def test_create_api_token_command_prints_a_working_token(client: Client, admin_user: User) -> None:
    out = io.StringIO()
    call_command("create_api_token", "alice@example.com", stdout=out)
    token = out.getvalue().strip()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "alice@example.com"
    assert "org_admin" in body["roles"]
    assert body["calendar_feed_url"].endswith(f"/calendar/{admin_user.calendar_token}.ics")


def test_create_api_token_for_an_unknown_email_exits_2(admin_user: User) -> None:
    with pytest.raises(SystemExit) as exit_info:
        call_command("create_api_token", "nobody@example.com", stderr=io.StringIO())
    assert exit_info.value.code == 2


def test_people_list_filters_and_paginates(client: Client, admin_user: User) -> None:
    for i in range(7):
        PersonFactory(name=f"Finance Person {i}", department__name="Finance", level=4)
    PersonFactory(name="Sales Person", department__name="Sales")
    response = client.get(
        "/api/v1/people",
        {"department": "Finance", "page_size": 5, "page": 2},
        headers=bearer(admin_user),
    )
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 7
    assert len(body["results"]) == 2
    assert {p["department"] for p in body["results"]} == {"Finance"}


def test_people_list_is_forbidden_to_leaders_mentors_and_sponsors(
    client: Client, sponsor_user: User
) -> None:
    response = client.get("/api/v1/people", headers=bearer(sponsor_user))
    assert response.status_code == 403
    assert "detail" in response.json()


def test_a_person_can_read_their_own_record_only(client: Client, plain_user: User) -> None:
    other = PersonFactory()
    own = client.get(f"/api/v1/people/{plain_user.person.employee_id}", headers=bearer(plain_user))
    assert own.status_code == 200
    assert (
        client.get(f"/api/v1/people/{other.employee_id}", headers=bearer(plain_user)).status_code
        == 404
    )


def test_bad_query_parameters_get_422_naming_the_field(client: Client, admin_user: User) -> None:
    response = client.get("/api/v1/people", {"page_size": "lots"}, headers=bearer(admin_user))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "page_size"


def test_bulk_import_upserts_with_the_csv_rules(client: Client, admin_user: User) -> None:
    payload = {
        "people": [
            {
                "employee_id": "A1",
                "name": "Ada",
                "email": "ada@example.com",
                "level": 12,
                "timezone": "UTC",
            },
            {
                "employee_id": "A2",
                "name": "Bo",
                "email": "bo@example.com",
                "manager_employee_id": "A1",
                "languages": ["en", "fr"],
                "affinity_groups": "Pride Network",
            },
        ]
    }
    response = client.post(
        "/api/v1/people/import",
        payload,
        content_type="application/json",
        headers=bearer(admin_user),
    )
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 2
    assert Person.objects.get(employee_id="A2").manager.employee_id == "A1"
    again = client.post(
        "/api/v1/people/import",
        payload,
        content_type="application/json",
        headers=bearer(admin_user),
    )
    assert again.json()["unchanged"] == 2


def test_bulk_import_with_a_bad_row_imports_nothing_and_names_row_and_field(
    client: Client, admin_user: User
) -> None:
    payload = {
        "people": [
            {"employee_id": "A1", "name": "Ada", "email": "ada@example.com"},
            {"employee_id": "A2", "name": "Bo", "email": "bo@", "hire_date": "soon"},
        ]
    }
    response = client.post(
        "/api/v1/people/import",
        payload,
        content_type="application/json",
        headers=bearer(admin_user),
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {"row": 2, "field": "email", "message": "'bo@' is not a valid email address"} in errors
    assert {e["field"] for e in errors} == {"email", "hire_date"}
    assert not Person.objects.filter(employee_id__in=["A1", "A2"]).exists()


def test_bulk_import_is_for_org_admins_only(client: Client, coordinator_user: User) -> None:
    response = client.post(
        "/api/v1/people/import",
        {"people": []},
        content_type="application/json",
        headers=bearer(coordinator_user),
    )
    assert response.status_code == 403


def test_malformed_json_gets_a_4xx_not_a_500(client: Client, admin_user: User) -> None:
    response = client.post(
        "/api/v1/people/import",
        "{nope",
        content_type="application/json",
        headers=bearer(admin_user),
    )
    assert 400 <= response.status_code < 500


def test_openapi_schema_is_published(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/people" in response.json()["paths"]
