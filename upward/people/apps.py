from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "upward.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which are not loaded yet
        # when Django imports an AppConfig.
        from upward import events
        from upward.access import COORDINATOR, ORG_ADMIN
        from upward.home import NavEntry
        from upward.people.events import HOME_PANELS, NAV_ENTRIES
        from upward.people.panels import calendar_panel, directory_panel

        events.subscribe(NAV_ENTRIES, NavEntry("Home", "home", order=0))
        events.subscribe(
            NAV_ENTRIES, NavEntry("Directory", "people:list", {ORG_ADMIN, COORDINATOR}, order=20)
        )
        events.subscribe(NAV_ENTRIES, NavEntry("Import", "people:import", {ORG_ADMIN}, order=30))
        events.subscribe(HOME_PANELS, directory_panel)
        events.subscribe(HOME_PANELS, calendar_panel)
