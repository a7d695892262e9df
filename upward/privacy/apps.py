from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "upward.privacy"
    label = "privacy"
    verbose_name = "Personal data"

    def ready(self) -> None:
        # The one import that must wait for the app registry: see subscriptions.py.
        from upward.privacy.subscriptions import connect

        connect()
