"""Words for numbers and times, as people write them (a template builtin, see settings).

"1 pairs", "invitation(s)" and "0 minutes ago" read as machine output; these helpers pick the
singular or plural and say "just now" for the last minute.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext_lazy

register = template.Library()
# ngettext under another name, so that extraction does not collect count()'s "%(n)d " as a message.
_english_plural = ngettext

# The units of "… ago", translated apart from timesince()'s own: some languages decline them
# after their word for "ago" (German "vor 2 Tagen", where timesince() says "2 Tage").
AGO_UNITS = {
    "year": npgettext_lazy("time ago", "%(num)d year", "%(num)d years", "num"),
    "month": npgettext_lazy("time ago", "%(num)d month", "%(num)d months", "num"),
    "week": npgettext_lazy("time ago", "%(num)d week", "%(num)d weeks", "num"),
    "day": npgettext_lazy("time ago", "%(num)d day", "%(num)d days", "num"),
    "hour": npgettext_lazy("time ago", "%(num)d hour", "%(num)d hours", "num"),
    "minute": npgettext_lazy("time ago", "%(num)d minute", "%(num)d minutes", "num"),
}


def count(n: int, singular: str, plural: str) -> str:
    """'1 invitation', '3 invitations' (the plural form is given: English is irregular).

    Deprecated: English only. The words arrive as variables, so no catalogue can hold them and
    other languages read English. Write the whole phrase at the call site instead:
    `ngettext("%(n)d pair", "%(n)d pairs", n) % {"n": n}`. Kept until the last caller moves.
    """
    return _english_plural("%(n)d " + singular, "%(n)d " + plural, n) % {"n": n}


@register.filter
def ago(value: dt.datetime | None) -> str:
    """'just now' within the last minute, else '5 minutes ago', '2 days, 3 hours ago'."""
    if value is None:
        return ""
    if timezone.now() - value < dt.timedelta(minutes=1):
        return _("just now")
    # The stubs ask for str; timesince() formats each unit lazily, in the active language.
    units: Any = AGO_UNITS
    return _("%(time)s ago") % {"time": timesince(value, time_strings=units)}


def percent(part: float, whole: float) -> int | None:
    """`part` of `whole` as a whole percentage between 0 and 100, None when there is no whole.

    Every ratio shown as a percentage goes through here, so none can read "106%": a part that
    outgrows its whole (more meetings held than the cadence expected) counts as all of it. A
    caller whose part can honestly exceed the whole must cap it per item first (see
    `insights.selectors.metrics._meetings`), not rely on this clamp alone.
    """
    if whole <= 0:
        return None
    return max(0, min(100, round(100 * part / whole)))


# --- dates in Python-built sentences (templates use |date:"DATE_FORMAT" etc. directly) -------


def day(value: dt.date) -> str:
    """'3 Dec 2026': a day, in the one date format (upward/formats)."""
    return formats.date_format(value, "DATE_FORMAT")


def soon(value: dt.date) -> str:
    """'Thu 3 Dec': a day in the coming weeks."""
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def moment(value: dt.datetime) -> str:
    """'3 Dec 2026, 14:30': a moment, in the active time zone."""
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def when(value: dt.datetime) -> str:
    """'Thu 3 Dec, 14:30': a moment in the coming days, in the active time zone."""
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
