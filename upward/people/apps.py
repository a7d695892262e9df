from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "upward.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        # The one import that must wait for the app registry: see subscriptions.py.
        from upward.people.subscriptions import connect

        connect()
