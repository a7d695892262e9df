"""Moved to `upward.access.roles`; this module re-exports it until every caller imports there."""

from upward.access.roles import (
    COORDINATOR,
    LEADER,
    MENTOR,
    ORG_ADMIN,
    ROLE_LABELS,
    SPONSOR,
    Roles,
    can_browse_directory,
    can_manage_directory,
    user_roles,
)

__all__ = [
    "COORDINATOR",
    "LEADER",
    "MENTOR",
    "ORG_ADMIN",
    "ROLE_LABELS",
    "SPONSOR",
    "Roles",
    "can_browse_directory",
    "can_manage_directory",
    "user_roles",
]
