"""A pair is invited to close: ask both people, once, for a final reflection and a next step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from upward.mentoring.models import ClosureChoice, Pair
from upward.notifications.rules import Reminder, iso, register_rule, url_for

# Well past this the program has closed the pair itself; an invitation that old is stale.
EXPIRES_AFTER = dt.timedelta(days=30)


@register_rule("closing_invited")
def closing_invited(now: dt.datetime) -> Iterator[Reminder]:
    pairs = list(
        Pair.objects.filter(
            status=Pair.Status.ACTIVE,
            closing_invited_at__isnull=False,
            closing_invited_at__lte=now,
            closing_invited_at__gt=now - EXPIRES_AFTER,
        ).values_list(
            "pk",
            "program_id",
            "program__name",
            "closing_invited_at",
            "leader__user_id",
            "leader__person__name",
            "mentor__user_id",
            "mentor__person__name",
        )
    )
    if not pairs:
        return
    # Whoever has already written their reflection and chosen has answered the invitation.
    answered = set(
        ClosureChoice.objects.filter(pair_id__in=[row[0] for row in pairs]).values_list(
            "pair_id", "role"
        )
    )
    for row in pairs:
        (pk, program_id, program_name, invited_at, leader_uid, leader_name) = row[:6]
        (mentor_uid, mentor_name) = row[6:]
        if invited_at is None:  # excluded by the query; keeps the types honest
            continue
        sides = (
            ("leader", leader_uid, mentor_name),
            ("mentor", mentor_uid, leader_name),
        )
        for role, user_id, partner_name in sides:
            if not user_id or (pk, role) in answered:
                continue
            yield Reminder(
                user_id=user_id,
                key=f"closing_invited:p{pk}:u{user_id}",
                template="closing_invited",
                context={
                    "program_name": program_name,
                    "partner_name": partner_name,
                    "role": role,
                    "invited_at": iso(invited_at),
                    "url": url_for("mentoring:close", pk, fallback=f"/pairs/{pk}/"),
                },
                due_at=invited_at,
                expires_at=invited_at + EXPIRES_AFTER,
                program_id=program_id,
            )
