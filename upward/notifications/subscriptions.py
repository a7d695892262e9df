"""What notifications reacts to: its subscriptions to other apps' events (docs/architecture.md).

Connected once by `NotificationsConfig.ready()`; kept out of apps.py so that its imports can sit
at the top of a module (they load models, which Django allows only once the app registry is ready).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from upward import events
from upward.community.events import CELEBRATION_POSTED, CHECKIN_SCHEDULED
from upward.feedback.events import SURVEY_OPENED
from upward.home import NavEntry
from upward.mentoring.events import PAIR_MESSAGE_POSTED, PAIR_MESSAGES_READ
from upward.notifications.chat_messages import (
    celebration_post,
    checkin_planned_post,
    survey_opened_post,
)
from upward.notifications.checkins import subscribe as follow_checkins
from upward.notifications.followup import subscribe as follow_coordinators
from upward.notifications.meetings import subscribe as follow_meetings
from upward.notifications.pair_endings import subscribe as follow_pair_endings
from upward.notifications.pair_messages import pair_message_notice, pair_messages_read
from upward.notifications.panels import recent_notifications_panel
from upward.notifications.rules import load_builtin_rules
from upward.people.events import HOME_PANELS, NAV_ENTRIES


def connect() -> None:
    load_builtin_rules()
    follow_meetings()
    follow_pair_endings()
    follow_checkins()
    follow_coordinators()
    # Program messages for the program's chat channel (Slack or Teams), if it has one.
    events.subscribe(SURVEY_OPENED, survey_opened_post)
    events.subscribe(CHECKIN_SCHEDULED, checkin_planned_post)
    events.subscribe(CELEBRATION_POSTED, celebration_post)
    # A partner's message in the pair's thread: one notice per unread batch, quiet hours kept.
    events.subscribe(PAIR_MESSAGE_POSTED, pair_message_notice)
    events.subscribe(PAIR_MESSAGES_READ, pair_messages_read)
    events.subscribe(NAV_ENTRIES, NavEntry(gettext_lazy("Notifications"), "notifications:list"))
    events.subscribe(HOME_PANELS, recent_notifications_panel)
