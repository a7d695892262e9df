"""Group check-ins in the private calendar feed of program members."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse

from upward.community.models import CheckIn
from upward.community.selectors import checkins_for_calendar
from upward.notifications.calendar import CalendarEvent, build_calendar
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


def checkin_ics(checkin: CheckIn) -> bytes:
    return build_calendar([checkin_event(checkin)], name="Upward check-in", method="PUBLISH")


def checkin_events_for(user: User) -> Iterable[CalendarEvent]:
    return [checkin_event(c) for c in checkins_for_calendar(user=user)]
