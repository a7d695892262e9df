"""The events an endpoint may subscribe to, in the words a receiver reads.

Each name is what a delivery's `event` field says; the lower apps declare the underlying
`upward.events` names, and `subscriptions.py` maps them onto these.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Names are machine values (never translated); descriptions are shown on the pages.
EVENT_TYPES: dict[str, str | Promise] = {
    "pair.created": _("A match run was published and a leader and a mentor became a pair."),
    "pair.closed": _("A pair completed the program, or one of them ended it early (status says)."),
    "meeting.scheduled": _("A meeting was put in a pair's calendar (one delivery per meeting)."),
    "meeting.held": _("A pair marked a meeting as held."),
    "action.published": _("A leader put an action on the program's follow-through board."),
    "survey.opened": _("A coordinator published a custom survey."),
    "survey.closed": _("A coordinator closed a custom survey."),
    "match_run.published": _("A coordinator published a match run; its pairs are listed."),
    "person.deactivated": _("The directory import marked someone as having left."),
}

EVENT_CHOICES = [(name, name) for name in EVENT_TYPES]
