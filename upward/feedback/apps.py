from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "upward.feedback"
    label = "feedback"
