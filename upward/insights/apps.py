from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "upward.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        from upward.home import register_home_panel
        from upward.insights.panels import health_panel, impact_panel
        from upward.people.context_processors import register_nav
        from upward.people.roles import COORDINATOR, ORG_ADMIN, SPONSOR

        register_home_panel(health_panel)
        register_home_panel(impact_panel)
        register_nav("Insights", "insights:index", {COORDINATOR, SPONSOR, ORG_ADMIN})
