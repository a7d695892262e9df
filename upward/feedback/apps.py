from django.apps import AppConfig

from upward import events


class FeedbackConfig(AppConfig):
    name = "upward.feedback"
    label = "feedback"
    verbose_name = "Surveys"

    def ready(self) -> None:
        # Imported once the app registry is ready: these modules load models.
        from upward.access import LEADER, MENTOR
        from upward.feedback.panels import surveys_panel
        from upward.home import NavEntry
        from upward.people.events import HOME_PANELS, NAV_ENTRIES

        events.subscribe(HOME_PANELS, surveys_panel)
        events.subscribe(NAV_ENTRIES, NavEntry("Surveys", "feedback:mine", {LEADER, MENTOR}))
