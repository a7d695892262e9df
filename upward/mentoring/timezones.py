"""Time zones: we store UTC and show each person their own local time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = dt.UTC


def zone(name: str | None) -> ZoneInfo:
    """A directory time zone, or UTC when the directory has none or a misspelt one."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def person_zone(person: object | None) -> ZoneInfo:
    return zone(getattr(person, "timezone", None))


def user_zone(user: object) -> ZoneInfo:
    return person_zone(getattr(user, "person", None))
