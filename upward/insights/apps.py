from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "upward.insights"
    label = "insights"
