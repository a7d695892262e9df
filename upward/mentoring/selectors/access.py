"""Moved to `upward.access`; re-exported here until every caller imports there."""

from upward.access.pairs import (
    PairAccess,
    member_participations,
    member_role,
    pair_access,
    pair_for_member,
    pairs_for_coordinator,
    pairs_of_member,
    pairs_with_people,
    partner_of,
)
from upward.access.programs import (
    is_program_coordinator,
    program_space_role,
    programs_in_space_of,
)
from upward.access.roles import COORDINATOR, LEADER, MENTOR, SPONSOR, AnyUser

PARTICIPANT = "participant"

__all__ = [
    "COORDINATOR",
    "LEADER",
    "MENTOR",
    "PARTICIPANT",
    "SPONSOR",
    "AnyUser",
    "PairAccess",
    "is_program_coordinator",
    "member_participations",
    "member_role",
    "pair_access",
    "pair_for_member",
    "pairs_for_coordinator",
    "pairs_of_member",
    "pairs_with_people",
    "partner_of",
    "program_space_role",
    "programs_in_space_of",
]
