from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "upward.community"
    label = "community"
    verbose_name = "Community"

    def ready(self) -> None:
        from upward.community.calendar import checkin_events_for
        from upward.notifications.calendar import register_event_source
        from upward.people.context_processors import register_nav
        from upward.people.roles import COORDINATOR, LEADER, MENTOR, SPONSOR

        register_event_source(checkin_events_for)
        register_nav("Community", "community:index", {LEADER, MENTOR, COORDINATOR, SPONSOR})
