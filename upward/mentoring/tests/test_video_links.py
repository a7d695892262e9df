"""Online-meeting links: set per meeting or per series, https only, shown in the room, in
emails and in calendar files (LOCATION, URL, DESCRIPTION), and kept from coordinators."""

from __future__ import annotations

import datetime as dt
from email.message import Message
from typing import Any

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.utils import timezone
from icalendar import Calendar

from conftest import client_for
from upward.errors import ServiceError
from upward.mentoring.models import Meeting, Pair
from upward.mentoring.services import meetings
from upward.notifications.sending import deliveries_send_due
from upward.people.models import User

pytestmark = pytest.mark.django_db

TEAMS = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0"
ZOOM = "https://zoom.us/j/123456789?pwd=abc"


def _when(days: int) -> dt.datetime:
    return (timezone.now() + dt.timedelta(days=days)).replace(microsecond=0)


def _event(data: bytes) -> Any:
    [event] = Calendar.from_ical(data).walk("VEVENT")
    return event


@pytest.mark.parametrize(
    "bad",
    [
        "http://zoom.us/j/1",
        "javascript:alert(1)",
        "zoom.us/j/1",
        "https://",
        "https://user:pw@zoom.us/j/1",
        "https://zoom.us/j/1 and more",
    ],
)
def test_only_https_meeting_links_are_accepted(pair: Pair, leader: User, bad: str) -> None:
    with pytest.raises(ServiceError) as refused:
        meetings.meeting_schedule(pair=pair, actor=leader, starts_at=_when(3), video_url=bad)
    assert refused.value.field == "video_url"
    assert not Meeting.objects.exists()


def test_a_series_carries_one_link_and_a_meeting_can_change_its_own(
    pair: Pair, leader: User
) -> None:
    created = meetings.meeting_series_generate(pair=pair, actor=leader, video_url=ZOOM)
    assert len(created) > 1 and {m.video_url for m in created} == {ZOOM}
    first = created[0]
    meetings.meeting_reschedule(
        meeting=first, actor=leader, starts_at=first.starts_at, video_url=TEAMS
    )
    first.refresh_from_db()
    assert (first.video_url, first.sequence) == (TEAMS, 1)
    # Omitting the link keeps it; an empty one removes it.
    meetings.meeting_reschedule(meeting=first, actor=leader, starts_at=first.starts_at)
    first.refresh_from_db()
    assert first.video_url == TEAMS
    meetings.meeting_reschedule(
        meeting=first, actor=leader, starts_at=first.starts_at, video_url=""
    )
    first.refresh_from_db()
    assert first.video_url == ""


def test_the_calendar_file_and_feed_carry_the_link(pair: Pair, leader: User) -> None:
    m = meetings.meeting_schedule(
        pair=pair, actor=leader, starts_at=_when(3), video_url=TEAMS, location=""
    )
    client = client_for(leader)
    event = _event(client.get(f"/pairs/{pair.pk}/meetings/{m.pk}.ics").content)
    assert str(event["LOCATION"]) == TEAMS
    assert str(event["URL"]) == TEAMS
    assert str(event["DESCRIPTION"]).startswith(f"Join online: {TEAMS}")
    assert f"/pairs/{pair.pk}/meetings/{m.pk}/" in str(event["DESCRIPTION"])

    with_room = meetings.meeting_schedule(
        pair=pair, actor=leader, starts_at=_when(12), video_url=ZOOM, location="Room 4.12"
    )
    feed = Calendar.from_ical(client.get(f"/calendar/{leader.calendar_token}.ics").content)
    [entry] = [e for e in feed.walk("VEVENT") if str(e["UID"]) == with_room.uid]
    assert str(entry["LOCATION"]) == "Room 4.12"  # the room stays the place; the link is the URL
    assert str(entry["URL"]) == ZOOM


def _calendar_part(message: Any) -> Message:
    for part in message.message().walk():
        if part.get_content_type() == "text/calendar":
            return part
    raise AssertionError("no calendar part")


def test_the_invitation_email_and_its_calendar_file_carry_the_link(
    pair: Pair, leader: User, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    with TestCase.captureOnCommitCallbacks(execute=False):
        meetings.meeting_schedule(pair=pair, actor=leader, starts_at=_when(3), video_url=ZOOM)
    deliveries_send_due()
    [first, *_] = mail.outbox
    assert f"Join online: {ZOOM}" in first.body
    assert ZOOM in first.alternatives[0][0]
    event = _event(_calendar_part(first).get_payload(decode=True))
    assert str(event["URL"]) == ZOOM
    assert str(event["LOCATION"]) == ZOOM


def test_the_room_shows_a_join_button_to_members_only(
    pair: Pair, leader: User, coordinator_user: User
) -> None:
    pair.program.coordinators.add(coordinator_user)
    m = meetings.meeting_schedule(pair=pair, actor=leader, starts_at=_when(3), video_url=TEAMS)
    page = client_for(leader).get(f"/pairs/{pair.pk}/meetings/{m.pk}/").content.decode()
    assert "Join online" in page and "meetup-join" in page
    room = client_for(leader).get(f"/pairs/{pair.pk}/").content.decode()
    assert "Join online" in room

    coordinator: Client = client_for(coordinator_user)
    api = coordinator.get(f"/api/v1/pairs/{pair.pk}/meetings")
    if api.status_code == 200:
        assert all(item["video_url"] is None for item in api.json())
    member = client_for(leader).get(f"/api/v1/pairs/{pair.pk}/meetings").json()
    assert [item["video_url"] for item in member] == [TEAMS]


def test_the_api_sets_and_refuses_links(pair: Pair, leader: User) -> None:
    client = client_for(leader)
    starts = _when(3).isoformat()
    bad = client.post(
        f"/api/v1/pairs/{pair.pk}/meetings",
        data={"starts_at": starts, "video_url": "http://insecure.example/x"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "video_url"
    good = client.post(
        f"/api/v1/pairs/{pair.pk}/meetings",
        data={"starts_at": starts, "video_url": ZOOM},
        content_type="application/json",
    )
    assert good.status_code == 201
    assert good.json()["video_url"] == ZOOM
