from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "upward.programs"
    label = "programs"

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which are not loaded yet
        # when Django imports an AppConfig.
        from upward.access import COORDINATOR, ORG_ADMIN, SPONSOR
        from upward.home import register_home_panel
        from upward.people.context_processors import register_nav
        from upward.programs.panels import coordinator_panel, interest_panel, participant_panel

        register_nav(
            "Programs", "programs:list", {ORG_ADMIN, COORDINATOR, SPONSOR}, before="people:list"
        )
        register_home_panel(participant_panel)
        register_home_panel(coordinator_panel)
        register_home_panel(interest_panel)
