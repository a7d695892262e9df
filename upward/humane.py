"""Words for numbers and times, as people write them (a template builtin, see settings).

"1 pairs", "invitation(s)" and "0 minutes ago" read as machine output; these helpers pick the
singular or plural and say "just now" for the last minute.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import ngettext

register = template.Library()


def count(n: int, singular: str, plural: str) -> str:
    """'1 invitation', '3 invitations' (the plural form is given: English is irregular)."""
    return ngettext("%(n)d " + singular, "%(n)d " + plural, n) % {"n": n}


@register.filter
def ago(value: dt.datetime | None) -> str:
    """'just now' within the last minute, else '5 minutes ago', '2 days, 3 hours ago'."""
    if value is None:
        return ""
    if timezone.now() - value < dt.timedelta(minutes=1):
        return "just now"
    return f"{timesince(value)} ago"
