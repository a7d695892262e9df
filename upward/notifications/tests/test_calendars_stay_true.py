"""Calendars that stay true: answers, moves and cancellations reach feeds and invitations, and
a person's time-zone change moves how their meetings are shown and sent. Every calendar file is
parsed with icalendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import TestCase
from icalendar import Calendar

from conftest import client_for
from upward.community.services import (
    checkin_cancel,
    checkin_create,
    checkin_reschedule,
    checkin_rsvp,
)
from upward.mentoring.services import meetings
from upward.mentoring.tests.factories import PairFactory, user_of
from upward.notifications.sending import deliveries_send_due
from upward.notifications.services import preference_update
from upward.people.models import User

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 1, 12, 9, 0, tzinfo=dt.UTC)  # winter: London is UTC, New York UTC-5


def feed_events(user: User) -> dict[str, Any]:
    data = client_for(user).get(f"/calendar/{user.calendar_token}.ics").content
    return {str(e["UID"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def partstat(event: Any, email: str) -> str:
    attendees = event.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    [mine] = [a for a in attendees if str(a).lower() == f"mailto:{email}".lower()]
    return str(mine.params["PARTSTAT"])


@time_machine.travel(NOW, tick=False)
def test_a_check_in_answer_shows_in_the_feed_and_a_move_asks_again(
    coordinator_user: User,
) -> None:
    pair = PairFactory()
    pair.program.coordinators.add(coordinator_user)
    leader, mentor = user_of(pair.leader), user_of(pair.mentor)
    checkin = checkin_create(
        program=pair.program,
        actor=coordinator_user,
        title="Monthly circle",
        starts_at=NOW + dt.timedelta(days=5),
    )
    assert partstat(feed_events(leader)[checkin.uid], leader.email) == "NEEDS-ACTION"

    checkin_rsvp(checkin=checkin, actor=leader, response="going")
    checkin_rsvp(checkin=checkin, actor=mentor, response="not_going")
    assert partstat(feed_events(leader)[checkin.uid], leader.email) == "ACCEPTED"
    assert partstat(feed_events(mentor)[checkin.uid], mentor.email) == "DECLINED"

    # Moved: same UID, a higher SEQUENCE, and the old answer no longer stands.
    checkin_reschedule(
        checkin=checkin, actor=coordinator_user, starts_at=NOW + dt.timedelta(days=6)
    )
    moved = feed_events(leader)[checkin.uid]
    assert int(moved["SEQUENCE"]) == 1
    assert moved.decoded("DTSTART") == NOW + dt.timedelta(days=6)
    assert partstat(moved, leader.email) == "NEEDS-ACTION"

    checkin_cancel(checkin=checkin, actor=coordinator_user)
    cancelled = feed_events(mentor)[checkin.uid]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) == 2


def _calendar_of(message: Any) -> Any:
    for part in message.message().walk():
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(part.get_payload(decode=True))
    raise AssertionError("no calendar attachment")


@time_machine.travel(NOW, tick=False)
def test_a_cancelled_meeting_is_cancelled_in_the_feed_and_by_invitation(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    pair = PairFactory()
    leader, mentor = user_of(pair.leader), user_of(pair.mentor)
    with TestCase.captureOnCommitCallbacks(execute=False):
        meeting = meetings.meeting_schedule(
            pair=pair, actor=leader, starts_at=NOW + dt.timedelta(days=3)
        )
        meetings.meeting_cancel(meeting=meeting, actor=mentor, reason="Travel")
    deliveries_send_due()

    event = feed_events(leader)[meeting.uid]
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CANCELLED", 1)

    to_leader = [m for m in mail.outbox if m.to == [leader.email]]
    request, cancel = (_calendar_of(m) for m in to_leader)
    assert str(request["METHOD"]) == "REQUEST" and str(cancel["METHOD"]) == "CANCEL"
    [first] = request.walk("VEVENT")
    [last] = cancel.walk("VEVENT")
    assert str(first["UID"]) == str(last["UID"]) == meeting.uid
    assert int(last["SEQUENCE"]) > int(first["SEQUENCE"])
    assert str(last["STATUS"]) == "CANCELLED"


@time_machine.travel(NOW, tick=False)
def test_a_time_zone_change_moves_the_display_and_the_invitations(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    pair = PairFactory()
    pair.leader.person.timezone = "Europe/London"
    pair.leader.person.save()
    leader = user_of(pair.leader)
    starts = NOW + dt.timedelta(days=3, hours=1)  # 10:00 UTC = 10:00 in London in January
    with TestCase.captureOnCommitCallbacks(execute=False):
        meeting = meetings.meeting_schedule(pair=pair, actor=leader, starts_at=starts)
    deliveries_send_due()
    page = client_for(leader).get(f"/pairs/{pair.pk}/meetings/{meeting.pk}/").content.decode()
    assert "10:00" in page
    assert "10:00" in mail.outbox[0].body

    # The leader moves to New York and says so in their settings.
    preference_update(
        actor=leader,
        email_enabled=True,
        in_app_enabled=True,
        quiet_start=None,
        quiet_end=None,
        timezone_name="America/New_York",
    )
    leader.refresh_from_db()
    page = client_for(leader).get(f"/pairs/{pair.pk}/meetings/{meeting.pk}/").content.decode()
    assert "05:00" in page  # the same instant, now shown in their new zone

    mail.outbox = []
    with TestCase.captureOnCommitCallbacks(execute=False):
        meetings.meeting_reschedule(
            meeting=meeting, actor=leader, starts_at=starts + dt.timedelta(hours=1)
        )
    deliveries_send_due()
    [to_leader] = [m for m in mail.outbox if m.to == [leader.email]]
    assert "06:00" in to_leader.body and "America/New_York" in to_leader.body
    [event] = _calendar_of(to_leader).walk("VEVENT")
    # Calendar files carry the absolute instant, so every calendar shows it in its own zone.
    assert event.decoded("DTSTART") == starts + dt.timedelta(hours=1)
