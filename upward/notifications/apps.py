from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "upward.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # The one import that must wait for the app registry: see subscriptions.py.
        from upward.notifications.subscriptions import connect

        connect()
        # A person's language is read once per sign-in into the session (upward/i18n.py).
        from django.contrib.auth.signals import user_logged_in

        from upward.i18n import on_sign_in

        user_logged_in.connect(on_sign_in, dispatch_uid="upward.i18n.on_sign_in")
