"""Directory pages: who may see, search, import and export (role x page x action)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from upward.people.importing import COLUMNS
from upward.people.models import Person, User
from upward.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
GOOD = HEADER + "\nE1,Ada Boss,ada@example.com,CEO,12,Exec,,London,Europe/London,en,,2001-02-03,\n"


@pytest.mark.parametrize(
    ("client_fixture", "status"),
    [
        ("admin_client_", 200),
        ("coordinator_client", 200),
        ("sponsor_client", 403),
        ("plain_client", 403),
    ],
)
def test_directory_list_is_for_admins_and_coordinators(
    request: pytest.FixtureRequest, client_fixture: str, status: int
) -> None:
    client: Client = request.getfixturevalue(client_fixture)
    assert client.get("/people/").status_code == status


@pytest.mark.parametrize(
    ("client_fixture", "status"),
    [
        ("admin_client_", 200),
        ("coordinator_client", 403),
        ("sponsor_client", 403),
        ("plain_client", 403),
    ],
)
def test_only_org_admins_import_and_export(
    request: pytest.FixtureRequest, client_fixture: str, status: int
) -> None:
    client: Client = request.getfixturevalue(client_fixture)
    assert client.get("/people/import/").status_code == status
    assert client.get("/people/export.csv").status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_person_without_a_directory_role_sees_only_their_own_record(
    plain_client: Client, plain_user: User
) -> None:
    other = PersonFactory()
    assert plain_client.get(f"/people/{plain_user.person.employee_id}/").status_code == 200
    assert plain_client.get(f"/people/{other.employee_id}/").status_code == 404


def test_search_filters_by_name_and_department(coordinator_client: Client) -> None:
    PersonFactory(name="Zed Finance", department__name="Finance")
    PersonFactory(name="Yan Sales", department__name="Sales")
    page = coordinator_client.get("/people/", {"q": "zed"}).content.decode()
    assert "Zed Finance" in page and "Yan Sales" not in page
    page = coordinator_client.get("/people/", {"department": "Sales"}).content.decode()
    assert "Yan Sales" in page and "Zed Finance" not in page


def test_htmx_search_returns_only_the_results_partial(coordinator_client: Client) -> None:
    response = coordinator_client.get("/people/", {"q": "zzzz"}, headers={"HX-Request": "true"})
    assert b"<html" not in response.content
    assert b"No one matches" in response.content


def test_directory_pages_paginate_and_keep_queries_constant(
    admin_client_: Client, django_assert_max_num_queries: object
) -> None:
    for _ in range(120):
        PersonFactory()
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = admin_client_.get("/people/?page=2")
    assert response.status_code == 200
    assert "Page 2 of 3" in response.content.decode()


def test_person_page_shows_the_reporting_line_and_groups(admin_client_: Client) -> None:
    boss = PersonFactory(name="Big Boss")
    middle = PersonFactory(name="Middle Manager", manager=boss)
    person = PersonFactory(name="New Starter", manager=middle)
    person.affinity_groups.create(name="Pride Network")
    page = admin_client_.get(f"/people/{person.employee_id}/").content.decode()
    assert page.index("Big Boss") < page.index("Middle Manager")
    assert "Pride Network" in page


def test_uploading_a_good_file_imports_it(admin_client_: Client) -> None:
    upload = SimpleUploadedFile("people.csv", GOOD.encode(), content_type="text/csv")
    response = admin_client_.post("/people/import/", {"file": upload}, follow=True)
    assert "Directory imported: 1 rows: 1 created" in response.content.decode()
    assert Person.objects.filter(employee_id="E1").exists()


def test_uploading_a_bad_file_shows_each_problem_and_imports_nothing(admin_client_: Client) -> None:
    bad = GOOD + "E2,Bo,not-an-email,,x,,E404,,UTC,,,,\n"
    upload = SimpleUploadedFile("people.csv", bad.encode(), content_type="text/csv")
    response = admin_client_.post("/people/import/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported: 3 problems to fix" in page
    assert "row 3, column email: &#x27;not-an-email&#x27; is not a valid email address" in page
    assert "row 3, column manager_employee_id: unknown employee_id" in page
    assert not Person.objects.filter(employee_id="E1").exists()


def test_export_streams_the_contract_columns(admin_client_: Client) -> None:
    PersonFactory(employee_id="E77")
    response = admin_client_.get("/people/export.csv")
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert body.splitlines()[0] == HEADER
    assert "E77," in body


def test_sign_in_with_email_and_password(client: Client, admin_user: User) -> None:
    response = client.post(
        "/login/", {"username": "alice@example.com", "password": "pw-for-tests-only"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_sign_in_is_rate_limited_after_repeated_failures(
    client: Client, admin_user: User, settings: object
) -> None:
    settings.LOGIN_RATE_LIMIT = 3  # type: ignore[attr-defined]
    for _ in range(3):
        assert (
            client.post(
                "/login/", {"username": "alice@example.com", "password": "nope"}
            ).status_code
            == 200
        )
    blocked = client.post(
        "/login/", {"username": "alice@example.com", "password": "pw-for-tests-only"}
    )
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_working_link(client: Client, admin_user: User) -> None:
    client.post("/password-reset/", {"email": "alice@example.com"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "a-new-Secret-42", "new_password2": "a-new-Secret-42"}
    )
    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.check_password("a-new-Secret-42")


def test_an_invited_person_with_no_password_yet_can_choose_one(client: Client) -> None:
    # Invitations give people an account without a password and tell them to use "Forgot your
    # password?"; Django's own form would silently send them nothing.
    invited = User.objects.create_user(email="new.joiner@example.com", password=None)
    invited.set_unusable_password()
    invited.save()
    client.post("/password-reset/", {"email": "New.Joiner@example.com"})
    assert [m.to for m in mail.outbox] == [["new.joiner@example.com"]]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    form_page = client.get(link.split("testserver", 1)[1], follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-first-Secret-42", "new_password2": "a-first-Secret-42"},
    )
    invited.refresh_from_db()
    assert invited.check_password("a-first-Secret-42")


def test_a_deactivated_account_gets_no_password_link(client: Client) -> None:
    User.objects.create_user(email="gone@example.com", password="x-Secret-42", is_active=False)
    client.post("/password-reset/", {"email": "gone@example.com"})
    assert mail.outbox == []


def test_home_page_shows_the_panels_of_the_users_roles(
    admin_client_: Client, plain_client: Client
) -> None:
    assert "Import CSV" in admin_client_.get("/").content.decode()
    assert "Import CSV" not in plain_client.get("/").content.decode()
