from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "upward.programs"
    label = "programs"

    def ready(self) -> None:
        from upward.home import register_home_panel
        from upward.people.context_processors import register_nav
        from upward.people.roles import COORDINATOR, ORG_ADMIN, SPONSOR
        from upward.programs.checks import open_concerns, unsigned_charters
        from upward.programs.panels import coordinator_panel, interest_panel, participant_panel
        from upward.programs.services import register_closing_check

        register_nav(
            "Programs", "programs:list", {ORG_ADMIN, COORDINATOR, SPONSOR}, before="people:list"
        )
        register_home_panel(participant_panel)
        register_home_panel(coordinator_panel)
        register_home_panel(interest_panel)
        # "No closing with unsigned work unless confirmed": these warnings need a confirmation.
        register_closing_check(unsigned_charters)
        register_closing_check(open_concerns)
