"""API tokens as a product: a person makes, names, scopes and revokes their own tokens."""

from __future__ import annotations

import io
import re

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client

from conftest import client_for
from upward.audit.models import AuditEntry
from upward.people.models import ApiToken, User
from upward.people.services import api_token_create

pytestmark = pytest.mark.django_db


def _create(client: Client, name: str, scope: str) -> str:
    response = client.post("/settings/tokens/", {"name": name, "scope": scope})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    found = re.search(r'id="new-token">(upw_[^<]+)<', response.content.decode())
    assert found is not None
    return found.group(1)


def test_a_person_creates_a_named_token_shown_once_and_stored_hashed(
    plain_client: Client, plain_user: User, client: Client
) -> None:
    token = _create(plain_client, "Dashboard sync", "read")
    stored = ApiToken.objects.get(user=plain_user)
    assert stored.name == "Dashboard sync" and stored.scope == "read"
    assert token not in (stored.token_hash, stored.prefix) and token.startswith(stored.prefix)
    # The list shows its name, scope and prefix, never the token again.
    page = plain_client.get("/settings/tokens/").content.decode()
    assert "Dashboard sync" in page and "Read only" in page and token not in page
    assert "never" in page
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()["email"]
        == "pat@example.com"
    )
    assert AuditEntry.objects.filter(action="api_token.created", actor=plain_user).exists()


def test_last_use_is_shown(plain_client: Client, client: Client) -> None:
    token = _create(plain_client, "Script", "read_write")
    with time_machine.travel("2026-03-04 09:15:00+00:00", tick=False):
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert "4 Mar 2026, 09:15" in plain_client.get("/settings/tokens/").content.decode()


def test_a_read_token_is_refused_on_writes_with_403_json(
    admin_user: User, plain_user: User, client: Client
) -> None:
    token = api_token_create(user=admin_user, name="ro", scope="read")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/accounts", headers=headers).status_code == 200
    response = client.patch(
        f"/api/v1/accounts/{plain_user.pk}",
        {"is_org_admin": True},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert not User.objects.get(pk=plain_user.pk).is_org_admin
    write = api_token_create(user=admin_user, name="rw", scope="read_write")
    response = client.patch(
        f"/api/v1/accounts/{plain_user.pk}",
        {"is_org_admin": True},
        content_type="application/json",
        headers={"Authorization": f"Bearer {write}"},
    )
    assert response.status_code == 200


def test_revoking_stops_the_token_at_once(plain_client: Client, client: Client) -> None:
    token = _create(plain_client, "Old", "read")
    stored = ApiToken.objects.get()
    plain_client.post(f"/settings/tokens/{stored.pk}/revoke/")
    assert not ApiToken.objects.exists()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert AuditEntry.objects.filter(action="api_token.revoked").exists()


def test_nobody_sees_or_revokes_anothers_token(
    plain_user: User, admin_client_: Client, coordinator_client: Client
) -> None:
    api_token_create(user=plain_user, name="Pat's secret integration")
    stored = ApiToken.objects.get()
    for client in (admin_client_, coordinator_client):
        assert "Pat's secret integration" not in client.get("/settings/tokens/").content.decode()
        assert client.post(f"/settings/tokens/{stored.pk}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=stored.pk).exists()


def test_every_role_has_the_page_and_anonymous_is_sent_to_sign_in(
    admin_user: User, coordinator_user: User, sponsor_user: User, plain_user: User, client: Client
) -> None:
    for user in (admin_user, coordinator_user, sponsor_user, plain_user):
        assert client_for(user).get("/settings/tokens/").status_code == 200
    assert client.get("/settings/tokens/")["Location"].startswith("/login/")
    assert client.post("/settings/tokens/", {"name": "x", "scope": "read"}).status_code == 302
    assert not ApiToken.objects.exists()


def test_bad_input_is_shown_beside_the_field_and_creates_nothing(plain_client: Client) -> None:
    response = plain_client.post("/settings/tokens/", {"name": "", "scope": "admin"})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("field-error") >= 2
    assert not ApiToken.objects.exists()


def test_the_command_takes_a_scope_and_a_name(admin_user: User, client: Client) -> None:
    out = io.StringIO()
    call_command(
        "create_api_token", "alice@example.com", "--scope", "read", "--name", "CI", stdout=out
    )
    token = out.getvalue().strip()
    stored = ApiToken.objects.get()
    assert stored.name == "CI" and stored.scope == "read"
    response = client.patch(
        f"/api/v1/accounts/{admin_user.pk}",
        {"is_org_admin": True},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("create_api_token", "alice@example.com", "--scope", "admin")


def test_the_api_lists_creates_and_revokes_my_own_tokens(
    plain_user: User, admin_user: User, client: Client
) -> None:
    write = {"Authorization": f"Bearer {api_token_create(user=plain_user, name='main')}"}
    response = client.post(
        "/api/v1/me/tokens",
        {"name": "Reporting", "scope": "read"},
        content_type="application/json",
        headers=write,
    )
    assert response.status_code == 201
    created = response.json()
    assert created["token"].startswith(created["prefix"]) and created["scope"] == "read"
    listed = client.get("/api/v1/me/tokens", headers=write).json()
    assert {t["name"] for t in listed} == {"main", "Reporting"}
    assert all("token" not in t for t in listed)
    # The read-only token may list, not create or revoke.
    read = {"Authorization": f"Bearer {created['token']}"}
    assert client.get("/api/v1/me/tokens", headers=read).status_code == 200
    assert client.delete(f"/api/v1/me/tokens/{created['id']}", headers=read).status_code == 403
    # Another person's token does not exist for me.
    other = ApiToken.objects.get(user=plain_user, name="main")
    admin = {"Authorization": f"Bearer {api_token_create(user=admin_user)}"}
    assert client.delete(f"/api/v1/me/tokens/{other.pk}", headers=admin).status_code == 404
    assert client.delete(f"/api/v1/me/tokens/{created['id']}", headers=write).status_code == 204
    assert client.get("/api/v1/me", headers=read).status_code == 401
    bad = client.post(
        "/api/v1/me/tokens",
        {"name": "", "scope": "admin"},
        content_type="application/json",
        headers=write,
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"name", "scope"}
    assert client.get("/api/v1/me/tokens").status_code == 401
