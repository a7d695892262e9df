from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "upward.content"
    label = "content"
    verbose_name = "Learning content"

    def ready(self) -> None:
        from upward import events
        from upward.content import selectors
        from upward.home import NavEntry
        from upward.mentoring import events as mentoring_events
        from upward.people.events import NAV_ENTRIES

        events.subscribe(mentoring_events.AGENDA_SUGGESTIONS, selectors.agenda_suggestions)
        events.subscribe(mentoring_events.AGENDA_PROMPT, selectors.prompt_by_id)
        events.subscribe(mentoring_events.AGENDA_TEMPLATE, selectors.agenda_template_items)
        events.subscribe(NAV_ENTRIES, NavEntry("Learn", "content:index"))
