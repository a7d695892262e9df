from django.apps import AppConfig


class DemoConfig(AppConfig):
    # An installed app only so that `upward demo` is found; it has no models.
    name = "upward.demo"
    label = "demo"
    verbose_name = "Demo data"
