"""What community reacts to: its subscriptions to other apps' events (docs/architecture.md).

Connected once by `CommunityConfig.ready()`; kept out of apps.py so that its imports can sit at the
top of a module (they load models, which Django allows only once the app registry is ready).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from upward import events
from upward.access import COORDINATOR, LEADER, MENTOR, SPONSOR
from upward.community.services import (
    celebration_for_action_refresh,
    celebration_on_pair_closed,
)
from upward.home import NavEntry
from upward.mentoring.events import ACTION_BOARD_CHANGED, PAIR_CLOSED
from upward.people.events import NAV_ENTRIES


def connect() -> None:
    events.subscribe(ACTION_BOARD_CHANGED, celebration_for_action_refresh)
    events.subscribe(PAIR_CLOSED, celebration_on_pair_closed)
    community = NavEntry(_("Community"), "community:index", {LEADER, MENTOR, COORDINATOR, SPONSOR})
    events.subscribe(NAV_ENTRIES, community)
