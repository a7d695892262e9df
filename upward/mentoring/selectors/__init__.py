"""Reads for mentoring, scoped by role through `upward.access`.

The rules (ARCHITECTURE.md): the two members of a pair see their pair's content; a private note
or private growth entry is seen by its author only, ever; a coordinator of the pair's program
sees HEALTH (dates, counts, statuses) and published actions/entries, never content; sponsors see
published actions and aggregates; org admins have no special access to pairs. Everybody else
gets nothing (views answer 404 so they do not even learn that the object exists).

The reads live in sub-modules by sub-domain; the access rules (who is who, which pairs a user
may open) are in `upward.access`, which every read here asks. Everything public is re-exported
here, so callers import `upward.mentoring.selectors`.
"""

from __future__ import annotations

from upward.mentoring.selectors.board import (
    Theme,
    board_shows_names,
    program_for_board,
    program_themes,
    published_actions,
    published_growth_entries,
)
from upward.mentoring.selectors.charters import (
    charter_of,
)
from upward.mentoring.selectors.closing import (
    ClosingOverview,
    ClosingRow,
    closing_invitation_for,
    closing_open_for,
    closing_overview,
    program_for_closing,
    programs_ending_for,
)
from upward.mentoring.selectors.health import (
    PairHealth,
    ScheduledMeetings,
    last_planned_meeting,
    meetings_awaiting_outcome,
    next_meeting,
    pair_health,
    pairs_health,
    scheduled_meetings,
)
from upward.mentoring.selectors.journal import (
    action_for_member,
    actions_of,
    growth_entries_visible,
    growth_entry_editable,
    growth_entry_visible,
    insights_of,
    learning_goals_list,
    learning_goals_of,
    note_editable,
    note_visible,
    notes_visible,
    open_actions_of,
    reflections_visible,
)
from upward.mentoring.selectors.meetings import (
    PROMPTS_SHOWN,
    agenda_of,
    agenda_prompt,
    agenda_suggestions,
    agenda_template_items,
    meeting_calendar_file,
    meeting_for_member,
    meeting_stage,
    meetings_list,
    meetings_of,
)
from upward.mentoring.selectors.messages import (
    MessagePage,
    messages_page,
    unread_messages,
)
from upward.mentoring.selectors.safety import (
    ConcernCase,
    RematchWish,
    closure_choices_of,
    concern_case,
    concern_for_coordinator,
    concern_inbox_programs,
    concerns_for_coordinator,
    concerns_visible,
    participants_wanting_rematch,
    programs_with_concern_inbox,
    rematch_wishes,
    rematch_wishes_in,
)

__all__ = [
    "PROMPTS_SHOWN",
    "ClosingOverview",
    "ClosingRow",
    "ConcernCase",
    "MessagePage",
    "PairHealth",
    "RematchWish",
    "ScheduledMeetings",
    "Theme",
    "action_for_member",
    "actions_of",
    "agenda_of",
    "agenda_prompt",
    "agenda_suggestions",
    "agenda_template_items",
    "board_shows_names",
    "charter_of",
    "closing_invitation_for",
    "closing_open_for",
    "closing_overview",
    "closure_choices_of",
    "concern_case",
    "concern_for_coordinator",
    "concern_inbox_programs",
    "concerns_for_coordinator",
    "concerns_visible",
    "growth_entries_visible",
    "growth_entry_editable",
    "growth_entry_visible",
    "insights_of",
    "last_planned_meeting",
    "learning_goals_list",
    "learning_goals_of",
    "meeting_calendar_file",
    "meeting_for_member",
    "meeting_stage",
    "meetings_awaiting_outcome",
    "meetings_list",
    "meetings_of",
    "messages_page",
    "next_meeting",
    "note_editable",
    "note_visible",
    "notes_visible",
    "open_actions_of",
    "pair_health",
    "pairs_health",
    "participants_wanting_rematch",
    "program_for_board",
    "program_for_closing",
    "program_themes",
    "programs_ending_for",
    "programs_with_concern_inbox",
    "published_actions",
    "published_growth_entries",
    "reflections_visible",
    "rematch_wishes",
    "rematch_wishes_in",
    "scheduled_meetings",
    "unread_messages",
]
