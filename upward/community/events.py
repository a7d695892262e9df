"""What community asks the apps above it (`upward.events`; docs/architecture.md).

Community sits below notifications, so it never imports it: the check-in page asks for its
calendar file through this event, and notifications (which owns calendar files) answers.
"""

from __future__ import annotations

from upward import events

CHECKIN_CALENDAR_FILE = events.declare(
    "checkin.calendar_file",
    "checkin=CheckIn -> bytes: the group check-in as an .ics file (METHOD:PUBLISH).",
)
CELEBRATION_POSTED = events.declare(
    "celebration.posted",
    "post=Post: the platform posted a new celebration in a program space (names only where the "
    "people concerned agreed).",
)
CHECKIN_SCHEDULED = events.declare(
    "checkin.scheduled",
    "checkin=CheckIn: a coordinator planned a group check-in for the whole program.",
)
