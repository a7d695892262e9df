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
    """The zone a person reads times in: their own choice (Notifications → Settings) when they
    made one, else the directory's. Pages, emails and reminders then agree, and a change moves
    the display of every future meeting at once (times are stored in UTC)."""
    # The reverse one-to-one of notifications' preference row, read without importing that
    # higher app; a missing row raises AttributeError's subclass, so getattr answers None.
    chosen = getattr(getattr(user, "delivery_preference", None), "timezone", "")
    if chosen:
        return zone(chosen)
    return person_zone(getattr(user, "person", None))


def participant_zone(participant: object) -> ZoneInfo:
    """A pair member's zone as they see it (their account's choice, else the directory's)."""
    user = getattr(participant, "user", None)
    person = getattr(participant, "person", None)
    if user is not None:
        chosen = getattr(getattr(user, "delivery_preference", None), "timezone", "")
        if chosen:
            return zone(chosen)
        if person is None or getattr(user, "person_id", None) != person.pk:
            person = getattr(user, "person", None)
        # else: the account's directory person is the one already loaded (no second read).
    return person_zone(person)
