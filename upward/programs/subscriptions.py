"""What programs reacts to: its subscriptions to other apps' events (docs/architecture.md).

Connected once by `ProgramsConfig.ready()`; kept out of apps.py so that its imports can sit at the
top of a module (they load models, which Django allows only once the app registry is ready).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from upward import events
from upward.access import COORDINATOR, ORG_ADMIN, SPONSOR
from upward.home import NavEntry
from upward.people.events import HOME_PANELS, NAV_ENTRIES
from upward.programs.panels import (
    coordinator_panel,
    interest_panel,
    open_enrolment_panel,
    participant_panel,
)


def connect() -> None:
    programs = NavEntry(_("Programs"), "programs:list", {ORG_ADMIN, COORDINATOR, SPONSOR}, order=10)
    events.subscribe(NAV_ENTRIES, programs)
    events.subscribe(HOME_PANELS, participant_panel)
    events.subscribe(HOME_PANELS, coordinator_panel)
    events.subscribe(HOME_PANELS, interest_panel)
    events.subscribe(HOME_PANELS, open_enrolment_panel)
