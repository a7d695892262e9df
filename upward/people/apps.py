from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "upward.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from upward.home import register_home_panel
        from upward.people.panels import calendar_panel, directory_panel

        register_home_panel(directory_panel)
        register_home_panel(calendar_panel)
