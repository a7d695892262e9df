"""Who may open a concern's case: the person who raised it, and the program's coordinators.

Nobody else, whatever their role: the partner in the pair, the sponsor, org admins and other
programs' coordinators get `Http404`, so a concern's existence never leaks.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from upward.access.programs import is_program_coordinator
from upward.access.roles import COORDINATOR, AnyUser
from upward.mentoring.models import Concern
from upward.people.models import User

RAISER = "raiser"


@dataclass(frozen=True)
class ConcernAccess:
    concern: Concern
    role: str  # "raiser" or "coordinator"

    @property
    def is_coordinator(self) -> bool:
        return self.role == COORDINATOR

    @property
    def hides_raiser(self) -> bool:
        """The viewer must not learn who raised it (an anonymous concern, seen by a
        coordinator)."""
        return self.is_coordinator and self.concern.anonymous


def concern_access(*, user: AnyUser, concern_id: int) -> ConcernAccess:
    """The raiser (their own case) or a coordinator of its program; anyone else: 404."""
    if not isinstance(user, User) or not user.is_authenticated:
        raise Http404(_("No such concern."))
    concern = (
        Concern.objects.select_related(
            "program", "raised_by", "pair__leader__person", "pair__mentor__person"
        )
        .filter(pk=concern_id)
        .first()
    )
    if concern is None:
        raise Http404(_("No such concern."))
    if concern.raised_by_id == user.pk:
        return ConcernAccess(concern=concern, role=RAISER)
    if is_program_coordinator(user=user, program=concern.program):
        return ConcernAccess(concern=concern, role=COORDINATOR)
    raise Http404(_("No such concern."))


def require_concern_coordinator(*, actor: AnyUser, concern: Concern) -> None:
    """Status changes, resolutions and notes are the coordinators' (404 for anyone else; the
    raiser only replies)."""
    if not concern_access(user=actor, concern_id=concern.pk).is_coordinator:
        raise Http404(_("No such concern."))
