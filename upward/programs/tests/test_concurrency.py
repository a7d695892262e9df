"""Two coordinators edit a program's settings at once: the second save is refused with what
changed (page and API), never a silent loss (issue 12 item 5)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import client_for
from upward.people.models import User
from upward.programs.forms import program_initial
from upward.programs.models import Program
from upward.programs.tests.factories import make_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(coordinator_user: User) -> Program:
    return make_program(coordinator=coordinator_user)


def _post_data(program: Program, **changes: Any) -> dict[str, Any]:
    """The edit form as the page sends it, from the program's current settings."""
    data: dict[str, Any] = {}
    for key, value in (program_initial(program) | changes).items():
        if value is None or value is False:
            continue
        data[key] = "on" if value is True else value
    return data


def test_a_stale_settings_page_keeps_my_values_and_names_what_changed(
    program: Program, coordinator_user: User
) -> None:
    client = client_for(coordinator_user)
    url = f"/programs/{program.slug}/edit/"
    mine = _post_data(program, name="My name for it")
    theirs = _post_data(program, meeting_minutes=45)
    assert client.post(url, theirs).status_code == 302  # the other coordinator saved first
    response = client.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 400
    assert "changed by someone else while you edited it" in html
    assert "Saved meanwhile: 45" in html  # theirs, beside the field
    assert 'value="My name for it"' in html  # mine, kept
    program.refresh_from_db()
    assert program.meeting_minutes == 45 and program.name != "My name for it"
    assert program.version == 2


def test_a_stale_api_patch_is_409_naming_the_field(
    program: Program, coordinator_user: User
) -> None:
    client = client_for(coordinator_user)
    url = f"/api/v1/programs/{program.pk}"
    read = client.get(url).json()["version"]
    first = client.patch(
        url, {"cadence_days": 14, "version": read}, content_type="application/json"
    )
    assert first.status_code == 200 and first.json()["version"] == read + 1
    second = client.patch(
        url, {"cadence_days": 21, "version": read}, content_type="application/json"
    )
    assert second.status_code == 409
    body = second.json()
    assert body["errors"] == [{"field": "cadence_days", "message": "Saved meanwhile: 14"}]
    assert body["current"] == {"version": read + 1, "cadence_days": 14}
    program.refresh_from_db()
    assert program.cadence_days == 14


def test_a_coordinator_granted_on_their_account_page_keeps_the_role_when_saving_the_design(
    program: Program, admin_user: User
) -> None:
    # An org admin makes people coordinator and sponsor of one program on their account pages,
    # which sets no organisation-wide flag. Their own save of the design must not drop them
    # (it did: the form offered only flagged people, so the saved choice left them out).
    granted = User.objects.create_user(email="cora@example.com", password="x-Secret-42")
    sponsor = User.objects.create_user(email="helena@example.com", password="x-Secret-42")
    program.coordinators.set([granted])
    program.sponsor = sponsor
    program.save()
    client = client_for(granted)
    page = client.get(f"/programs/{program.slug}/edit/").content.decode()
    assert f'value="{granted.pk}"' in page and f'value="{sponsor.pk}"' in page
    response = client.post(f"/programs/{program.slug}/edit/", _post_data(program, name="Sharper"))
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.name == "Sharper"
    assert list(program.coordinators.all()) == [granted]
    assert program.sponsor == sponsor
    assert client.get(f"/programs/{program.slug}/").status_code == 200
