from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "upward.api"
    label = "api"
