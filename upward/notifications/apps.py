from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "upward.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from upward.home import register_home_panel
        from upward.notifications.checkins import subscribe as follow_checkins
        from upward.notifications.meetings import subscribe as follow_meetings
        from upward.notifications.panels import recent_notifications_panel
        from upward.notifications.rules import load_builtin_rules
        from upward.people.context_processors import register_nav

        load_builtin_rules()
        follow_meetings()
        follow_checkins()
        register_nav("Notifications", "notifications:list", set())
        register_home_panel(recent_notifications_panel)
