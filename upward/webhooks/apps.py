from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "upward.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        # The one import that must wait for the app registry: see subscriptions.py.
        from upward.webhooks.subscriptions import connect

        connect()
