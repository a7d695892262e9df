"""The page frame every app contributes to: home page panels and navigation entries.

Apps answer two events in their `AppConfig.ready()`, declared in `upward.people.events` (people
is the lowest app, and draws the frame):

    events.subscribe(HOME_PANELS, pair_panel)        # (request) -> Panel | None; None hides it
    events.subscribe(NAV_ENTRIES, NavEntry(_("My pair"), "mentoring:index", {LEADER, MENTOR}))

Labels and titles are made once, at start-up, so they are lazy translations (`gettext_lazy as
_`): each page renders them in its reader's language. This module only holds the two shapes,
so that any app may build them.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass
class Panel:
    # Lazy translations are welcome (gettext_lazy): they are rendered in the reader's language.
    title: str | Promise
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
    # Spans the page's width (a panel of charts).
    wide: bool = False
    # Static files the panel needs (paths under static/), loaded once by the home page: no
    # inline script or style (strict CSP).
    scripts: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()


@dataclass(frozen=True)
class NavEntry:
    """A navigation entry, shown to users holding one of `roles` (everyone signed in when empty),
    sorted by `order` (then by subscription order).

    An entry is its own subscriber: it answers NAV_ENTRIES with itself, and being a value,
    subscribing the same entry twice is a no-op."""

    label: str | Promise
    url_name: str
    roles: Set[str] = frozenset()
    order: int = 100

    def __call__(self) -> NavEntry:
        return self
