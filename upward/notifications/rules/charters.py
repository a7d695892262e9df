"""Charter unsigned a week after the pair started: nudge whoever has not signed yet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Q

from upward.mentoring.models import Pair
from upward.notifications.rules import Reminder, register_rule, start_of_day, url_for

AFTER = dt.timedelta(days=7)
# Past this the pair's unsigned charter is a health flag for the coordinator, not a nudge.
GIVE_UP_AFTER = dt.timedelta(days=90)


@register_rule("charter_unsigned")
def charter_unsigned(now: dt.datetime) -> Iterator[Reminder]:
    today = now.date()
    pairs = (
        Pair.objects.filter(
            status=Pair.Status.ACTIVE,
            started_on__lte=today - AFTER,
            started_on__gt=today - GIVE_UP_AFTER,
        )
        .filter(
            Q(charter__isnull=True)
            | Q(charter__leader_signed_at__isnull=True)
            | Q(charter__mentor_signed_at__isnull=True)
        )
        .values_list(
            "pk",
            "program_id",
            "program__name",
            "started_on",
            "leader__user_id",
            "leader__person__name",
            "mentor__user_id",
            "mentor__person__name",
            "charter__leader_signed_at",
            "charter__mentor_signed_at",
        )
    )
    for row in pairs:
        (pk, program_id, program_name, started_on, leader_uid, leader_name) = row[:6]
        (mentor_uid, mentor_name, leader_signed, mentor_signed) = row[6:]
        sides = (
            (leader_uid, leader_signed, mentor_name, mentor_signed is not None),
            (mentor_uid, mentor_signed, leader_name, leader_signed is not None),
        )
        for user_id, signed_at, partner_name, partner_signed in sides:
            if not user_id or signed_at is not None:
                continue
            yield Reminder(
                user_id=user_id,
                key=f"charter_unsigned:p{pk}:u{user_id}",
                template="charter_unsigned",
                context={
                    "partner_name": partner_name,
                    "partner_signed": partner_signed,
                    "started_on": started_on.isoformat(),
                    "program_name": program_name,
                    "url": url_for("mentoring:charter", pk, fallback=f"/pairs/{pk}/"),
                },
                due_at=start_of_day(started_on + AFTER),
                program_id=program_id,
            )
