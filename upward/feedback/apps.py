from django.apps import AppConfig

from upward.home import register_home_panel


class FeedbackConfig(AppConfig):
    name = "upward.feedback"
    label = "feedback"
    verbose_name = "Surveys"

    def ready(self) -> None:
        # Imported once the app registry is ready: these modules load models.
        from upward.access import LEADER, MENTOR
        from upward.feedback.panels import surveys_panel
        from upward.people.context_processors import register_nav

        register_home_panel(surveys_panel)
        register_nav("Surveys", "feedback:mine", {LEADER, MENTOR})
