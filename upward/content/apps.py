from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "upward.content"
    label = "content"
    verbose_name = "Learning content"

    def ready(self) -> None:
        # The one import that must wait for the app registry: see subscriptions.py.
        from upward.content.subscriptions import connect

        connect()
