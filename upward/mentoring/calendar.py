"""Meetings as calendar events: one .ics per meeting and the user's private feed.

The feed URL is a bearer credential that ends up in third-party calendar apps, so events carry
times, names and a link back to the room, never agenda text or notes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse

from upward.mentoring.models import Meeting
from upward.mentoring.selectors import pairs_of_member
from upward.notifications.calendar import CalendarEvent, build_calendar
from upward.people.models import User


def meeting_event(meeting: Meeting) -> CalendarEvent:
    pair = meeting.pair
    room = f"{settings.SITE_URL}{reverse('mentoring:meeting', args=[pair.pk, meeting.pk])}"
    return CalendarEvent(
        uid=meeting.uid,
        summary=f"Reverse mentoring: {pair.leader.person.name} & {pair.mentor.person.name}",
        start=meeting.starts_at,
        end=meeting.ends_at,
        description=f"Agenda, prompts and notes: {room}",
        location=meeting.location,
        sequence=meeting.sequence,
        cancelled=meeting.status == Meeting.Status.CANCELLED,
        url=room,
    )


def meeting_ics(meeting: Meeting) -> bytes:
    return build_calendar([meeting_event(meeting)], name="Upward meeting", method="PUBLISH")


def meeting_events_for(user: User) -> Iterable[CalendarEvent]:
    """The feed's mentoring part: only the meetings of the user's own pairs."""
    meetings = Meeting.objects.filter(pair__in=pairs_of_member(user=user)).select_related(
        "pair__leader__person", "pair__mentor__person"
    )
    return [meeting_event(m) for m in meetings]
