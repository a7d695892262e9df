from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "upward.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        # The one import that must wait for the app registry: see subscriptions.py.
        from upward.insights.subscriptions import connect

        connect()
