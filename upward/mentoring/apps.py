from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "upward.mentoring"
    label = "mentoring"
    verbose_name = "Mentoring"

    def ready(self) -> None:
        # The one import that must wait for the app registry: see subscriptions.py.
        from upward.mentoring.subscriptions import connect

        connect()
