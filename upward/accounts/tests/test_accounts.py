"""Accounts and roles: the pages and /api/v1/accounts, for org admins only."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import client_for
from upward.access import can_manage
from upward.accounts import services
from upward.audit.models import AuditEntry
from upward.errors import ServiceError
from upward.people.models import Person, User
from upward.people.services import api_token_create
from upward.people.tests.factories import PersonFactory, UserFactory
from upward.programs.models import Participant, Program
from upward.programs.tests.factories import ParticipantFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(user=user)}"}


@pytest.fixture
def program(coordinator_user: User) -> Program:
    program = ProgramFactory(name="Culture", slug="culture", phase=Program.Phase.MATCHING)
    program.coordinators.add(coordinator_user)
    return program


@pytest.fixture
def newcomer() -> Person:
    return PersonFactory(name="Nia Newcomer", email="nia@example.com", employee_id="E777")


def _leader_and_mentor(program: Program) -> tuple[User, User]:
    leader = ParticipantFactory(program=program, role=Participant.Role.LEADER).user
    mentor = ParticipantFactory(program=program, role=Participant.Role.MENTOR).user
    return leader, mentor


# --- who may use the pages and the API ----------------------------------------------------------


PAGES = [
    ("accounts:list", {}),
    ("accounts:invite", {}),
    ("accounts:detail", {"user_id": 0}),
    ("accounts:deactivate", {"user_id": 0}),
    ("accounts:reactivate", {"user_id": 0}),
]


def _url(name: str, kwargs: dict[str, int], target: User) -> str:
    return reverse(name, kwargs={k: target.pk for k in kwargs})


def test_org_admin_opens_every_accounts_page(admin_client_: Client, plain_user: User) -> None:
    for name, kwargs in PAGES:
        response = admin_client_.get(_url(name, kwargs, plain_user))
        assert response.status_code == 200, name


def test_other_roles_are_refused_every_accounts_page_and_write(
    coordinator_user: User, sponsor_user: User, plain_user: User, program: Program
) -> None:
    program.sponsor = sponsor_user
    program.save()
    leader, mentor = _leader_and_mentor(program)
    for who in (coordinator_user, sponsor_user, leader, mentor):
        client = client_for(who)
        for name, kwargs in PAGES:
            assert client.get(_url(name, kwargs, plain_user)).status_code == 403, (who, name)
        for name in ("accounts:org_admin", "accounts:coordinator", "accounts:deactivate"):
            response = client.post(
                reverse(name, args=[plain_user.pk]),
                {"value": "on", "coordinator-program": program.pk},
            )
            assert response.status_code == 403, (who, name)
    plain_user.refresh_from_db()
    assert plain_user.is_active and not plain_user.is_org_admin
    assert not program.coordinators.filter(pk=plain_user.pk).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, plain_user: User) -> None:
    for name, kwargs in PAGES:
        response = client.get(_url(name, kwargs, plain_user))
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_api_is_for_org_admins_only(
    client: Client, coordinator_user: User, sponsor_user: User, admin_user: User, program: Program
) -> None:
    leader, mentor = _leader_and_mentor(program)
    assert client.get("/api/v1/accounts").status_code == 401
    for who in (coordinator_user, sponsor_user, leader, mentor):
        headers = bearer(who)
        assert client.get("/api/v1/accounts", headers=headers).status_code == 403
        response = client.patch(
            f"/api/v1/accounts/{admin_user.pk}",
            {"is_active": False},
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 403
        assert "org admins" in response.json()["detail"]
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_the_accounts_entry_is_in_the_navigation_of_org_admins_only(
    admin_client_: Client, coordinator_client: Client
) -> None:
    assert 'href="/accounts/"' in admin_client_.get("/").content.decode()
    assert 'href="/accounts/"' not in coordinator_client.get("/").content.decode()


# --- the list -----------------------------------------------------------------------------------


def test_the_list_shows_status_roles_and_last_sign_in_and_searches(
    admin_client_: Client, coordinator_user: User, program: Program
) -> None:
    UserFactory(email="gone@example.com", name="Gone Person", is_active=False)
    invited = UserFactory(email="invited@example.com", name="Ivy Invited")
    invited.set_unusable_password()
    invited.save()
    page = admin_client_.get("/accounts/").content.decode()
    assert "Carol Coordinator" in page and "Coordinator: Culture" in page
    assert "Deactivated" in page and "Awaiting password" in page and "never" in page

    found = admin_client_.get("/accounts/", {"q": "ivy"}).content.decode()
    assert "Ivy Invited" in found and "Carol Coordinator" not in found
    assert "1 account" in found
    only_gone = admin_client_.get("/accounts/", {"status": "deactivated"}).content.decode()
    assert "Gone Person" in only_gone and "Ivy Invited" not in only_gone
    coordinators = admin_client_.get("/accounts/", {"role": "coordinator"}).content.decode()
    assert "Carol Coordinator" in coordinators and "Ivy Invited" not in coordinators


def test_the_list_is_paginated_in_a_bounded_number_of_queries(
    admin_client_: Client, django_assert_max_num_queries: object
) -> None:
    for i in range(60):
        user = UserFactory(email=f"many{i:02d}@example.com", name=f"Many {i:02d}")
        ProgramFactory().coordinators.add(user)
    first = admin_client_.get("/accounts/").content.decode()
    assert "Page 1 of 2" in first
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        second = admin_client_.get("/accounts/", {"page": 2}).content.decode()
    assert "Page 2 of 2" in second


# --- invite -------------------------------------------------------------------------------------


def test_invite_sends_a_set_password_link_that_lets_the_person_sign_in(
    admin_client_: Client, newcomer: Person, client: Client
) -> None:
    page = admin_client_.get("/accounts/invite/", {"q": "nia"}).content.decode()
    assert "Nia Newcomer" in page and "none yet" in page
    response = admin_client_.post("/accounts/invite/?q=nia", {"person": newcomer.pk})
    user = User.objects.get(email="nia@example.com")
    assert response["Location"] == f"/accounts/{user.pk}/"
    assert user.person == newcomer and not user.has_usable_password()
    assert "Awaiting password" in admin_client_.get(f"/accounts/{user.pk}/").content.decode()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nia@example.com"]
    link = re.search(r"https?://\S+/password-reset/\S+/", mail.outbox[0].body)
    assert link is not None
    path = "/" + link.group(0).split("/", 3)[3]
    # Django's confirm view swaps the token for a session marker, then shows the form.
    form_url = client.get(path)["Location"]
    client.post(
        form_url, {"new_password1": "a-long-new-pass-9", "new_password2": "a-long-new-pass-9"}
    )
    assert client.login(username="nia@example.com", password="a-long-new-pass-9")
    # The link works once.
    assert "no longer works" in Client().get(path, follow=True).content.decode()


def test_with_sso_only_the_invitation_links_to_sign_in_and_offers_no_password(
    admin_client_: Client, newcomer: Person, settings: Any
) -> None:
    settings.PASSWORD_LOGIN_ENABLED = False
    admin_client_.post("/accounts/invite/", {"person": newcomer.pk})
    body = mail.outbox[0].body
    assert "organisation's account" in body and "/login/" in body
    assert "password-reset" not in body


def test_invite_refuses_leavers_and_deactivated_accounts(
    admin_user: User, newcomer: Person
) -> None:
    leaver = PersonFactory(is_active=False)
    with pytest.raises(ServiceError) as exc:
        services.account_invite(actor=admin_user, person_id=leaver.pk)
    assert exc.value.field == "person"
    UserFactory(email=newcomer.email, person=newcomer, is_active=False)
    with pytest.raises(ServiceError, match="reactivate it first"):
        services.account_invite(actor=admin_user, person_id=newcomer.pk)
    assert mail.outbox == []


def test_api_invites_by_employee_id_and_names_the_field_when_unknown(
    client: Client, admin_user: User, newcomer: Person
) -> None:
    headers = bearer(admin_user)
    response = client.post(
        "/api/v1/accounts/invite",
        {"employee_id": "E777"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201
    assert response.json()["status"] == "invited"
    assert response.json()["employee_id"] == "E777"
    assert len(mail.outbox) == 1
    response = client.post(
        "/api/v1/accounts/invite",
        {"employee_id": "NOPE"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "employee_id"
    response = client.post(
        "/api/v1/accounts/invite", {}, content_type="application/json", headers=headers
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "employee_id"


# --- roles --------------------------------------------------------------------------------------


def test_making_a_person_coordinator_of_a_program_lets_them_manage_it(
    admin_client_: Client, plain_user: User, program: Program
) -> None:
    assert not can_manage(user=plain_user, program=program)
    response = admin_client_.post(
        f"/accounts/{plain_user.pk}/coordinator/",
        {"value": "on", "coordinator-program": program.pk},
    )
    assert response.status_code == 302
    plain_user = User.objects.get(pk=plain_user.pk)
    assert can_manage(user=plain_user, program=program)
    assert client_for(plain_user).get(f"/programs/{program.slug}/participants/").status_code == 200

    admin_client_.post(
        f"/accounts/{plain_user.pk}/coordinator/", {"value": "off", "program": program.pk}
    )
    plain_user = User.objects.get(pk=plain_user.pk)
    assert not can_manage(user=plain_user, program=program)


def test_a_missing_program_is_shown_beside_the_field(
    admin_client_: Client, plain_user: User
) -> None:
    response = admin_client_.post(
        f"/accounts/{plain_user.pk}/coordinator/", {"value": "on", "coordinator-program": ""}
    )
    assert response.status_code == 400
    assert "field-error" in response.content.decode()


def test_sponsor_replaces_the_programs_previous_sponsor(
    admin_user: User, sponsor_user: User, plain_user: User, program: Program
) -> None:
    services.sponsor_set(
        actor=admin_user, user_id=sponsor_user.pk, program_id=program.pk, value=True
    )
    services.sponsor_set(actor=admin_user, user_id=plain_user.pk, program_id=program.pk, value=True)
    program.refresh_from_db()
    assert program.sponsor == plain_user
    services.sponsor_set(
        actor=admin_user, user_id=plain_user.pk, program_id=program.pk, value=False
    )
    program.refresh_from_db()
    assert program.sponsor is None


def test_api_grants_and_revokes_program_roles(
    client: Client, admin_user: User, plain_user: User, program: Program
) -> None:
    headers = bearer(admin_user)
    url = f"/api/v1/accounts/{plain_user.pk}"
    body = client.post(
        f"{url}/coordinator",
        {"program_id": program.pk},
        content_type="application/json",
        headers=headers,
    ).json()
    assert [p["slug"] for p in body["coordinator_of"]] == ["culture"]
    body = client.post(
        f"{url}/sponsor",
        {"program_id": program.pk},
        content_type="application/json",
        headers=headers,
    ).json()
    assert [p["slug"] for p in body["sponsor_of"]] == ["culture"]
    body = client.delete(f"{url}/coordinator/{program.pk}", headers=headers).json()
    assert body["coordinator_of"] == []
    body = client.delete(f"{url}/sponsor/{program.pk}", headers=headers).json()
    assert body["sponsor_of"] == []
    response = client.post(
        f"{url}/coordinator", {"program_id": 9999}, content_type="application/json", headers=headers
    )
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "program"
    assert client.get("/api/v1/accounts/99999", headers=headers).status_code == 404


def test_org_admin_can_be_granted_and_revoked(admin_client_: Client, plain_user: User) -> None:
    admin_client_.post(f"/accounts/{plain_user.pk}/org-admin/", {"value": "on"})
    assert User.objects.get(pk=plain_user.pk).is_org_admin
    admin_client_.post(f"/accounts/{plain_user.pk}/org-admin/", {"value": "off"})
    assert not User.objects.get(pk=plain_user.pk).is_org_admin


def test_the_last_org_admin_cannot_be_removed(
    admin_client_: Client, admin_user: User, client: Client
) -> None:
    response = admin_client_.post(
        f"/accounts/{admin_user.pk}/org-admin/", {"value": "off"}, follow=True
    )
    assert "last active org admin" in response.content.decode()
    response = admin_client_.post(f"/accounts/{admin_user.pk}/deactivate/", follow=True)
    assert "last active org admin" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_org_admin and admin_user.is_active

    response = client.patch(
        f"/api/v1/accounts/{admin_user.pk}",
        {"is_org_admin": False},
        content_type="application/json",
        headers=bearer(admin_user),
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "is_org_admin"
    # A deactivated admin does not count: they cannot sign in to manage anything.
    UserFactory(email="old-admin@example.com", is_org_admin=True, is_active=False)
    with pytest.raises(ServiceError):
        services.org_admin_set(actor=admin_user, user_id=admin_user.pk, value=False)


def test_with_a_second_admin_one_may_step_down(admin_user: User) -> None:
    UserFactory(email="second@example.com", is_org_admin=True)
    services.org_admin_set(actor=admin_user, user_id=admin_user.pk, value=False)
    assert not User.objects.get(pk=admin_user.pk).is_org_admin


def test_patch_is_all_or_nothing(client: Client, admin_user: User) -> None:
    other = UserFactory(email="other-admin@example.com", is_org_admin=True)
    # Revoking the other admin works on its own, but deactivating self afterwards would leave
    # nobody: neither change is kept.
    response = client.patch(
        f"/api/v1/accounts/{other.pk}",
        {"is_org_admin": False, "is_active": False},
        content_type="application/json",
        headers=bearer(admin_user),
    )
    assert response.status_code == 200  # other is not the last admin: admin_user remains
    other.refresh_from_db()
    assert not other.is_org_admin and not other.is_active
    response = client.patch(
        f"/api/v1/accounts/{admin_user.pk}",
        {"is_org_admin": True, "is_active": False},
        content_type="application/json",
        headers=bearer(admin_user),
    )
    assert response.status_code == 409
    admin_user.refresh_from_db()
    assert admin_user.is_active


# --- deactivate and reactivate ------------------------------------------------------------------


def test_deactivation_asks_for_confirmation_then_locks_the_account_out(
    admin_client_: Client, plain_user: User, client: Client
) -> None:
    token = api_token_create(user=plain_user)
    signed_in = client_for(plain_user)
    confirm = admin_client_.get(f"/accounts/{plain_user.pk}/deactivate/").content.decode()
    assert "Deactivate Pat Plain?" in confirm and "Nothing is deleted" in confirm
    assert User.objects.get(pk=plain_user.pk).is_active  # a GET changes nothing

    admin_client_.post(f"/accounts/{plain_user.pk}/deactivate/")
    assert not User.objects.get(pk=plain_user.pk).is_active
    assert not client.login(username="pat@example.com", password="pw-for-tests-only")
    assert signed_in.get("/").status_code == 302  # the open session ends
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401

    admin_client_.post(f"/accounts/{plain_user.pk}/reactivate/")
    assert client.login(username="pat@example.com", password="pw-for-tests-only")


def test_a_leavers_account_stays_off(admin_user: User) -> None:
    leaver = PersonFactory(is_active=False)
    user = UserFactory(email=leaver.email, person=leaver, is_active=False)
    with pytest.raises(ServiceError) as exc:
        services.account_set_active(actor=admin_user, user_id=user.pk, active=True)
    assert exc.value.status == 409


def test_every_change_is_in_the_audit_log(
    admin_user: User, plain_user: User, newcomer: Person, program: Program
) -> None:
    services.account_invite(actor=admin_user, person_id=newcomer.pk)
    services.org_admin_set(actor=admin_user, user_id=plain_user.pk, value=True)
    services.org_admin_set(actor=admin_user, user_id=plain_user.pk, value=False)
    for setter in (services.coordinator_set, services.sponsor_set):
        for value in (True, False):
            setter(actor=admin_user, user_id=plain_user.pk, program_id=program.pk, value=value)
    services.account_set_active(actor=admin_user, user_id=plain_user.pk, active=False)
    services.account_set_active(actor=admin_user, user_id=plain_user.pk, active=True)
    entries = list(AuditEntry.objects.order_by("id"))
    assert [e.action for e in entries] == [
        "account.invited",
        "account.org_admin_granted",
        "account.org_admin_revoked",
        "account.coordinator_granted",
        "account.coordinator_revoked",
        "account.sponsor_granted",
        "account.sponsor_revoked",
        "account.deactivated",
        "account.reactivated",
    ]
    assert {e.actor_id for e in entries} == {admin_user.pk}
    assert entries[3].target == "pat@example.com" and entries[3].program_id == program.pk
    # A refused change records nothing.
    with pytest.raises(ServiceError):
        services.org_admin_set(actor=admin_user, user_id=admin_user.pk, value=False)
    assert AuditEntry.objects.count() == len(entries)


def test_the_openapi_document_lists_the_accounts_endpoints(
    client: Client, admin_user: User
) -> None:
    paths = client.get("/api/v1/openapi.json", headers=bearer(admin_user)).json()["paths"]
    assert "/api/v1/accounts" in paths and "/api/v1/accounts/{user_id}" in paths
    assert "/api/v1/accounts/{user_id}/coordinator/{program_id}" in paths


def test_an_invitation_the_mail_server_refuses_keeps_nothing(
    admin_client_: Client, newcomer: Person, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = admin_client_.post("/accounts/invite/?q=nia", {"person": newcomer.pk}, follow=True)
    assert "could not be e-mailed" in response.content.decode()
    assert not User.objects.filter(email="nia@example.com").exists()
    assert not AuditEntry.objects.filter(action="account.invited").exists()
