from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "upward.mentoring"
    label = "mentoring"
