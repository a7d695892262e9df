"""A pair at risk: tell the program's coordinators, once for each new warning sign.

Health comes from the one pair-health engine, upward.mentoring.selectors.health (dates, counts
and statuses only). The key carries a signature of *what* is wrong, not how much: "no meeting
since 3 Oct" stays the same while the gap grows, so the coordinator hears about it once; a
later, new gap or a third cancellation makes a new signature and a new message.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from upward.mentoring.selectors.health import (
    LEADER_CANCELLATIONS,
    NO_MEETING_DAYS,
    PairHealth,
    assess,
    pairs_at_risk,
)
from upward.notifications.rules import Reminder, register_rule, start_of_day, url_for
from upward.programs.models import Program


def risk_signature(health: PairHealth) -> str:
    parts = []
    if health.days_since_meeting >= NO_MEETING_DAYS:
        parts.append(f"quiet{(health.last_meeting_on or health.started_on):%Y%m%d}")
    if health.leader_cancellations >= LEADER_CANCELLATIONS:
        parts.append(f"cancel{health.leader_cancellations}")
    if health.meetings_expected - health.meetings_held >= 2:
        parts.append(f"behind{health.meetings_expected}")
    return "+".join(parts) or "risk"


# The assessment's own fields are recomputed; the rest are the facts it is made from.
ASSESSED = {"days_running", "meetings_expected", "days_since_meeting", "status", "reasons"}


def health_facts(health: PairHealth) -> dict[str, Any]:
    """The facts behind the warning signs, JSON-ready (dates as ISO strings), so each reader's
    message words the reasons in their own language (`reasons_for_reader`)."""
    facts: dict[str, Any] = {}
    for item in dataclasses.fields(health):
        if item.name in ASSESSED:
            continue
        value = getattr(health, item.name)
        facts[item.name] = value.isoformat() if isinstance(value, dt.date) else value
    return facts


def reasons_for_reader(context: dict[str, Any]) -> list[str] | None:
    """The warning signs in the active language, from the stored facts (`messages` calls it
    after turning ISO strings under `_on`/`_at` keys into dates); None for older rows."""
    facts, day = context.get("facts"), context.get("assessed_on")
    if not isinstance(facts, dict) or not isinstance(day, dt.date):
        return None
    try:
        health = PairHealth(**facts)
    except TypeError:  # the facts changed shape since the row was recorded
        return None
    return list(assess(health, today=day).reasons)


@register_rule("pair_at_risk")
def pair_at_risk(now: dt.datetime) -> Iterator[Reminder]:
    at_risk = pairs_at_risk(today=now.date())
    if not at_risk:
        return
    program_ids = {h.program_id for h in at_risk}
    coordinators: dict[int, list[int]] = defaultdict(list)
    for program_id, user_id in Program.coordinators.through.objects.filter(
        program_id__in=program_ids
    ).values_list("program_id", "user_id"):
        coordinators[program_id].append(user_id)
    names = dict(Program.objects.filter(pk__in=program_ids).values_list("pk", "name"))
    for health in at_risk:
        signature = risk_signature(health)
        for user_id in coordinators[health.program_id]:
            yield Reminder(
                user_id=user_id,
                key=f"pair_at_risk:p{health.pair_id}:{signature}:u{user_id}",
                template="pair_at_risk",
                context={
                    "leader_name": health.leader_name,
                    "mentor_name": health.mentor_name,
                    "program_name": names.get(health.program_id, ""),
                    "reasons": list(health.reasons),
                    "facts": health_facts(health),
                    "assessed_on": now.date().isoformat(),
                    # The pair's health page: its facts, and a nudge one click away.
                    "url": url_for("mentoring:room", health.pair_id, fallback="/pairs/"),
                },
                due_at=start_of_day(now.date()),
                program_id=health.program_id,
            )
