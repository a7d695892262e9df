from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "upward.content"
    label = "content"
