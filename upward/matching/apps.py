from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "upward.matching"
    label = "matching"

    def ready(self) -> None:
        # The one import that must wait for the app registry: see subscriptions.py.
        from upward.matching.subscriptions import connect

        connect()
