"""Who is who in a pair and its program, and which pairs a user may open: THE access rules.

Every other selectors module builds on these; a rule about who may see a pair at all lives here
and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from upward.mentoring.models import Pair
from upward.people.models import User
from upward.programs.models import Participant, Program

AnyUser = User | AnonymousUser

LEADER = "leader"
MENTOR = "mentor"
COORDINATOR = "coordinator"
SPONSOR = "sponsor"
PARTICIPANT = "participant"


# --- who is who ------------------------------------------------------------------------------


def _participant_is(user: AnyUser, participant: Participant) -> bool:
    if not user.is_authenticated:
        return False
    if participant.user_id is not None:
        return participant.user_id == user.pk
    # Accounts are sometimes created after enrolment: fall back to the directory person.
    return user.person_id is not None and participant.person_id == user.person_id  # type: ignore[union-attr]


def member_role(*, user: AnyUser, pair: Pair) -> str | None:
    """'leader' or 'mentor' when the user is one of the two people in the pair, else None."""
    if _participant_is(user, pair.leader):
        return LEADER
    if _participant_is(user, pair.mentor):
        return MENTOR
    return None


def is_program_coordinator(*, user: AnyUser, program: Program) -> bool:
    if not user.is_authenticated:
        return False
    return program.coordinators.filter(pk=user.pk).exists()


def program_space_role(*, user: AnyUser, program: Program) -> str | None:
    """Who may enter a program's shared space (community, follow-through board)."""
    if not user.is_authenticated:
        return None
    if is_program_coordinator(user=user, program=program):
        return COORDINATOR
    if member_participations(user).filter(program=program).exists():
        return PARTICIPANT
    if program.sponsor_id == user.pk:
        return SPONSOR
    return None


def member_participations(user: AnyUser) -> QuerySet[Participant]:
    if not user.is_authenticated:
        return Participant.objects.none()
    condition = Q(user=user)
    if user.person_id:  # type: ignore[union-attr]
        condition |= Q(user__isnull=True, person_id=user.person_id)  # type: ignore[union-attr]
    return Participant.objects.filter(condition).exclude(status=Participant.Status.WITHDRAWN)


def programs_in_space_of(*, user: AnyUser) -> QuerySet[Program]:
    if not user.is_authenticated:
        return Program.objects.none()
    program_ids = member_participations(user).values("program_id")
    return Program.objects.filter(
        Q(coordinators=user) | Q(pk__in=program_ids) | Q(sponsor=user)
    ).distinct()


# --- pairs -----------------------------------------------------------------------------------


def _pairs() -> QuerySet[Pair]:
    return Pair.objects.select_related(
        "program", "leader__person", "mentor__person", "leader__user", "mentor__user"
    )


def pairs_of_member(*, user: AnyUser) -> QuerySet[Pair]:
    """The pairs the user is in, newest first."""
    participations = member_participations(user)
    return _pairs().filter(Q(leader__in=participations) | Q(mentor__in=participations))


def pairs_for_coordinator(*, user: AnyUser) -> QuerySet[Pair]:
    """Pairs of the programs the user coordinates (health only; never content)."""
    if not user.is_authenticated:
        return Pair.objects.none()
    return _pairs().filter(program__coordinators=user)


@dataclass(frozen=True)
class PairAccess:
    pair: Pair
    role: str  # leader, mentor or coordinator

    @property
    def is_member(self) -> bool:
        return self.role in (LEADER, MENTOR)

    @property
    def can_write(self) -> bool:
        return self.is_member and self.pair.is_open


def pair_access(*, user: AnyUser, pair_id: int) -> PairAccess:
    """A member (content) or a coordinator of the program (health). Anyone else: 404."""
    pair = _pairs().filter(pk=pair_id).first()
    if pair is None:
        raise Http404("No such pair.")
    role = member_role(user=user, pair=pair)
    if role is not None:
        return PairAccess(pair=pair, role=role)
    if is_program_coordinator(user=user, program=pair.program):
        return PairAccess(pair=pair, role=COORDINATOR)
    raise Http404("No such pair.")


def pair_for_member(*, user: AnyUser, pair_id: int) -> PairAccess:
    """Content access: only the two members. A coordinator is told it does not exist."""
    access = pair_access(user=user, pair_id=pair_id)
    if not access.is_member:
        raise Http404("Pair content is visible to the pair only.")
    return access


def partner_of(*, pair: Pair, role: str) -> Participant:
    return pair.mentor if role == LEADER else pair.leader
