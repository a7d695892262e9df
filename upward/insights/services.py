"""Writes for insights: recording behaviour change."""

from __future__ import annotations

import datetime as dt

from upward.insights.models import BehaviourChange
from upward.people.models import User
from upward.programs.models import Program


def behaviour_change_record(
    *, program: Program, user: User | None, kind: str, title: str, happened_on: dt.date
) -> BehaviourChange:
    if kind not in BehaviourChange.Kind.values:
        raise ValueError(f"Unknown kind of change: {kind!r}")
    return BehaviourChange.objects.create(
        program=program,
        kind=kind,
        title=title.strip()[:200],
        happened_on=happened_on,
        recorded_by=user,
    )
