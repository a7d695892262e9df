"""An action is due tomorrow: remind the leader who committed to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from upward.mentoring.models import Action, Pair
from upward.notifications.rules import Reminder, register_rule, start_of_day, url_for

NOTICE = dt.timedelta(days=1)


@register_rule("action_due")
def action_due(now: dt.datetime) -> Iterator[Reminder]:
    today = now.date()
    actions = Action.objects.filter(
        status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS],
        due_on__gte=today,
        due_on__lte=today + NOTICE,
        pair__status=Pair.Status.ACTIVE,
    ).values_list(
        "pk",
        "title",
        "due_on",
        "pair_id",
        "pair__program_id",
        "pair__leader__user_id",
        "pair__mentor__person__name",
    )
    for pk, title, due_on, pair_id, program_id, leader_uid, mentor_name in actions:
        if not leader_uid or due_on is None:
            continue
        # The due date is in the key: an action moved to a later date is reminded again.
        yield Reminder(
            user_id=leader_uid,
            key=f"action_due:a{pk}:d{due_on:%Y%m%d}:u{leader_uid}",
            template="action_due",
            context={
                "title": title,
                "due_on": due_on.isoformat(),
                "mentor_name": mentor_name,
                "url": url_for("mentoring:actions", pair_id, fallback=f"/pairs/{pair_id}/"),
            },
            due_at=start_of_day(due_on - NOTICE),
            expires_at=start_of_day(due_on + dt.timedelta(days=1)),
            program_id=program_id,
        )
