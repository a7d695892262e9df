"""What accounts reacts to: its navigation entry (docs/architecture.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from upward import events
from upward.access import ORG_ADMIN
from upward.home import NavEntry
from upward.people.events import NAV_ENTRIES


def connect() -> None:
    events.subscribe(
        NAV_ENTRIES, NavEntry(gettext_lazy("Accounts"), "accounts:list", {ORG_ADMIN}, order=35)
    )
