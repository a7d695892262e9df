"""Who may register endpoints and see them: pages, API and services, each boundary crossed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client

from conftest import client_for
from upward.audit.models import AuditEntry
from upward.mentoring.tests.factories import PairFactory, user_of
from upward.people.models import User
from upward.programs.tests.factories import ProgramFactory
from upward.webhooks import services
from upward.webhooks.models import Endpoint
from upward.webhooks.tests.factories import make_endpoint

pytestmark = pytest.mark.django_db

PUBLIC = "https://93.184.216.34/hooks/upward"  # a public literal address: no DNS lookup needed


def register(client: Client, **body: Any) -> Any:
    payload = {"url": PUBLIC, "events": ["pair.created"], **body}
    return client.post("/api/v1/webhooks", data=payload, content_type="application/json")


def test_a_coordinator_registers_for_their_program_and_sees_the_secret_once(
    coordinator_user: User, coordinator_client: Client
) -> None:
    program = ProgramFactory()
    program.coordinators.add(coordinator_user)
    response = register(
        coordinator_client, program=program.pk, events=["pair.created", "meeting.held"]
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["secret"].startswith("whsec_")
    assert created["events"] == ["pair.created", "meeting.held"]
    assert created["program_id"] == program.pk
    endpoint = Endpoint.objects.get()
    assert endpoint.secret == created["secret"]

    listed = coordinator_client.get("/api/v1/webhooks").json()
    assert [e["id"] for e in listed] == [endpoint.pk]
    assert "secret" not in listed[0]
    assert "secret" not in coordinator_client.get(f"/api/v1/webhooks/{endpoint.pk}").json()
    page = coordinator_client.get(f"/integrations/webhooks/{endpoint.pk}/").content.decode()
    assert created["secret"] not in page
    assert AuditEntry.objects.filter(action="webhook.created").count() == 1


def test_a_coordinator_cannot_register_for_another_program(
    coordinator_client: Client,
) -> None:
    elsewhere = ProgramFactory()
    response = register(coordinator_client, program=elsewhere.pk)
    assert response.status_code == 404
    assert not Endpoint.objects.exists()
    page = coordinator_client.post(
        "/integrations/webhooks/",
        {"url": PUBLIC, "events": ["pair.created"], "program": elsewhere.pk},
    )
    assert page.status_code == 400  # not one of the choices offered
    assert not Endpoint.objects.exists()


@pytest.mark.parametrize("who", ["leader", "mentor", "sponsor", "plain"])
def test_leaders_mentors_sponsors_and_others_are_refused(
    who: str, sponsor_user: User, plain_user: User
) -> None:
    pair = PairFactory()
    user = {
        "leader": user_of(pair.leader),
        "mentor": user_of(pair.mentor),
        "sponsor": sponsor_user,
        "plain": plain_user,
    }[who]
    client = client_for(user)
    assert register(client).status_code == 403
    assert register(client, program=pair.program.pk).status_code == 403
    assert client.get("/api/v1/webhooks").status_code == 403
    assert client.get("/integrations/webhooks/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.endpoint_create(actor=user, url=PUBLIC, events=["pair.created"])
    assert not Endpoint.objects.exists()


def test_anonymous_visitors_are_asked_to_sign_in(client: Client) -> None:
    assert register(client).status_code == 401
    response = client.get("/integrations/webhooks/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_another_coordinators_endpoint_does_not_exist_for_you_but_an_admin_sees_it(
    coordinator_user: User, coordinator_client: Client, admin_client_: Client
) -> None:
    other = client_for(
        User.objects.create_user(email="olga@example.com", password="x", is_coordinator=True)
    )
    endpoint = make_endpoint(coordinator_user, PUBLIC)
    for method, path in [
        ("get", f"/api/v1/webhooks/{endpoint.pk}"),
        ("get", f"/api/v1/webhooks/{endpoint.pk}/deliveries"),
        ("post", f"/api/v1/webhooks/{endpoint.pk}/resume"),
        ("post", f"/api/v1/webhooks/{endpoint.pk}/rotate-secret"),
        ("delete", f"/api/v1/webhooks/{endpoint.pk}"),
        ("get", f"/integrations/webhooks/{endpoint.pk}/"),
        ("post", f"/integrations/webhooks/{endpoint.pk}/delete/"),
    ]:
        assert getattr(other, method)(path).status_code == 404, path
    assert other.get("/api/v1/webhooks").json() == []
    assert Endpoint.objects.filter(pk=endpoint.pk).exists()
    assert admin_client_.get(f"/api/v1/webhooks/{endpoint.pk}").status_code == 200


def test_hostile_and_malformed_input_is_refused_field_by_field(admin_client_: Client) -> None:
    response = register(admin_client_, url="javascript:alert(1)", events=["pair.exploded"])
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"url", "events"}
    for url in ("https://user:pw@93.184.216.34/", "https://10.0.0.1/x", "ftp://93.184.216.34/"):
        response = register(admin_client_, url=url)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "url"
    assert register(admin_client_, events=[]).json()["errors"][0]["field"] == "events"
    assert not Endpoint.objects.exists()


def test_changing_an_endpoint_checks_the_new_url(admin_user: User, admin_client_: Client) -> None:
    endpoint = make_endpoint(admin_user, PUBLIC)
    response = admin_client_.patch(
        f"/api/v1/webhooks/{endpoint.pk}",
        data={"url": "https://169.254.169.254/latest"},
        content_type="application/json",
    )
    assert response.status_code == 400
    endpoint.refresh_from_db()
    assert endpoint.url == PUBLIC
    response = admin_client_.patch(
        f"/api/v1/webhooks/{endpoint.pk}",
        data={"events": ["survey.opened"], "active": False},
        content_type="application/json",
    )
    assert response.json()["events"] == ["survey.opened"]
    assert response.json()["state"] == "off"


def test_rotating_gives_a_new_secret_once(admin_user: User, admin_client_: Client) -> None:
    endpoint = make_endpoint(admin_user, PUBLIC)
    old = endpoint.secret
    secret = admin_client_.post(f"/api/v1/webhooks/{endpoint.pk}/rotate-secret").json()["secret"]
    endpoint.refresh_from_db()
    assert secret == endpoint.secret != old
    page = admin_client_.post(f"/integrations/webhooks/{endpoint.pk}/rotate-secret/")
    endpoint.refresh_from_db()
    assert endpoint.secret in page.content.decode()
    assert page["Cache-Control"] == "no-store"


def test_the_page_registers_an_endpoint_and_shows_its_secret(
    coordinator_user: User, coordinator_client: Client
) -> None:
    program = ProgramFactory(name="Digital fluency")
    program.coordinators.add(coordinator_user)
    form = coordinator_client.get("/integrations/webhooks/").content.decode()
    assert "Digital fluency" in form
    response = coordinator_client.post(
        "/integrations/webhooks/",
        {"url": PUBLIC, "events": ["pair.created", "survey.opened"], "program": program.pk},
    )
    assert response.status_code == 200
    endpoint = Endpoint.objects.get()
    assert endpoint.secret in response.content.decode()
    assert endpoint.program == program
    listing = coordinator_client.get("/integrations/webhooks/").content.decode()
    assert PUBLIC in listing and endpoint.secret not in listing


def test_the_page_explains_a_refused_url(admin_client_: Client) -> None:
    response = admin_client_.post(
        "/integrations/webhooks/", {"url": "https://127.0.0.1/x", "events": ["pair.created"]}
    )
    assert response.status_code == 400
    assert "private, loopback or link-local" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_services_refuse_another_owners_endpoint(coordinator_user: User) -> None:
    other = User.objects.create_user(email="olga@example.com", password="x", is_coordinator=True)
    endpoint = make_endpoint(coordinator_user, PUBLIC)
    with pytest.raises(Http404):
        services.endpoint_delete(actor=other, endpoint=endpoint)
    with pytest.raises(Http404):
        services.endpoint_rotate_secret(actor=other, endpoint=endpoint)
