"""What mentoring tells the apps above it (`upward.events`; docs/architecture.md).

Mentoring sits below content, community, notifications and insights, so it never imports them:
it publishes these events and those apps subscribe in their `AppConfig.ready()`. Each name is
declared here, at import time, so a subscriber that imports this module can never miss it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from upward import events


@dataclass(frozen=True)
class AgendaSuggestions:
    """An answer to `agenda.suggestions`. Prompts have `pk`, `text` and `topic` (or None);
    templates have `slug` and `name` (the meeting page's template reads them)."""

    prompts: Sequence[Any]
    templates: Sequence[Any]


# --- announcements (subscribers react; answers are ignored) ----------------------------------

PAIR_MESSAGE_POSTED = events.declare(
    "pair.message_posted",
    "message=Message, recipient_id=int, batch_id=int: a member wrote in the pair's thread; the "
    "other member (recipient_id, a user id) has unread messages since batch_id (the oldest "
    "unread one), so one notification per unread batch, never the text.",
)
PAIR_MESSAGES_READ = events.declare(
    "pair.messages_read",
    "pair=Pair, user_id=int: the member read the thread; a notification still waiting to be "
    "sent about it is no longer needed.",
)

MEETING_SCHEDULED = events.declare(
    "meeting.scheduled",
    "meeting=Meeting: one meeting was put in the pair's calendar (not part of a series).",
)
MEETINGS_SCHEDULED = events.declare(
    "meetings.scheduled",
    "meetings=list[Meeting]: a series of meetings was created at once (past ones included).",
)
MEETING_MOVED = events.declare(
    "meeting.moved",
    "meeting=Meeting: a scheduled meeting got a new time, length or place (SEQUENCE bumped).",
)
MEETING_CANCELLED = events.declare(
    "meeting.cancelled",
    "meeting=Meeting: a scheduled meeting was cancelled (by a member, or as its pair ended).",
)
ACTION_BOARD_CHANGED = events.declare(
    "action.board_changed",
    "action=Action: an action that is on the follow-through board (or was just taken off it) "
    "changed: published, unpublished, its status or its credit.",
)
PAIR_CREATED = events.declare(
    "pair.created",
    "pair=Pair: a new active pair (a published match run made it).",
)
PAIR_ENDED = events.declare(
    "pair.ended",
    "pair=Pair: one of the two ended the pair early (no-fault exit; `ended_by` says which side).",
)
PAIR_ENDING_EARLY = events.declare(
    "pair.ending_early",
    "pair=Pair: one of the two chose to end the pair before the program does (with a reason "
    "for their partner, `early_end_by` says which side); final reflections open for the pair.",
)
PAIR_NUDGED = events.declare(
    "pair.nudged",
    "nudge=PairNudge: a coordinator sent a nudge to both members of a pair. Answer: how many "
    "people it goes to (in the app and by email, quiet hours respected); a subscriber raises "
    "ServiceError to refuse it (the program's nudges are paused), which undoes the record.",
)
CONCERN_ANSWERED = events.declare(
    "concern.answered",
    "concern=Concern, entry=ConcernEntry: a coordinator replied to a concern or changed its "
    "status (resolved it, with a resolution note); the raiser is told that there is news, "
    "never what it says (a concern is confidential; the text stays in the app).",
)
MEETING_HELD = events.declare(
    "meeting.held",
    "meeting=Meeting: a member marked a meeting as held.",
)
ACTION_PUBLISHED = events.declare(
    "action.published",
    "action=Action: a leader put an action on the follow-through board (not re-announced when "
    "an already published action changes; `action.board_changed` covers that).",
)
PAIR_CLOSED = events.declare(
    "pair.closed",
    "pair=Pair, celebrate=bool: a pair completed the program (both answered, or its "
    "coordinators closed it); celebrate is False when it never met.",
)

# --- collectors (subscribers answer; mentoring uses the answers) -----------------------------

AGENDA_SUGGESTIONS = events.declare(
    "agenda.suggestions",
    "stage=str ('first' | 'middle' | 'closing'), topic_ids=list[int], limit=int -> "
    "AgendaSuggestions: at most `limit` prompts, and the agenda templates, for a meeting page.",
)
AGENDA_PROMPT = events.declare(
    "agenda.prompt",
    "prompt_id=str | int -> a prompt (`pk`, `text`) or None: one prompt of the library, to "
    "add to an agenda.",
)
AGENDA_TEMPLATE = events.declare(
    "agenda.template",
    "slug=str -> list[str] | None: the items of an agenda template.",
)
MEETING_CALENDAR_FILE = events.declare(
    "meeting.calendar_file",
    "meeting=Meeting -> bytes: the meeting as an iCalendar file, for the room's download link.",
)
