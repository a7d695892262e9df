from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PrivacyConfig(AppConfig):
    name = "upward.privacy"
    label = "privacy"
    verbose_name = gettext_lazy("Personal data")

    def ready(self) -> None:
        # The one import that must wait for the app registry: see subscriptions.py.
        from upward.privacy.subscriptions import connect

        connect()
