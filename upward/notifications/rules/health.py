"""A pair at risk: tell the program's coordinators once for each new set of warning signs."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Iterator

from upward.notifications.rules import Reminder, register_rule


@register_rule("pair_at_risk")
def pair_at_risk(now: dt.datetime) -> Iterator[Reminder]:
    if importlib.util.find_spec("upward.insights.health") is None:
        return
    from upward.insights import health  # noqa: F401  (shape checked when it lands)

    yield from ()
