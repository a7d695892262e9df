"""Who a user is, role by role. The single place that answers "what may this person see?"."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from upward.people.models import User

ORG_ADMIN = "org_admin"
COORDINATOR = "coordinator"
SPONSOR = "sponsor"
LEADER = "leader"
MENTOR = "mentor"

ROLE_LABELS = {
    ORG_ADMIN: "Org admin",
    COORDINATOR: "Coordinator",
    SPONSOR: "Sponsor",
    LEADER: "Leader",
    MENTOR: "Mentor",
}


@dataclass(frozen=True)
class Roles:
    names: frozenset[str]

    def __contains__(self, role: object) -> bool:
        return role in self.names

    @property
    def labels(self) -> list[str]:
        return [ROLE_LABELS[r] for r in ROLE_LABELS if r in self.names]


def user_roles(user: User | AnonymousUser) -> Roles:
    """Organisation roles from the account flags, program roles from participation."""
    if not user.is_authenticated:
        return Roles(frozenset())
    cached: Roles | None = getattr(user, "_upward_roles", None)
    if cached is not None:
        return cached
    names: set[str] = set()
    if user.is_org_admin or user.is_superuser:
        names.add(ORG_ADMIN)
    if user.is_coordinator:
        names.add(COORDINATOR)
    if user.is_sponsor:
        names.add(SPONSOR)
    # Program-level roles; imported lazily because programs depends on people, not the reverse.
    from upward.programs.selectors import program_roles_of

    names |= program_roles_of(user=user)
    roles = Roles(frozenset(names))
    # Cached on the user object for the rest of the request.
    user._upward_roles = roles  # type: ignore[union-attr,attr-defined]
    return roles


def can_manage_directory(user: User | AnonymousUser) -> bool:
    return ORG_ADMIN in user_roles(user)


def can_browse_directory(user: User | AnonymousUser) -> bool:
    """Coordinators browse the directory to invite people; leaders and mentors do not."""
    roles = user_roles(user)
    return ORG_ADMIN in roles or COORDINATOR in roles
