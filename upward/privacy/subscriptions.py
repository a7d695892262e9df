"""What privacy reacts to: its subscriptions to other apps' events (docs/architecture.md).

Connected once by `PrivacyConfig.ready()`; kept out of apps.py so that its imports can sit at the
top of a module (they load models, which Django allows only once the app registry is ready).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from upward import events
from upward.access import ORG_ADMIN
from upward.home import NavEntry
from upward.notifications.scheduling import SCHEDULER_TICK
from upward.people.events import NAV_ENTRIES
from upward.privacy.tasks import retention_on_tick


def connect() -> None:
    events.subscribe(SCHEDULER_TICK, retention_on_tick)
    events.subscribe(
        NAV_ENTRIES, NavEntry(gettext_lazy("Audit log"), "privacy:audit", {ORG_ADMIN}, order=190)
    )
