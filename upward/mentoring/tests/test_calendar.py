from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from conftest import client_for
from upward.mentoring.models import Pair
from upward.mentoring.services import meetings
from upward.people.models import User

pytestmark = pytest.mark.django_db


def _when(days: int) -> dt.datetime:

    return (timezone.now() + dt.timedelta(days=days)).replace(microsecond=0)


def _events(data: bytes) -> list:
    cal = Calendar.from_ical(data)
    return [c for c in cal.walk("VEVENT")]


def test_meeting_ics_parses_with_stable_uid_and_sequence(pair: Pair, leader: User) -> None:
    m = meetings.meeting_schedule(pair=pair, actor=leader, starts_at=_when(3))
    client = client_for(leader)
    url = f"/pairs/{pair.pk}/meetings/{m.pk}.ics"
    first = _events(client.get(url).content)
    assert len(first) == 1
    assert str(first[0]["UID"]) == m.uid
    assert int(first[0]["SEQUENCE"]) == 0
    assert first[0].decoded("DTSTART") == m.starts_at

    moved_to = _when(4)
    meetings.meeting_reschedule(meeting=m, actor=leader, starts_at=moved_to)
    second = _events(client.get(url).content)
    assert str(second[0]["UID"]) == m.uid
    assert int(second[0]["SEQUENCE"]) == 1
    assert second[0].decoded("DTSTART") == moved_to


def test_cancelled_meeting_is_marked_cancelled_in_the_ics(pair: Pair, leader: User) -> None:
    m = meetings.meeting_schedule(pair=pair, actor=leader, starts_at=_when(3))
    meetings.meeting_cancel(meeting=m, actor=leader, reason="Travel")
    event = _events(client_for(leader).get(f"/pairs/{pair.pk}/meetings/{m.pk}.ics").content)[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1


def test_feed_includes_only_the_users_meetings(
    pair: Pair, other_pair: Pair, leader: User, coordinator_user: User
) -> None:
    mine = meetings.meeting_schedule(pair=pair, actor=leader, starts_at=_when(3))
    theirs = meetings.meeting_schedule(
        pair=other_pair, actor=other_pair.leader.user, starts_at=_when(3)
    )
    feed = Client().get(f"/calendar/{leader.calendar_token}.ics")
    assert feed.status_code == 200
    uids = {str(e["UID"]) for e in _events(feed.content)}
    assert mine.uid in uids and theirs.uid not in uids
    coordinator_feed = Client().get(f"/calendar/{coordinator_user.calendar_token}.ics")
    assert mine.uid not in coordinator_feed.content.decode()


def test_feed_events_carry_no_agenda_or_note_text(pair: Pair, leader: User) -> None:
    m = meetings.meeting_schedule(pair=pair, actor=leader, starts_at=_when(3))
    meetings.agenda_item_add(meeting=m, actor=leader, text="SECRET AGENDA ITEM")
    body = Client().get(f"/calendar/{leader.calendar_token}.ics").content.decode()
    assert "SECRET AGENDA ITEM" not in body
    assert f"/pairs/{pair.pk}/meetings/{m.pk}/" in body.replace("\r\n ", "")


def test_ics_download_is_for_pair_members_only(pair: Pair, coordinator_user: User) -> None:
    m = meetings.meeting_schedule(pair=pair, actor=pair.leader.user, starts_at=_when(3))
    response = client_for(coordinator_user).get(f"/pairs/{pair.pk}/meetings/{m.pk}.ics")
    assert response.status_code == 404
