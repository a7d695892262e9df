from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "upward.community"
    label = "community"
    verbose_name = "Community"

    def ready(self) -> None:
        from upward import events
        from upward.access import COORDINATOR, LEADER, MENTOR, SPONSOR
        from upward.community.calendar import checkin_events_for
        from upward.community.services import (
            celebration_for_action_refresh,
            celebration_on_pair_closed,
        )
        from upward.mentoring.events import ACTION_BOARD_CHANGED, PAIR_CLOSED
        from upward.notifications.calendar import CALENDAR_EVENTS
        from upward.people.context_processors import register_nav

        events.subscribe(CALENDAR_EVENTS, checkin_events_for)
        events.subscribe(ACTION_BOARD_CHANGED, celebration_for_action_refresh)
        events.subscribe(PAIR_CLOSED, celebration_on_pair_closed)
        register_nav("Community", "community:index", {LEADER, MENTOR, COORDINATOR, SPONSOR})
