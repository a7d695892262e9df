from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "upward.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from upward import events
        from upward.home import NavEntry
        from upward.notifications.checkins import subscribe as follow_checkins
        from upward.notifications.meetings import subscribe as follow_meetings
        from upward.notifications.panels import recent_notifications_panel
        from upward.notifications.rules import load_builtin_rules
        from upward.people.events import HOME_PANELS, NAV_ENTRIES

        load_builtin_rules()
        follow_meetings()
        follow_checkins()
        events.subscribe(NAV_ENTRIES, NavEntry("Notifications", "notifications:list"))
        events.subscribe(HOME_PANELS, recent_notifications_panel)
