from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PeopleConfig(AppConfig):
    name = "upward.people"
    label = "people"
    verbose_name = gettext_lazy("People")

    def ready(self) -> None:
        # The one import that must wait for the app registry: see subscriptions.py.
        from upward.people.subscriptions import connect

        connect()
