from django.apps import AppConfig

from upward import events


class InsightsConfig(AppConfig):
    name = "upward.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which Django loads only
        # after every AppConfig is created (the one kind of local import that must stay).
        from upward.access import COORDINATOR, ORG_ADMIN, SPONSOR
        from upward.home import NavEntry
        from upward.insights.panels import health_panel, impact_panel
        from upward.people.events import HOME_PANELS, NAV_ENTRIES

        events.subscribe(HOME_PANELS, health_panel)
        events.subscribe(HOME_PANELS, impact_panel)
        insights = NavEntry("Insights", "insights:index", {COORDINATOR, SPONSOR, ORG_ADMIN})
        events.subscribe(NAV_ENTRIES, insights)
