from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "upward.feedback"
    label = "feedback"
    verbose_name = "Surveys"

    def ready(self) -> None:
        # The one import that must wait for the app registry: see subscriptions.py.
        from upward.feedback.subscriptions import connect

        connect()
