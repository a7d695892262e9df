"""Who wants which channel, and when they want to be left alone (quiet hours, local time)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings

from upward.notifications.models import Channel
from upward.people.models import User

CHUNK = 900  # below SQLite's default limit of host parameters per statement


def zone(name: str | None) -> ZoneInfo:
    """A time zone by name; an unknown or empty name falls back to the site's zone, then UTC."""
    for candidate in (name, settings.TIME_ZONE, "UTC"):
        if not candidate:
            continue
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("UTC")


@dataclass(frozen=True)
class EffectivePreference:
    user_id: int
    active: bool
    email: bool
    in_app: bool
    quiet_start: dt.time | None
    quiet_end: dt.time | None
    timezone: str
    # True only when the person turned chat on, saved a URL, and the organisation still offers
    # their provider: a provider withdrawn in settings stops chat without touching the row.
    chat: bool = False

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.timezone)

    def channels(self) -> list[str]:
        if not self.active:
            return []
        wanted = []
        if self.email:
            wanted.append(Channel.EMAIL.value)
        if self.in_app:
            wanted.append(Channel.IN_APP.value)
        if self.chat:
            wanted.append(Channel.CHAT.value)
        return wanted

    def quiet_until(self, now: dt.datetime) -> dt.datetime | None:
        return quiet_until(start=self.quiet_start, end=self.quiet_end, tz=self.tz, now=now)


def quiet_until(
    *, start: dt.time | None, end: dt.time | None, tz: ZoneInfo, now: dt.datetime
) -> dt.datetime | None:
    """When the quiet period that contains `now` ends, or None if `now` is not quiet.

    Quiet hours may span midnight (22:00–07:00). Equal start and end mean "no quiet hours".
    """
    if start is None or end is None or start == end:
        return None
    local = now.astimezone(tz)
    moment = local.time().replace(tzinfo=None)
    # A window like 22:00–07:00 wraps around midnight.
    quiet = start <= moment < end if start < end else (moment >= start or moment < end)
    if not quiet:
        return None
    day = local.date() if moment < end else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, end, tzinfo=tz).astimezone(dt.UTC)


def chat_providers_offered() -> list[str]:
    """The chat apps the organisation offers for personal reminders (PERSONAL_CHAT_PROVIDERS)."""
    known = {"slack", "teams"}
    offered = getattr(settings, "PERSONAL_CHAT_PROVIDERS", None) or []
    return [p for p in dict.fromkeys(offered) if p in known]


def preferences_for(user_ids: Iterable[int]) -> dict[int, EffectivePreference]:
    """Everyone's effective preferences in a few queries (the sweep handles thousands)."""
    ids = sorted(set(user_ids))
    offered = chat_providers_offered()
    result: dict[int, EffectivePreference] = {}
    for start in range(0, len(ids), CHUNK):
        rows = User.objects.filter(pk__in=ids[start : start + CHUNK]).values_list(
            "pk",
            "is_active",
            "person__timezone",
            "delivery_preference__email_enabled",
            "delivery_preference__in_app_enabled",
            "delivery_preference__quiet_start",
            "delivery_preference__quiet_end",
            "delivery_preference__timezone",
            "delivery_preference__chat_enabled",
            "delivery_preference__chat_provider",
            "delivery_preference__chat_webhook_url",
        )
        for row in rows:
            pk, active, person_tz, email, in_app, q_start, q_end, pref_tz = row[:8]
            chat_on, chat_provider, chat_url = row[8:]
            result[pk] = EffectivePreference(
                user_id=pk,
                active=bool(active),
                email=True if email is None else email,
                in_app=True if in_app is None else in_app,
                quiet_start=q_start,
                quiet_end=q_end,
                timezone=pref_tz or person_tz or settings.TIME_ZONE,
                chat=bool(chat_on and chat_url and chat_provider in offered),
            )
    return result


def preference_for(user: User) -> EffectivePreference:
    found = preferences_for([user.pk]).get(user.pk)
    if found is None:  # an unsaved user: the defaults
        return EffectivePreference(user.pk, True, True, True, None, None, settings.TIME_ZONE)
    return found
