"""When each scheduled survey is due for a pair.

How to add a scheduled survey kind: write a rule `(pair, program) -> date | None` (None means
"not for this pair", e.g. a 6-month check-in in a 4-month program) and add it to DUE_RULES.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from upward.feedback.models import Survey
from upward.mentoring.models import Pair
from upward.programs.models import Program

CHECKIN_3_DAYS = 90
CHECKIN_6_DAYS = 180


def pair_end_date(pair: Pair, program: Program) -> dt.date:
    """The pair's end: when it actually ended, else the program's end, else its planned length."""
    if pair.ended_on is not None:
        return pair.ended_on
    if program.ends_on is not None:
        return program.ends_on
    return add_months(pair.started_on, program.duration_months)


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months (31 Jan + 1 month = 28/29 Feb), so 6 months is a little over 180 days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last_day in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


def _checkin(days: int) -> Callable[[Pair, Program], dt.date | None]:
    def rule(pair: Pair, program: Program) -> dt.date | None:
        due = pair.started_on + dt.timedelta(days=days)
        # A check-in that would fall after the pair's end is replaced by the closing survey
        # (one due on the last day is kept: in a six-month program it is the 6-month measure).
        return due if due <= pair_end_date(pair, program) else None

    return rule


def _closing(pair: Pair, program: Program) -> dt.date | None:
    return pair_end_date(pair, program)


DUE_RULES: dict[str, Callable[[Pair, Program], dt.date | None]] = {
    Survey.Kind.CHECKIN_3: _checkin(CHECKIN_3_DAYS),
    Survey.Kind.CHECKIN_6: _checkin(CHECKIN_6_DAYS),
    Survey.Kind.CLOSING: _closing,
}
