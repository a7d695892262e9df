"""What people reacts to: its subscriptions to other apps' events (docs/architecture.md).

Connected once by `PeopleConfig.ready()`; kept out of apps.py so that its imports can sit at the
top of a module (they load models, which Django allows only once the app registry is ready).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from upward import events
from upward.access import COORDINATOR, ORG_ADMIN
from upward.home import NavEntry
from upward.people.events import HOME_PANELS, NAV_ENTRIES
from upward.people.panels import calendar_panel, directory_panel


def connect() -> None:
    events.subscribe(NAV_ENTRIES, NavEntry(gettext_lazy("Home"), "home", order=0))
    events.subscribe(
        NAV_ENTRIES,
        NavEntry(gettext_lazy("Directory"), "people:list", {ORG_ADMIN, COORDINATOR}, order=20),
    )
    events.subscribe(
        NAV_ENTRIES, NavEntry(gettext_lazy("Import"), "people:import", {ORG_ADMIN}, order=30)
    )
    events.subscribe(HOME_PANELS, directory_panel)
    events.subscribe(HOME_PANELS, calendar_panel)
