from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "upward.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # The one import that must wait for the app registry: see subscriptions.py.
        from upward.notifications.subscriptions import connect

        connect()
