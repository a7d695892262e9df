"""SCIM 2.0 provisioning, with the requests Entra ID and Okta send."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from conftest import client_for
from upward.audit.models import AuditEntry
from upward.people import importing
from upward.people.models import AffinityGroup, Person, PersonChange, User
from upward.people.services import api_token_create
from upward.people.tests.factories import PersonFactory, UserFactory
from upward.programs.models import Participant
from upward.programs.tests.factories import ParticipantFactory
from upward.scim.models import ScimToken
from upward.scim.resources import ENTERPRISE
from upward.scim.services import scim_token_create

pytestmark = pytest.mark.django_db

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@pytest.fixture
def scim(db: None) -> Client:
    return Client(
        headers={"Authorization": f"Bearer {scim_token_create(actor=None, name='Entra ID')}"}
    )


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    response = getattr(client, method)(
        f"/scim/v2{path}",
        data=json.dumps(body) if body is not None else None,
        content_type="application/scim+json",
    )
    return response


# What Entra ID sends to create a user (its default attribute mappings, plus employeeNumber).
ENTRA_CREATE = {
    "schemas": [USER_SCHEMA, ENTERPRISE],
    "externalId": "ada",
    "userName": "ada.lovelace@example.com",
    "active": True,
    "displayName": "Ada Lovelace",
    "title": "Analyst",
    "emails": [{"primary": True, "type": "work", "value": "ada.lovelace@example.com"}],
    "preferredLanguage": "en-GB",
    "name": {"formatted": "Ada Lovelace", "familyName": "Lovelace", "givenName": "Ada"},
    "addresses": [{"type": "work", "locality": "London", "country": "GB", "primary": False}],
    ENTERPRISE: {"employeeNumber": "E9001", "department": "Engineering"},
}


def _create(scim: Client, **overrides: Any) -> dict[str, Any]:
    response = send(scim, "post", "/Users", {**ENTRA_CREATE, **overrides})
    assert response.status_code == 201, response.content
    return response.json()


def test_entra_creates_a_user_who_lands_in_the_directory(scim: Client) -> None:
    body = _create(scim)
    person = Person.objects.get(employee_id="E9001")
    assert body["id"] == str(person.pk)
    assert body["userName"] == "ada.lovelace@example.com" and body["active"] is True
    assert (person.name, person.email, person.title) == (
        "Ada Lovelace",
        "ada.lovelace@example.com",
        "Analyst",
    )
    assert person.department.name == "Engineering" and person.location == "London"
    assert person.languages == ["en"]
    assert AuditEntry.objects.filter(action="scim.user_created", actor=None).exists()
    # A second create of the same person is a conflict, as SCIM says.
    again = send(scim, "post", "/Users", ENTRA_CREATE)
    assert again.status_code == 409 and again.json()["scimType"] == "uniqueness"


def test_the_provider_finds_a_user_by_username_filter(scim: Client) -> None:
    created = _create(scim)
    response = scim.get("/scim/v2/Users", {"filter": 'userName eq "Ada.Lovelace@example.com"'})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/scim+json")
    body = response.json()
    assert body["totalResults"] == 1 and body["Resources"][0]["id"] == created["id"]
    none = scim.get("/scim/v2/Users", {"filter": 'userName eq "nobody@example.com"'}).json()
    assert none["totalResults"] == 0 and none["Resources"] == []
    by_external = scim.get("/scim/v2/Users", {"filter": 'externalId eq "E9001"'}).json()
    assert by_external["totalResults"] == 1
    bad = scim.get("/scim/v2/Users", {"filter": 'userName co "ada"'})
    assert bad.status_code == 400 and bad.json()["scimType"] == "invalidFilter"


def test_entra_deactivates_with_a_patch_replace_active_false(scim: Client) -> None:
    created = _create(scim)
    user = UserFactory(
        email="ada.lovelace@example.com", person=Person.objects.get(employee_id="E9001")
    )
    # Entra ID: capitalised op, the boolean as a string.
    patch = {
        "schemas": [PATCH_SCHEMA],
        "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
    }
    with time_machine.travel("2026-05-04 10:00:00+00:00", tick=False):
        response = send(scim, "patch", f"/Users/{created['id']}", patch)
    assert response.status_code == 200 and response.json()["active"] is False
    person = Person.objects.get(employee_id="E9001")
    # As the CSV import does with a leaver: left_on set, the account off, nothing deleted.
    assert not person.is_active and str(person.left_on) == "2026-05-04"
    assert not User.objects.get(pk=user.pk).is_active
    assert PersonChange.objects.filter(person=person, field="left_on").exists()
    assert AuditEntry.objects.filter(action="scim.user_deactivated").exists()


def test_okta_patches_without_a_path_and_reactivates(scim: Client) -> None:
    created = _create(scim)
    off = {"schemas": [PATCH_SCHEMA], "Operations": [{"op": "replace", "value": {"active": False}}]}
    assert send(scim, "patch", f"/Users/{created['id']}", off).json()["active"] is False
    on = {"schemas": [PATCH_SCHEMA], "Operations": [{"op": "replace", "value": {"active": True}}]}
    assert send(scim, "patch", f"/Users/{created['id']}", on).json()["active"] is True
    assert Person.objects.get(employee_id="E9001").left_on is None


def test_entra_updates_attributes_by_path(scim: Client) -> None:
    created = _create(scim)
    manager = _create(
        scim,
        externalId="boss",
        userName="boss@example.com",
        displayName="Bo Boss",
        emails=[{"primary": True, "type": "work", "value": "boss@example.com"}],
        **{ENTERPRISE: {"employeeNumber": "E9000", "department": "Engineering"}},
    )
    patch = {
        "schemas": [PATCH_SCHEMA],
        "Operations": [
            {"op": "Replace", "path": "title", "value": "Senior Analyst"},
            {"op": "Replace", "path": "name.familyName", "value": "King"},
            {
                "op": "Replace",
                "path": 'emails[type eq "work"].value',
                "value": "ada.king@example.com",
            },
            {"op": "Replace", "path": f"{ENTERPRISE}:department", "value": "Research"},
            {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": manager["id"]},
        ],
    }
    response = send(scim, "patch", f"/Users/{created['id']}", patch)
    assert response.status_code == 200, response.content
    person = Person.objects.get(employee_id="E9001")
    assert person.title == "Senior Analyst" and person.name == "Ada King"
    assert person.email == "ada.king@example.com" and person.department.name == "Research"
    assert person.manager.employee_id == "E9000"
    assert response.json()[ENTERPRISE]["manager"]["value"] == manager["id"]


def test_put_replaces_and_keeps_what_scim_does_not_carry(scim: Client) -> None:
    importing.people_import_csv(
        data=(
            ",".join(importing.COLUMNS)
            + "\nE1,Cy Old,cy@example.com,Clerk,4,Sales,,Paris,Europe/Paris,fr,"
            + "Pride Network,2020-01-02,\n"
        )
    )
    person = Person.objects.get(employee_id="E1")
    body = {
        "schemas": [USER_SCHEMA, ENTERPRISE],
        "userName": "cy@example.com",
        "displayName": "Cy New",
        "active": True,
        ENTERPRISE: {"employeeNumber": "E1", "department": "Sales"},
    }
    response = send(scim, "put", f"/Users/{person.pk}", body)
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.name == "Cy New"
    assert person.level == 4 and str(person.hire_date) == "2020-01-02"
    assert [g.name for g in person.affinity_groups.all()] == ["Pride Network"]


def test_delete_deactivates_and_never_deletes(scim: Client) -> None:
    created = _create(scim)
    person = Person.objects.get(employee_id="E9001")
    ParticipantFactory(person=person, role=Participant.Role.MENTOR)
    assert scim.delete(f"/scim/v2/Users/{created['id']}").status_code == 204
    person.refresh_from_db()
    assert not person.is_active and person.left_on is not None
    assert person.participations.count() == 1
    assert scim.get(f"/scim/v2/Users/{created['id']}").json()["active"] is False


def test_bad_input_is_refused_with_the_imports_words_and_nothing_is_written(
    scim: Client,
) -> None:
    response = send(scim, "post", "/Users", {**ENTRA_CREATE, "timezone": "Mars/Olympus"})
    assert response.status_code == 400
    body = response.json()
    assert body["scimType"] == "invalidValue" and "timezone" in body["detail"]
    assert "not a known time zone" in body["detail"]
    no_id = {k: v for k, v in ENTRA_CREATE.items() if k not in ("externalId", ENTERPRISE)}
    assert send(scim, "post", "/Users", no_id).status_code == 400
    assert not Person.objects.exists()

    created = _create(scim)
    PersonFactory(email="taken@example.com")
    clash = {
        "schemas": [PATCH_SCHEMA],
        "Operations": [
            {"op": "replace", "path": "userName", "value": "taken@example.com"},
            {"op": "replace", "path": 'emails[type eq "work"].value', "value": "taken@example.com"},
        ],
    }
    response = send(scim, "patch", f"/Users/{created['id']}", clash)
    assert response.status_code == 409 and response.json()["scimType"] == "uniqueness"
    assert Person.objects.get(employee_id="E9001").email == "ada.lovelace@example.com"
    assert (
        scim.post("/scim/v2/Users", "not json", content_type="application/scim+json").status_code
        == 400
    )
    assert scim.get("/scim/v2/Users/999999").status_code == 404


def test_groups_map_to_affinity_groups(scim: Client) -> None:
    ada = _create(scim)
    created = send(
        scim,
        "post",
        "/Groups",
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": "Women in Tech",
            "members": [],
        },
    )
    assert created.status_code == 201
    group_id = created.json()["id"]
    found = scim.get("/scim/v2/Groups", {"filter": 'displayName eq "Women in Tech"'}).json()
    assert found["totalResults"] == 1
    # Entra ID adds members by path.
    add = {
        "schemas": [PATCH_SCHEMA],
        "Operations": [{"op": "Add", "path": "members", "value": [{"value": ada["id"]}]}],
    }
    assert send(scim, "patch", f"/Groups/{group_id}", add).status_code == 200
    person = Person.objects.get(employee_id="E9001")
    assert [g.name for g in person.affinity_groups.all()] == ["Women in Tech"]
    assert PersonChange.objects.filter(person=person, field="affinity_groups").exists()
    # Okta removes with a filtered path.
    remove = {
        "schemas": [PATCH_SCHEMA],
        "Operations": [{"op": "remove", "path": f'members[value eq "{ada["id"]}"]'}],
    }
    assert send(scim, "patch", f"/Groups/{group_id}", remove).json()["members"] == []
    rename = {
        "schemas": [PATCH_SCHEMA],
        "Operations": [
            {"op": "replace", "value": {"id": group_id, "displayName": "Women in Technology"}}
        ],
    }
    assert (
        send(scim, "patch", f"/Groups/{group_id}", rename).json()["displayName"]
        == "Women in Technology"
    )
    assert scim.delete(f"/scim/v2/Groups/{group_id}").status_code == 204
    assert not AffinityGroup.objects.filter(pk=group_id).exists()
    assert Person.objects.filter(employee_id="E9001").exists()


def test_without_a_valid_scim_token_nothing_is_answered(client: Client, admin_user: User) -> None:
    attempts = [
        {},
        {"Authorization": "Bearer scim_wrong"},
        # A person's API token, even an org admin's, is not a SCIM token.
        {"Authorization": f"Bearer {api_token_create(user=admin_user)}"},
    ]
    for headers in attempts:
        for method, path in (("get", "/Users"), ("post", "/Users"), ("delete", "/Users/1")):
            response = getattr(client, method)(f"/scim/v2{path}", headers=headers)
            assert response.status_code == 401
            assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    # A signed-in session is no SCIM token either.
    assert client_for(admin_user).get("/scim/v2/Users").status_code == 401
    assert not Person.objects.filter(employee_id="E9001").exists()


def test_discovery_endpoints(scim: Client) -> None:
    config = scim.get("/scim/v2/ServiceProviderConfig").json()
    assert config["patch"]["supported"] is True and config["filter"]["supported"] is True
    types = scim.get("/scim/v2/ResourceTypes").json()
    assert {r["id"] for r in types["Resources"]} == {"User", "Group"}


# --- the token page and command -------------------------------------------------------------


def test_org_admin_creates_and_revokes_a_scim_token_on_the_page(admin_client_: Client) -> None:
    response = admin_client_.post("/accounts/scim/", {"name": "Okta"})
    page = response.content.decode()
    token = page.split('id="new-token">')[1].split("<")[0]
    assert token.startswith("scim_")
    stored = ScimToken.objects.get(name="Okta")
    assert (
        stored.token_hash != token
        and token not in admin_client_.get("/accounts/scim/").content.decode()
    )
    assert (
        Client().get("/scim/v2/Users", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )
    admin_client_.post(f"/accounts/scim/{stored.pk}/revoke/")
    assert (
        Client().get("/scim/v2/Users", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )
    assert AuditEntry.objects.filter(action="scim.token_revoked").exists()
    assert admin_client_.post("/accounts/scim/", {"name": ""}).status_code == 400


def test_only_org_admins_open_the_scim_page(
    coordinator_user: User, sponsor_user: User, plain_user: User, client: Client
) -> None:
    leader = ParticipantFactory(role=Participant.Role.LEADER).user
    mentor = ParticipantFactory(role=Participant.Role.MENTOR).user
    token = ScimToken.objects.get(
        pk=ScimToken.objects.create(name="x", prefix="p", token_hash="h").pk
    )
    for who in (coordinator_user, sponsor_user, plain_user, leader, mentor):
        other = client_for(who)
        assert other.get("/accounts/scim/").status_code == 403
        assert other.post("/accounts/scim/", {"name": "sneaky"}).status_code == 403
        assert other.post(f"/accounts/scim/{token.pk}/revoke/").status_code == 403
    assert client.get("/accounts/scim/")["Location"].startswith("/login/")
    assert list(ScimToken.objects.values_list("name", flat=True)) == ["x"]


def test_the_command_prints_a_working_token() -> None:
    out = io.StringIO()
    call_command("create_scim_token", "--name", "Entra ID", stdout=out)
    token = out.getvalue().strip()
    response = Client().get("/scim/v2/Users", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_ids_and_offsets_past_any_database_integer_are_not_found_not_errors(scim: Client) -> None:
    huge = "9" * 25
    assert scim.get(f"/scim/v2/Users/{huge}").status_code == 404
    assert scim.delete(f"/scim/v2/Users/{huge}").status_code == 404
    assert scim.get(f"/scim/v2/Groups/{huge}").status_code == 404
    found = scim.get("/scim/v2/Users", {"filter": f'id eq "{huge}"'})
    assert found.status_code == 200 and found.json()["totalResults"] == 0
    # A start past 64 bits is refused at the input boundary; one within it reads an empty page.
    assert scim.get("/scim/v2/Users", {"startIndex": huge}).status_code == 400
    page = scim.get("/scim/v2/Users", {"startIndex": str(2**62)})
    assert page.status_code == 200 and page.json()["Resources"] == []
