"""Pages work for a real user: forms show field errors, empty states, htmx partials."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from conftest import client_for
from upward.content.library import library_ensure
from upward.mentoring.models import Meeting, Pair
from upward.mentoring.services import meetings
from upward.people.models import User

pytestmark = pytest.mark.django_db


def test_single_pair_index_goes_straight_to_the_room(pair: Pair, leader: User) -> None:
    response = client_for(leader).get("/pairs/")
    assert response.status_code == 302 and response["Location"] == f"/pairs/{pair.pk}/"


def test_room_pages_render_for_a_new_pair(pair: Pair, mentor: User) -> None:
    client = client_for(mentor)
    for url in [
        "",
        "charter/",
        "charter/?edit=1",
        "meetings/",
        "notes/",
        "growth/",
        "actions/",
        "safety/",
        "close/",
    ]:
        response = client.get(f"/pairs/{pair.pk}/{url}")
        assert response.status_code == 200, url
    assert "Nothing scheduled" in client.get(f"/pairs/{pair.pk}/").content.decode()


def test_schedule_form_shows_bound_errors_on_the_field(pair: Pair, leader: User) -> None:
    past = timezone.localdate() - dt.timedelta(days=1)
    response = client_for(leader).post(
        f"/pairs/{pair.pk}/meetings/",
        {"schedule": "1", "date": past.isoformat(), "time": "10:00", "duration_minutes": "60"},
    )
    assert response.status_code == 200
    assert "Pick a time in the future" in response.content.decode()
    bad = client_for(leader).post(f"/pairs/{pair.pk}/meetings/", {"schedule": "1", "date": "nope"})
    assert bad.status_code == 200 and "Enter a valid date" in bad.content.decode()


def test_schedule_reads_the_time_in_the_viewers_zone(pair: Pair, leader: User) -> None:
    pair.leader.person.timezone = "America/New_York"
    pair.leader.person.save()
    day = timezone.localdate() + dt.timedelta(days=5)
    client_for(leader).post(
        f"/pairs/{pair.pk}/meetings/",
        {"schedule": "1", "date": day.isoformat(), "time": "09:00", "duration_minutes": "60"},
    )
    meeting = Meeting.objects.get(pair=pair)

    assert meeting.starts_at.astimezone(ZoneInfo("America/New_York")).hour == 9


def test_meeting_page_agenda_htmx_and_prompts(pair: Pair, leader: User, mentor: User) -> None:
    library_ensure()
    m = meetings.meeting_schedule(
        pair=pair, actor=leader, starts_at=timezone.now() + dt.timedelta(days=2)
    )
    page = client_for(mentor).get(f"/pairs/{pair.pk}/meetings/{m.pk}/").content.decode()
    assert "Prompts for a first conversation" in page
    response = client_for(mentor).post(
        f"/pairs/{pair.pk}/meetings/{m.pk}/agenda/",
        {"template": "first-meeting"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Draft the charter" in response.content.decode()
    assert "<html" not in response.content.decode()
    empty = client_for(mentor).post(
        f"/pairs/{pair.pk}/meetings/{m.pk}/agenda/", {"text": ""}, HTTP_HX_REQUEST="true"
    )
    assert empty.status_code == 400


def test_cancel_needs_a_confirmation_page_and_a_reason(pair: Pair, leader: User) -> None:
    m = meetings.meeting_schedule(
        pair=pair, actor=leader, starts_at=timezone.now() + dt.timedelta(days=2)
    )
    client = client_for(leader)
    assert "Keep it" in client.get(f"/pairs/{pair.pk}/meetings/{m.pk}/cancel/").content.decode()
    assert (
        client.post(f"/pairs/{pair.pk}/meetings/{m.pk}/cancel/", {"reason": ""}).status_code == 200
    )
    client.post(f"/pairs/{pair.pk}/meetings/{m.pk}/cancel/", {"reason": "Ill"})
    m.refresh_from_db()
    assert m.status == "cancelled" and m.cancelled_by_role == "leader"


def test_charter_edit_after_signing_warns_and_requires_resigning(
    pair: Pair, leader: User, mentor: User
) -> None:
    data = {
        "goals": "g",
        "meeting_frequency": "m",
        "channel": "c",
        "confidentiality": "x",
        "success_definition": "s",
    }
    client_for(leader).post(f"/pairs/{pair.pk}/charter/", data)
    page = client_for(leader).get(f"/pairs/{pair.pk}/charter/").content.decode()
    assert 'name="version" value="2"' in page and "Sign version 2" in page
    client_for(leader).post(f"/pairs/{pair.pk}/charter/sign/", {"version": 2})
    client_for(mentor).post(f"/pairs/{pair.pk}/charter/sign/", {"version": 2})
    pair.charter.refresh_from_db()
    assert pair.charter.is_signed
    response = client_for(mentor).post(
        f"/pairs/{pair.pk}/charter/", data | {"goals": "g2", "version": 2}, follow=True
    )
    assert "sign it again" in response.content.decode()
    pair.charter.refresh_from_db()
    assert not pair.charter.is_signed and pair.charter.version == 3


def test_signing_a_charter_page_that_changed_meanwhile_signs_nothing(
    pair: Pair, leader: User, mentor: User
) -> None:
    data = {
        "goals": "g",
        "meeting_frequency": "m",
        "channel": "c",
        "confidentiality": "x",
        "success_definition": "s",
    }
    client_for(leader).post(f"/pairs/{pair.pk}/charter/", data)  # version 2, which the leader reads
    client_for(mentor).post(f"/pairs/{pair.pk}/charter/", data | {"goals": "g2", "version": 2})
    response = client_for(leader).post(
        f"/pairs/{pair.pk}/charter/sign/", {"version": 2}, follow=True
    )
    assert "you were signing version 2, it is now version 3" in response.content.decode()
    pair.charter.refresh_from_db()
    assert pair.charter.leader_signed_at is None


def test_a_stale_note_edit_page_keeps_my_text_and_shows_the_saved_one(
    pair: Pair, leader: User
) -> None:
    client = client_for(leader)
    client.post(f"/pairs/{pair.pk}/notes/", {"body": "original", "visibility": "private"})
    note = pair.notes.get()
    url = f"/pairs/{pair.pk}/notes/{note.pk}/edit/"
    client.post(url, {"body": "from tab one", "visibility": "private", "version": 1})
    response = client.post(url, {"body": "from tab two", "visibility": "private", "version": 1})
    html = response.content.decode()
    assert response.status_code == 200
    assert "changed by someone else while you edited it" in html
    assert "from tab two" in html  # mine, still in the field
    assert "Saved meanwhile: from tab one" in html  # theirs, beside it
    assert 'name="version" value="2"' in html  # saving again replaces version 2 knowingly
    note.refresh_from_db()
    assert note.body == "from tab one"
    client.post(url, {"body": "from tab two", "visibility": "private", "version": 2})
    note.refresh_from_db()
    assert note.body == "from tab two" and note.version == 3


def test_action_row_htmx_update_requires_reason_to_drop(pair: Pair, leader: User) -> None:
    client = client_for(leader)
    client.post(
        f"/pairs/{pair.pk}/actions/", {"kind": "action", "title": "Try", "due_on": "2030-01-01"}
    )
    action = pair.actions.get()
    response = client.post(
        f"/pairs/{pair.pk}/actions/{action.pk}/",
        {"op": "status", "status": "dropped"},
        HTTP_HX_REQUEST="true",
    )
    assert "Say why it was dropped" in response.content.decode()
    no_date = client.post(f"/pairs/{pair.pk}/actions/", {"kind": "action", "title": "x"})
    assert "This field is required" in no_date.content.decode()


def test_home_panel_shows_your_pair(pair: Pair, leader: User) -> None:
    html = client_for(leader).get("/").content.decode()
    assert "Your pair" in html and pair.mentor.person.name in html
    assert "My pair" in html and "Learn" in html and "Community" in html


@pytest.mark.parametrize("field", ["meeting", "entry"])
def test_an_id_too_large_for_any_row_is_not_a_server_error(
    pair: Pair, leader: User, field: str
) -> None:
    client = client_for(leader)
    page = "notes" if field == "meeting" else "growth"
    response = client.post(
        f"/pairs/{pair.pk}/{page}/",
        {"body": "x", "visibility": "private", field: "9" * 25},
    )
    assert response.status_code in {200, 302, 404}
