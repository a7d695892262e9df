"""How notifications follows mentoring's meetings: invitations and calendar files.

Mentoring sits below notifications and never imports it; it announces meeting changes as
events (`upward.mentoring.events`) and these functions, subscribed in `NotificationsConfig.ready`,
react. The feed URL is a bearer credential that ends up in third-party calendar apps, so events
carry times, names and a link back to the room, never agenda text or notes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from upward import events
from upward.access import pairs_of_member
from upward.mentoring import events as mentoring_events
from upward.mentoring.models import Meeting
from upward.notifications.calendar import (
    CALENDAR_EVENTS,
    CalendarEvent,
    build_calendar,
    with_video_link,
)
from upward.notifications.services import meeting_invitation_send, meetings_invitation_send
from upward.people.models import User

# --- calendar files ----------------------------------------------------------------------------


def meeting_event(meeting: Meeting) -> CalendarEvent:
    pair = meeting.pair
    room = f"{settings.SITE_URL}{reverse('mentoring:meeting', args=[pair.pk, meeting.pk])}"
    return CalendarEvent(
        uid=meeting.uid,
        summary=_("Reverse mentoring: %(leader)s & %(mentor)s")
        % {"leader": pair.leader.person.name, "mentor": pair.mentor.person.name},
        start=meeting.starts_at,
        end=meeting.ends_at,
        description=with_video_link(
            _("Agenda, prompts and notes: %(url)s") % {"url": room}, meeting.video_url
        ),
        location=meeting.location or meeting.video_url,
        sequence=meeting.sequence,
        cancelled=meeting.status == Meeting.Status.CANCELLED,
        # Calendar apps show URL as the event's link: the join link when there is one.
        url=meeting.video_url or room,
    )


def meeting_ics(*, meeting: Meeting) -> bytes:
    """The room's download link (`meeting.calendar_file`)."""
    return build_calendar([meeting_event(meeting)], name=_("Upward meeting"), method="PUBLISH")


def meeting_events_for(*, user: User) -> Iterable[CalendarEvent]:
    """The feed's mentoring part: only the meetings of the user's own pairs."""
    meetings = Meeting.objects.filter(pair__in=pairs_of_member(user=user)).select_related(
        "pair__leader__person", "pair__mentor__person"
    )
    return [meeting_event(m) for m in meetings]


# --- invitations -------------------------------------------------------------------------------


def _ahead(meetings: Iterable[Meeting]) -> list[Meeting]:
    # Calendars only need news of meetings still ahead: recording a past meeting (or cancelling
    # one after the fact) must not e-mail anyone.
    now = timezone.now()
    return [m for m in meetings if m.starts_at > now]


def invite_to_series(*, meetings: list[Meeting]) -> None:
    """One calendar file for a whole series; each event keeps its own UID for later updates."""
    upcoming = _ahead(meetings)
    if upcoming:
        meetings_invitation_send(meetings=upcoming)


def invite_to_meeting(*, meeting: Meeting) -> None:
    """A new or moved meeting: the same UID with a higher SEQUENCE replaces the event."""
    if _ahead([meeting]):
        meeting_invitation_send(meeting=meeting, method="REQUEST")


def cancel_meeting(*, meeting: Meeting) -> None:
    if _ahead([meeting]):
        meeting_invitation_send(meeting=meeting, method="CANCEL")


def subscribe() -> None:
    """Called once from `NotificationsConfig.ready`."""
    events.subscribe(mentoring_events.MEETINGS_SCHEDULED, invite_to_series)
    events.subscribe(mentoring_events.MEETING_SCHEDULED, invite_to_meeting)
    events.subscribe(mentoring_events.MEETING_MOVED, invite_to_meeting)
    events.subscribe(mentoring_events.MEETING_CANCELLED, cancel_meeting)
    events.subscribe(mentoring_events.MEETING_CALENDAR_FILE, meeting_ics)
    events.subscribe(CALENDAR_EVENTS, meeting_events_for)
