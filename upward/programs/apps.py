from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "upward.programs"
    label = "programs"

    def ready(self) -> None:
        # The one import that must wait for the app registry: see subscriptions.py.
        from upward.programs.subscriptions import connect

        connect()
