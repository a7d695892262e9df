"""Calendar files (RFC 5545) for a person's program meetings.

Apps put events in a user's feed by subscribing to `calendar.events` (`upward.events`) with a
function of `user` that returns that user's events; the feed is their union. Stable UIDs make
clients update events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress

from upward import events
from upward.i18n import language_of
from upward.people.models import User

CALENDAR_EVENTS = events.declare(
    "calendar.events",
    "user=User -> Iterable[CalendarEvent]: the user's events for their private calendar feed.",
)


@dataclass
class Attendee:
    email: str
    name: str = ""
    # RFC 5545 participation status (ACCEPTED, DECLINED, NEEDS-ACTION); empty: not stated.
    partstat: str = ""


@dataclass
class CalendarEvent:
    uid: str
    summary: str
    start: dt.datetime
    end: dt.datetime
    description: str = ""
    location: str = ""
    sequence: int = 0
    cancelled: bool = False
    url: str = ""
    # Invitations (METHOD:REQUEST/CANCEL) need an organizer and attendees; feeds do not.
    organizer: Attendee | None = None
    attendees: list[Attendee] = field(default_factory=list)


def build_calendar(
    events: Iterable[CalendarEvent], *, name: str, method: str | None = None
) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Upward//Reverse mentoring//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    if method:
        cal.add("method", method)
    stamp = dt.datetime.now(dt.UTC)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        event.add("sequence", item.sequence)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", item.url)
        if item.organizer is not None:
            event.add("organizer", _address(item.organizer), encode=False)
        for attendee in item.attendees:
            address = _address(attendee)
            address.params["ROLE"] = "REQ-PARTICIPANT"
            address.params["RSVP"] = "FALSE"
            if attendee.partstat:
                address.params["PARTSTAT"] = attendee.partstat
            event.add("attendee", address, encode=False)
        cal.add_component(event)
    return cal.to_ical()


def with_video_link(description: str, video_url: str) -> str:
    """The description calendar apps show, with the online-meeting link first when there is one."""
    if not video_url:
        return description
    return _("Join online: %(url)s") % {"url": video_url} + f"\n\n{description}"


def _address(person: Attendee) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = person.name
    return address


def calendar_feed_for(*, user: User) -> bytes:
    """The person's feed, worded in their language (a calendar app sends no useful one)."""
    with language_of(user):
        feed = [item for batch in events.publish(CALENDAR_EVENTS, user=user) for item in batch]
        feed.sort(key=lambda e: (e.start, e.uid))
        return build_calendar(feed, name=_("Upward: %(name)s") % {"name": user.get_full_name()})
