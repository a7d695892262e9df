"""The reminder rules: small functions that say who should be nudged about what, and when.

A rule is `rule(now) -> Iterable[Reminder]`. It looks at the database as of `now` and yields one
`Reminder` per recipient for every occasion it knows about that is due or nearly due. The sweep
(`upward.notifications.sweep.reminders_sweep`) keeps the ones with `due_at <= now` that have not
expired, drops paused programs, expands each into one delivery per channel the person wants, and
records them under their unique keys, so a rule may yield the same reminder on every sweep
without anyone being nudged twice. docs/notifications.md explains how to add one.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse

ContextValue = dict[str, Any] | Callable[[], dict[str, Any]]


@dataclass(frozen=True)
class Reminder:
    """One nudge for one person.

    `key` names the occasion and the recipient (e.g. "meeting_soon:m12:t1764000000:u5"); the
    sweep appends the channel. Change the key when the occasion changes (a meeting moved to a
    new time deserves a new reminder). `context` is JSON-serialisable; keys ending in `_at` hold
    ISO datetimes and reach the templates as datetimes in the recipient's time zone. It may be a
    callable when building it is costly: it is only called for reminders not yet recorded.
    """

    user_id: int
    key: str
    template: str
    context: ContextValue = field(default_factory=dict, compare=False)
    due_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    expires_at: dt.datetime | None = None
    program_id: int | None = None

    @property
    def kind(self) -> str:
        return self.template

    def resolved_context(self) -> dict[str, Any]:
        return self.context() if callable(self.context) else dict(self.context)


Rule = Callable[[dt.datetime], Iterable[Reminder]]
RULES: dict[str, Rule] = {}

# Modules whose import registers the built-in rules (see NotificationsConfig.ready()).
BUILTIN_RULE_MODULES = [
    "upward.notifications.rules.meetings",
    "upward.notifications.rules.charters",
    "upward.notifications.rules.actions",
    "upward.notifications.rules.surveys",
    "upward.notifications.rules.health",
    "upward.notifications.rules.invitations",
    "upward.notifications.rules.digest",
    "upward.notifications.rules.consultations",
    "upward.notifications.rules.closing",
    "upward.notifications.followup",
]


def register_rule(kind: str) -> Callable[[Rule], Rule]:
    """Register `func` as the rule for `kind` (also the template name of its messages)."""

    def decorator(func: Rule) -> Rule:
        RULES[kind] = func
        return func

    return decorator


def load_builtin_rules() -> None:
    for module in BUILTIN_RULE_MODULES:
        importlib.import_module(module)


# Helpers the rules share -------------------------------------------------------------------


def iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight UTC of `day`: date-based rules become due then (quiet hours keep nights calm)."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)


def url_for(name: str, *args: object, fallback: str = "/") -> str:
    """A path for links in messages; another app's page may not exist yet, so fall back."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


def stamp(value: dt.datetime) -> int:
    """A compact, stable number for keys (seconds since the epoch)."""
    return int(value.timestamp())
