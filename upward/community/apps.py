from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "upward.community"
    label = "community"
    verbose_name = "Community"

    def ready(self) -> None:
        # The one import that must wait for the app registry: see subscriptions.py.
        from upward.community.subscriptions import connect

        connect()
