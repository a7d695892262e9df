"""What feedback reacts to: its subscriptions to other apps' events (docs/architecture.md).

Connected once by `FeedbackConfig.ready()`; kept out of apps.py so that its imports can sit at the
top of a module (they load models, which Django allows only once the app registry is ready).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from upward import events
from upward.access import LEADER, MENTOR
from upward.feedback.panels import surveys_panel
from upward.feedback.selectors.surveys import program_has_survey_answers
from upward.feedback.services.release import (
    release_when_program_closes,
    restore_after_threshold_raised,
)
from upward.home import NavEntry
from upward.people.events import HOME_PANELS, NAV_ENTRIES
from upward.programs.events import ANSWERS_GIVEN, PHASE_CHANGED, THRESHOLD_RAISED


def connect() -> None:
    events.subscribe(HOME_PANELS, surveys_panel)
    events.subscribe(ANSWERS_GIVEN, program_has_survey_answers)
    events.subscribe(PHASE_CHANGED, release_when_program_closes)
    events.subscribe(THRESHOLD_RAISED, restore_after_threshold_raised)
    events.subscribe(
        NAV_ENTRIES, NavEntry(gettext_lazy("Surveys"), "feedback:mine", {LEADER, MENTOR})
    )
