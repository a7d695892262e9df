"""Meeting in 24 hours: both people, with the agenda as it stands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from upward.mentoring.models import Meeting, Pair
from upward.notifications.rules import Reminder, iso, register_rule, stamp, url_for

LEAD_TIME = dt.timedelta(hours=24)


@register_rule("meeting_soon")
def meeting_soon(now: dt.datetime) -> Iterator[Reminder]:
    meetings = (
        Meeting.objects.filter(
            status=Meeting.Status.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=now + LEAD_TIME,
            pair__status=Pair.Status.ACTIVE,
        )
        .select_related("pair__leader__person", "pair__mentor__person", "pair__program")
        .prefetch_related("agenda_items")
    )
    for meeting in meetings:
        pair = meeting.pair
        agenda = [item.text for item in meeting.agenda_items.all()]
        for me, partner in ((pair.leader, pair.mentor), (pair.mentor, pair.leader)):
            if not me.user_id:
                continue
            # The start time is in the key: a meeting moved to another day gets a new reminder.
            yield Reminder(
                user_id=me.user_id,
                key=f"meeting_soon:m{meeting.pk}:t{stamp(meeting.starts_at)}:u{me.user_id}",
                template="meeting_soon",
                context={
                    "partner_name": partner.person.name,
                    "role": me.role,
                    "starts_at": iso(meeting.starts_at),
                    "duration_minutes": meeting.duration_minutes,
                    "location": meeting.location,
                    "video_url": meeting.video_url,
                    "agenda": agenda,
                    "program_name": pair.program.name,
                    "url": url_for(
                        "mentoring:meeting", pair.pk, meeting.pk, fallback=f"/pairs/{pair.pk}/"
                    ),
                },
                due_at=meeting.starts_at - LEAD_TIME,
                expires_at=meeting.starts_at,
                program_id=pair.program_id,
            )
