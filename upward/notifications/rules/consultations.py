"""A matching consultation closes in two days: remind whoever has not answered their proposal.

Silence by the deadline counts as yes (see upward/matching/consultation.py), so the reminder is
the last fair chance to ask for another partner; it says so plainly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Q
from django.db.models.functions import Coalesce

from upward.matching.models import MatchRun, ProposedPair
from upward.notifications.preferences import preferences_for, zone
from upward.notifications.rules import Reminder, register_rule, url_for

NOTICE = dt.timedelta(days=2)
# Local midnights differ from UTC by at most ~14 h: look a day wider each way and let the
# sweep drop what is not due yet or has expired.
SLACK = dt.timedelta(days=1)


def _local_midnight(day: dt.date, tz_name: str | None) -> dt.datetime:
    """Start of `day` in the person's time zone (UTC if unknown), as an aware UTC datetime."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone(tz_name or "UTC")).astimezone(dt.UTC)


@register_rule("consultation_due")
def consultation_due(now: dt.datetime) -> Iterator[Reminder]:
    pending = ProposedPair.Response.PENDING
    today = now.date()
    proposals = list(
        ProposedPair.objects.filter(
            Q(leader_response=pending) | Q(mentor_response=pending),
            run__status=MatchRun.Status.CONSULTING,
            run__consultation_deadline__gte=today - SLACK,
            run__consultation_deadline__lte=today + NOTICE + SLACK,
        )
        # A participant may have no account link yet while their directory person has one.
        .annotate(
            leader_uid=Coalesce("leader__user_id", "leader__person__user__id"),
            mentor_uid=Coalesce("mentor__user_id", "mentor__person__user__id"),
        )
        .values_list(
            "pk",
            "run__program_id",
            "run__program__name",
            "run__consultation_deadline",
            "leader_response",
            "mentor_response",
            "leader_uid",
            "mentor_uid",
        )
    )
    prefs = preferences_for(uid for row in proposals for uid in row[6:] if uid)
    for row in proposals:
        (pk, program_id, program_name, deadline, leader_resp, mentor_resp) = row[:6]
        leader_uid, mentor_uid = row[6:]
        if deadline is None:  # excluded by the query; keeps the types honest
            continue
        sides = (("leader", leader_resp, leader_uid), ("mentor", mentor_resp, mentor_uid))
        for side, response, user_id in sides:
            if response != pending or not user_id:
                continue
            pref = prefs.get(user_id)
            tz_name = pref.timezone if pref is not None else None
            # The deadline is in the key: an extended consultation brings a fresh reminder.
            yield Reminder(
                user_id=user_id,
                key=f"consultation_due:pp{pk}:{side}:d{deadline:%Y%m%d}:u{user_id}",
                template="consultation_due",
                context={
                    "program_name": program_name,
                    "role": side,
                    "deadline_on": deadline.isoformat(),
                    "url": url_for("matching:my_proposal", pk, fallback="/matching/mine/"),
                },
                due_at=_local_midnight(deadline - NOTICE, tz_name),
                expires_at=_local_midnight(deadline + dt.timedelta(days=1), tz_name),
                program_id=program_id,
            )
