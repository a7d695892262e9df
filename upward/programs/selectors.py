"""Reads of programs and participants, scoped by role."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from upward.people.models import User
from upward.programs.models import Participant


def program_roles_of(*, user: User | AnonymousUser) -> set[str]:
    """Program-level roles: coordinator/sponsor by assignment, leader/mentor by opting in."""
    if not user.is_authenticated:
        return set()
    roles: set[str] = set(
        Participant.objects.filter(user=user, status=Participant.Status.OPTED_IN)
        .values_list("role", flat=True)
        .distinct()
    )
    if user.coordinated_programs.exists():
        roles.add("coordinator")
    if user.sponsored_programs.exists():
        roles.add("sponsor")
    return roles
