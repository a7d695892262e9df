"""What feedback tells the apps above it (`upward.events`; docs/architecture.md).

Each name is declared here, at import time, so a subscriber that imports this module can never
miss it. The payloads are surveys, never responses: nothing about who answered what.
"""

from __future__ import annotations

from upward import events

SURVEY_OPENED = events.declare(
    "survey.opened",
    "survey=Survey: a coordinator published a custom survey; its audience is being asked.",
)
SURVEY_CLOSED = events.declare(
    "survey.closed",
    "survey=Survey: a coordinator closed a custom survey; it takes no more answers.",
)
