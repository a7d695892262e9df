"""Reads for mentoring, scoped by role. THE one place that decides who sees what of a pair.

The rules (ARCHITECTURE.md): the two members of a pair see their pair's content; a private note
or private growth entry is seen by its author only, ever; a coordinator of the pair's program
sees HEALTH (dates, counts, statuses) and published actions/entries, never content; sponsors see
published actions and aggregates; org admins have no special access to pairs. Everybody else
gets nothing (views answer 404 so they do not even learn that the object exists).

The reads live in sub-modules by sub-domain; the access rules (who is who, which pairs a user
may open) are all in `access`. Everything public is re-exported here, so callers keep importing
`upward.mentoring.selectors`.
"""

from __future__ import annotations

from upward.mentoring.selectors.access import (
    COORDINATOR,
    LEADER,
    MENTOR,
    PARTICIPANT,
    SPONSOR,
    AnyUser,
    PairAccess,
    is_program_coordinator,
    member_participations,
    member_role,
    pair_access,
    pair_for_member,
    pairs_for_coordinator,
    pairs_of_member,
    partner_of,
    program_space_role,
    programs_in_space_of,
)
from upward.mentoring.selectors.board import (
    Theme,
    program_themes,
    published_actions,
    published_growth_entries,
)
from upward.mentoring.selectors.closing import (
    ClosingOverview,
    ClosingRow,
    closing_invitation_for,
    closing_overview,
    program_for_closing,
    programs_ending_for,
)
from upward.mentoring.selectors.content import (
    action_for_member,
    actions_of,
    agenda_of,
    charter_of,
    closure_choices_of,
    growth_entries_visible,
    growth_entry_editable,
    growth_entry_visible,
    insights_of,
    learning_goals_of,
    meeting_for_member,
    meetings_of,
    note_editable,
    note_visible,
    notes_visible,
    reflections_visible,
)
from upward.mentoring.selectors.health import (
    QUIET_DAYS,
    PairHealth,
    meetings_awaiting_outcome,
    next_meeting,
    pair_health,
)
from upward.mentoring.selectors.safety import (
    concern_for_coordinator,
    concerns_for_coordinator,
    concerns_visible,
    participants_wanting_rematch,
)

__all__ = [
    "COORDINATOR",
    "LEADER",
    "MENTOR",
    "PARTICIPANT",
    "QUIET_DAYS",
    "SPONSOR",
    "AnyUser",
    "ClosingOverview",
    "ClosingRow",
    "PairAccess",
    "PairHealth",
    "Theme",
    "action_for_member",
    "actions_of",
    "agenda_of",
    "charter_of",
    "closing_invitation_for",
    "closing_overview",
    "closure_choices_of",
    "concern_for_coordinator",
    "concerns_for_coordinator",
    "concerns_visible",
    "growth_entries_visible",
    "growth_entry_editable",
    "growth_entry_visible",
    "insights_of",
    "is_program_coordinator",
    "learning_goals_of",
    "meeting_for_member",
    "meetings_awaiting_outcome",
    "meetings_of",
    "member_participations",
    "member_role",
    "next_meeting",
    "note_editable",
    "note_visible",
    "notes_visible",
    "pair_access",
    "pair_for_member",
    "pair_health",
    "pairs_for_coordinator",
    "pairs_of_member",
    "participants_wanting_rematch",
    "partner_of",
    "program_for_closing",
    "program_space_role",
    "program_themes",
    "programs_ending_for",
    "programs_in_space_of",
    "published_actions",
    "published_growth_entries",
    "reflections_visible",
]
