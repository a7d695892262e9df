"""What content reacts to: its subscriptions to other apps' events (docs/architecture.md).

Connected once by `ContentConfig.ready()`; kept out of apps.py so that its imports can sit at the
top of a module (they load models, which Django allows only once the app registry is ready).
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from upward import events
from upward.content import selectors
from upward.home import NavEntry
from upward.mentoring import events as mentoring_events
from upward.people.events import NAV_ENTRIES


def connect() -> None:
    events.subscribe(mentoring_events.AGENDA_SUGGESTIONS, selectors.agenda_suggestions)
    events.subscribe(mentoring_events.AGENDA_PROMPT, selectors.prompt_by_id)
    events.subscribe(mentoring_events.AGENDA_TEMPLATE, selectors.agenda_template_items)
    events.subscribe(NAV_ENTRIES, NavEntry(pgettext_lazy("navigation", "Learn"), "content:index"))
