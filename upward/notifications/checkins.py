"""Group check-ins (community) in calendars: each member's private feed, and the .ics file the
check-in page offers. Community publishes; notifications owns the calendar format."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse

from upward import events
from upward.community.events import CHECKIN_CALENDAR_FILE
from upward.community.models import CheckIn
from upward.community.selectors import checkins_for_calendar
from upward.notifications.calendar import CALENDAR_EVENTS, CalendarEvent, build_calendar
from upward.people.models import User


def checkin_event(checkin: CheckIn) -> CalendarEvent:
    url = f"{settings.SITE_URL}{reverse('community:space', args=[checkin.program.slug])}"
    return CalendarEvent(
        uid=checkin.uid,
        summary=f"{checkin.program.name}: {checkin.title}",
        start=checkin.starts_at,
        end=checkin.ends_at,
        description=(checkin.description + "\n\n" if checkin.description else "") + url,
        location=checkin.location,
        sequence=checkin.sequence,
        cancelled=checkin.cancelled,
        url=url,
    )


def checkin_ics(*, checkin: CheckIn) -> bytes:
    """`checkin.calendar_file`: one check-in as a calendar file."""
    return build_calendar([checkin_event(checkin)], name="Upward check-in", method="PUBLISH")


def checkin_events_for(*, user: User) -> Iterable[CalendarEvent]:
    """`calendar.events`: the check-ins in a user's private feed."""
    return [checkin_event(c) for c in checkins_for_calendar(user=user)]


def subscribe() -> None:
    events.subscribe(CALENDAR_EVENTS, checkin_events_for)
    events.subscribe(CHECKIN_CALENDAR_FILE, checkin_ics)
