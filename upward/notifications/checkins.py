"""Group check-ins (community) in calendars: each member's private feed, and the .ics file the
check-in page offers. Community publishes; notifications owns the calendar format."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from upward import events
from upward.community.events import CHECKIN_CALENDAR_FILE
from upward.community.models import CheckIn, CheckInRSVP
from upward.community.selectors import checkins_for_calendar
from upward.notifications.calendar import (
    CALENDAR_EVENTS,
    Attendee,
    CalendarEvent,
    build_calendar,
)
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
    return build_calendar([checkin_event(checkin)], name=_("Upward check-in"), method="PUBLISH")


# A check-in answer in calendar words (RFC 5545 PARTSTAT).
PARTSTAT: dict[str, str] = {
    CheckInRSVP.Response.GOING.value: "ACCEPTED",
    CheckInRSVP.Response.NOT_GOING.value: "DECLINED",
}


def checkin_events_for(*, user: User) -> Iterable[CalendarEvent]:
    """`calendar.events`: the check-ins in a user's private feed, each with the user's own
    answer as their PARTSTAT. An answer given before the check-in moved (an older SEQUENCE) no
    longer counts: the feed says NEEDS-ACTION until they answer for the new time."""
    checkins = list(checkins_for_calendar(user=user))
    answers = {
        rsvp.checkin_id: rsvp
        for rsvp in CheckInRSVP.objects.filter(user=user, checkin__in=[c.pk for c in checkins])
    }
    result = []
    for checkin in checkins:
        item = checkin_event(checkin)
        rsvp = answers.get(checkin.pk)
        current = rsvp is not None and rsvp.answered_sequence == checkin.sequence
        partstat = "NEEDS-ACTION"
        if rsvp is not None and current:
            partstat = PARTSTAT.get(str(rsvp.response), "NEEDS-ACTION")
        item.attendees = [Attendee(email=user.email, name=user.get_full_name(), partstat=partstat)]
        result.append(item)
    return result


def subscribe() -> None:
    events.subscribe(CALENDAR_EVENTS, checkin_events_for)
    events.subscribe(CHECKIN_CALENDAR_FILE, checkin_ics)
