from django.apps import AppConfig

from upward.home import register_home_panel


class InsightsConfig(AppConfig):
    name = "upward.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which Django loads only
        # after every AppConfig is created (the one kind of local import that must stay).
        from upward.access import COORDINATOR, ORG_ADMIN, SPONSOR
        from upward.insights.panels import health_panel, impact_panel
        from upward.people.context_processors import register_nav

        register_home_panel(health_panel)
        register_home_panel(impact_panel)
        register_nav("Insights", "insights:index", {COORDINATOR, SPONSOR, ORG_ADMIN})
