"""Which roles a user holds: organisation roles from account flags, program roles from
assignment (coordinator, sponsor of a program) and participation (leader, mentor)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from upward.people.models import User
from upward.programs.models import Participant, Program

AnyUser = User | AnonymousUser

ORG_ADMIN = "org_admin"
COORDINATOR = "coordinator"
SPONSOR = "sponsor"
LEADER = "leader"
MENTOR = "mentor"

ROLE_LABELS: dict[str, Promise] = {
    ORG_ADMIN: pgettext_lazy("role", "Org admin"),
    COORDINATOR: pgettext_lazy("role", "Coordinator"),
    SPONSOR: pgettext_lazy("role", "Sponsor"),
    LEADER: pgettext_lazy("role", "Leader"),
    MENTOR: pgettext_lazy("role", "Mentor"),
}


@dataclass(frozen=True)
class Roles:
    names: frozenset[str]

    def __contains__(self, role: object) -> bool:
        return role in self.names

    @property
    def labels(self) -> list[str]:
        return [str(ROLE_LABELS[r]) for r in ROLE_LABELS if r in self.names]


@cache
def _program_roles_sql() -> str:
    """The roles query's text, made once per process. Identifiers only, from the models'
    metadata, quoted by the database backend; every value is a parameter."""
    quote = connection.ops.quote_name
    participant = Participant._meta
    through = Program.coordinators.through._meta
    program = Program._meta

    def column(meta: Any, field: str) -> str:
        return str(quote(meta.get_field(field).column))

    taking_part = (
        f"SELECT 1 FROM {quote(participant.db_table)} WHERE {column(participant, 'user')} = %s"  # noqa: S608
        f" AND {column(participant, 'status')} = %s AND {column(participant, 'role')} = %s"
    )
    return (
        f"SELECT EXISTS({taking_part}), EXISTS({taking_part}),"  # noqa: S608
        f" EXISTS(SELECT 1 FROM {quote(through.db_table)} WHERE {column(through, 'user')} = %s),"
        f" EXISTS(SELECT 1 FROM {quote(program.db_table)} WHERE {column(program, 'sponsor')} = %s)"
    )


def _program_roles(user: User) -> set[str]:
    """Coordinator/sponsor by assignment to a program, leader/mentor by opting in.

    One query on every page (the navigation asks): four EXISTS on indexed columns. Written as
    SQL because it is the hottest query there is: composed by the ORM on every request, it cost
    more CPU than running it (issue 16, docs/benchmarks.md).
    """
    me: int = user.pk
    opted_in = str(Participant.Status.OPTED_IN.value)
    leader, mentor = str(Participant.Role.LEADER.value), str(Participant.Role.MENTOR.value)
    params: list[int | str] = [me, opted_in, leader, me, opted_in, mentor, me, me]
    with connection.cursor() as cursor:
        cursor.execute(_program_roles_sql(), params)
        found = cursor.fetchone()
    named = zip((LEADER, MENTOR, COORDINATOR, SPONSOR), found, strict=True)
    return {role for role, held in named if held}


def user_roles(user: AnyUser) -> Roles:
    """Every role the user holds, computed once per request (cached on the user object)."""
    if not isinstance(user, User) or not user.is_authenticated:
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
    names |= _program_roles(user)
    roles = Roles(frozenset(names))
    user._upward_roles = roles  # type: ignore[attr-defined]  # a per-request memo, not a field
    return roles


def is_org_admin(user: AnyUser) -> bool:
    return ORG_ADMIN in user_roles(user)


def can_manage_directory(user: AnyUser) -> bool:
    return ORG_ADMIN in user_roles(user)


def can_browse_directory(user: AnyUser) -> bool:
    """Coordinators browse the directory to invite people; leaders and mentors do not."""
    return coordinator_like(user)


def can_handle_personal_data(user: AnyUser) -> bool:
    """Exporting or erasing everything Upward holds about a person: org admins only (a
    coordinator, sponsor, leader or mentor is told the page does not exist)."""
    return ORG_ADMIN in user_roles(user)


def can_read_audit_log(user: AnyUser) -> bool:
    """The audit log (imports, publishes, role changes, exports, erasures): org admins only."""
    return ORG_ADMIN in user_roles(user)


def coordinator_like(user: AnyUser) -> bool:
    roles = user_roles(user)
    return ORG_ADMIN in roles or COORDINATOR in roles


def can_register_webhooks(user: AnyUser) -> bool:
    """Org admins and coordinators connect other systems; what each endpoint hears is limited
    to the programs its owner manages (`upward.webhooks.services`)."""
    return coordinator_like(user)


def can_create_program(user: AnyUser) -> bool:
    """Org admins, and people whose account carries the coordinator flag."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return is_org_admin(user) or user.is_coordinator


def can_manage_accounts(user: AnyUser) -> bool:
    """Accounts and roles (invite, grant, deactivate, SCIM tokens): org admins only."""
    return ORG_ADMIN in user_roles(user)
