from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "upward.community"
    label = "community"
