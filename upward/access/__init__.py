"""Who may see and do what: THE one place.

Three questions, one module each:
- `roles`: which roles a user holds (organisation flags, program assignments, participation);
- `programs`: how strongly a user may open a program ("manage", "summary", "participant");
- `pairs`: whether a user is in a pair (content) or coordinates its program (health only).

One policy everywhere, pages and API alike: what a user may not see does not exist for them
(`Http404`), so nobody can probe which programs, pairs or surveys exist. Services that read or
write on someone's behalf take the `actor` and ask these functions; views and API endpoints
never decide access themselves.

`access` sits below every app: it reads the apps' *models* (and nothing else of theirs), so
that every app's services and selectors may ask it. import-linter keeps it so (`make lint`).
"""

from __future__ import annotations

from upward.access.concerns import (
    RAISER,
    ConcernAccess,
    concern_access,
    require_concern_coordinator,
)
from upward.access.pairs import (
    PairAccess,
    member_pairs,
    member_participations,
    member_role,
    pair_access,
    pair_for_coordinator,
    pair_for_member,
    pairs_for_coordinator,
    pairs_of_member,
    partner_of,
    require_member,
    require_pair_coordinator,
    require_writer,
)
from upward.access.programs import (
    MANAGE,
    PARTICIPANT,
    SUMMARY,
    ProgramAccess,
    can_manage,
    can_manage_surveys,
    can_record_behaviour_change,
    can_view_health,
    can_view_insights,
    is_program_coordinator,
    participant_of,
    participations_of,
    participations_of_person_visible_to,
    program_access,
    program_for,
    program_get,
    program_open_to_apply,
    program_space_role,
    programs_for_health,
    programs_for_insights,
    programs_in_space_of,
    programs_managed_by,
    programs_open_to,
    programs_visible_to,
    require_manage,
    space_shows_people,
)
from upward.access.requests import AuthedRequest, account
from upward.access.roles import (
    COORDINATOR,
    LEADER,
    MENTOR,
    ORG_ADMIN,
    ROLE_LABELS,
    SPONSOR,
    AnyUser,
    Roles,
    can_browse_directory,
    can_create_program,
    can_handle_personal_data,
    can_manage_accounts,
    can_manage_directory,
    can_read_audit_log,
    can_register_webhooks,
    coordinator_like,
    is_org_admin,
    user_roles,
)

__all__ = [
    "COORDINATOR",
    "LEADER",
    "MANAGE",
    "MENTOR",
    "ORG_ADMIN",
    "PARTICIPANT",
    "RAISER",
    "ROLE_LABELS",
    "SPONSOR",
    "SUMMARY",
    "AnyUser",
    "AuthedRequest",
    "ConcernAccess",
    "PairAccess",
    "ProgramAccess",
    "Roles",
    "account",
    "can_browse_directory",
    "can_create_program",
    "can_handle_personal_data",
    "can_manage",
    "can_manage_accounts",
    "can_manage_directory",
    "can_manage_surveys",
    "can_read_audit_log",
    "can_record_behaviour_change",
    "can_register_webhooks",
    "can_view_health",
    "can_view_insights",
    "concern_access",
    "coordinator_like",
    "is_org_admin",
    "is_program_coordinator",
    "member_pairs",
    "member_participations",
    "member_role",
    "pair_access",
    "pair_for_coordinator",
    "pair_for_member",
    "pairs_for_coordinator",
    "pairs_of_member",
    "participant_of",
    "participations_of",
    "participations_of_person_visible_to",
    "partner_of",
    "program_access",
    "program_for",
    "program_get",
    "program_open_to_apply",
    "program_space_role",
    "programs_for_health",
    "programs_for_insights",
    "programs_in_space_of",
    "programs_managed_by",
    "programs_open_to",
    "programs_visible_to",
    "require_concern_coordinator",
    "require_manage",
    "require_member",
    "require_pair_coordinator",
    "require_writer",
    "space_shows_people",
    "user_roles",
]
