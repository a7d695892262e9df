from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "upward.programs"
    label = "programs"

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which are not loaded yet
        # when Django imports an AppConfig.
        from upward import events
        from upward.access import COORDINATOR, ORG_ADMIN, SPONSOR
        from upward.home import NavEntry
        from upward.people.events import HOME_PANELS, NAV_ENTRIES
        from upward.programs.panels import coordinator_panel, interest_panel, participant_panel

        # Before the directory: a coordinator's first stop.
        programs = NavEntry(
            "Programs", "programs:list", {ORG_ADMIN, COORDINATOR, SPONSOR}, order=10
        )
        events.subscribe(NAV_ENTRIES, programs)
        events.subscribe(HOME_PANELS, participant_panel)
        events.subscribe(HOME_PANELS, coordinator_panel)
        events.subscribe(HOME_PANELS, interest_panel)
