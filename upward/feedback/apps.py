from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "upward.feedback"
    label = "feedback"
    verbose_name = "Surveys"

    def ready(self) -> None:
        from upward.feedback.panels import surveys_panel
        from upward.home import register_home_panel
        from upward.people.context_processors import register_nav
        from upward.people.roles import LEADER, MENTOR

        register_home_panel(surveys_panel)
        register_nav("Surveys", "feedback:mine", {LEADER, MENTOR})
