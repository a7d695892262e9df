from django.apps import AppConfig

from upward import events
from upward.mentoring.events import ACTION_BOARD_CHANGED, PAIR_CLOSED


class CommunityConfig(AppConfig):
    name = "upward.community"
    label = "community"
    verbose_name = "Community"

    def ready(self) -> None:
        # Imported once the app registry is ready: these modules load models.
        from upward.access import COORDINATOR, LEADER, MENTOR, SPONSOR
        from upward.community.services import (
            celebration_for_action_refresh,
            celebration_on_pair_closed,
        )
        from upward.home import NavEntry
        from upward.people.events import NAV_ENTRIES

        # Mentoring (below) announces; the program space celebrates. Check-ins reach calendars
        # through notifications (above), which reads them itself: see notifications.checkins.
        events.subscribe(ACTION_BOARD_CHANGED, celebration_for_action_refresh)
        events.subscribe(PAIR_CLOSED, celebration_on_pair_closed)
        community = NavEntry("Community", "community:index", {LEADER, MENTOR, COORDINATOR, SPONSOR})
        events.subscribe(NAV_ENTRIES, community)
