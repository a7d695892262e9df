from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "upward.content"
    label = "content"
    verbose_name = "Learning content"

    def ready(self) -> None:
        from upward.people.context_processors import register_nav

        register_nav("Learn", "content:index", set())
