"""The events an endpoint may subscribe to, in the words a receiver reads.

Each name is what a delivery's `event` field says; the lower apps declare the underlying
`upward.events` names, and `subscriptions.py` maps them onto these.
"""

from __future__ import annotations

EVENT_TYPES: dict[str, str] = {
    "pair.created": "A match run was published and a leader and a mentor became a pair.",
    "pair.closed": "A pair completed the program, or one of them ended it early (status says).",
    "meeting.scheduled": "A meeting was put in a pair's calendar (one delivery per meeting).",
    "meeting.held": "A pair marked a meeting as held.",
    "action.published": "A leader put an action on the program's follow-through board.",
    "survey.opened": "A coordinator published a custom survey.",
    "survey.closed": "A coordinator closed a custom survey.",
    "match_run.published": "A coordinator published a match run; its pairs are listed.",
    "person.deactivated": "The directory import marked someone as having left.",
}

EVENT_CHOICES = [(name, name) for name in EVENT_TYPES]
