"""Who is who in a pair, and which pairs a user may open.

The two members see their pair's content; a coordinator of the pair's program sees its health
(dates, counts, statuses), never content; everybody else, org admins included, gets `Http404`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from upward.access.programs import (
    is_membership,
    is_program_coordinator,
    names_member,
    own_participations,
)
from upward.access.roles import COORDINATOR, LEADER, MENTOR, AnyUser
from upward.errors import ServiceError
from upward.mentoring.models import Pair
from upward.people.models import User
from upward.programs.models import Participant
from upward.queryshapes import QueryShape


def _participant_is(user: AnyUser, participant: Participant) -> bool:
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return names_member(participant, user)


def member_role(*, user: AnyUser, pair: Pair) -> str | None:
    """'leader' or 'mentor' when the user is one of the two people in the pair, else None."""
    if _participant_is(user, pair.leader):
        return LEADER
    if _participant_is(user, pair.mentor):
        return MENTOR
    return None


def pairs_with_people() -> QuerySet[Pair]:
    """Pairs with their program and both people loaded (callers filter them)."""
    return Pair.objects.select_related(
        "program", "leader__person", "mentor__person", "leader__user", "mentor__user"
    )


# The widest reads of the pages members open most (135 columns), composed once per connection
# (upward/queryshapes.py).
# One pair's read also brings what its room shows of each person: their department, and the
# time zone each chose (the reverse one-to-one of notifications' preferences, named as a string
# so access still imports no app but the models it reads).
_PAIR_BY_ID = QueryShape(
    lambda pk: (
        pairs_with_people()
        .select_related(
            "leader__person__department",
            "mentor__person__department",
            "leader__user__delivery_preference",
            "mentor__user__delivery_preference",
        )
        .filter(pk=pk)
        .order_by()
    )
)
_PAIRS_OF_PARTICIPANTS = QueryShape(
    lambda ids: pairs_with_people().filter(Q(leader_id__in=ids) | Q(mentor_id__in=ids)).order_by()
)


def _member_participation_ids(user: AnyUser) -> list[int]:
    if not isinstance(user, User) or not user.is_authenticated:
        return []
    # From the request's one read of the user's own records (`own_participations`).
    return [p.pk for p in own_participations(user=user) if is_membership(p, user)]


def pairs_of_member(*, user: AnyUser) -> QuerySet[Pair]:
    """The pairs the user is in."""
    # The participations' ids first (one indexed read): as subqueries, the planner guesses a
    # third of all pairs match and hash-joins every participant and account (issue 16).
    ids = _member_participation_ids(user)
    if not ids:
        return Pair.objects.none()
    return pairs_with_people().filter(Q(leader_id__in=ids) | Q(mentor_id__in=ids))


def member_pairs(*, user: AnyUser) -> list[Pair]:
    """`pairs_of_member`, read once per request: the home page's panels (your pair, your past
    pairs, new pairs to meet) all ask. Cached on the user object, like the roles."""
    if not isinstance(user, User) or not user.is_authenticated:
        return []
    cached: list[Pair] | None = getattr(user, "_upward_member_pairs", None)
    if cached is None:
        # Sorted here as the model orders pairs (newest first): an ORDER BY over seven tables'
        # columns cost Django a millisecond of CPU to compose, more than the sort (issue 16).
        ids = _member_participation_ids(user)
        cached = sorted(
            _PAIRS_OF_PARTICIPANTS(ids) if ids else [],
            key=lambda p: (-p.started_on.toordinal(), p.pk),
        )
        user._upward_member_pairs = cached  # type: ignore[attr-defined]  # a per-request memo
    return cached


def pairs_for_coordinator(*, user: AnyUser) -> QuerySet[Pair]:
    """Pairs of the programs the user coordinates (health only; never content)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return Pair.objects.none()
    return pairs_with_people().filter(program__coordinators=user)


def _pair_by_id(pair_id: int) -> Pair | None:
    """One pair with its program and people. Unordered: `.first()` would order by the model's
    ordering, and with seven tables' columns selected Django's ordering pass alone cost a
    millisecond of CPU on every room page (issue 16)."""
    found = _PAIR_BY_ID(pair_id)
    return found[0] if found else None


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
    pair = _pair_by_id(pair_id)
    if pair is None:
        raise Http404(_("No such pair."))
    role = member_role(user=user, pair=pair)
    if role is not None:
        return PairAccess(pair=pair, role=role)
    if is_program_coordinator(user=user, program=pair.program):
        return PairAccess(pair=pair, role=COORDINATOR)
    raise Http404(_("No such pair."))


def pair_for_member(*, user: AnyUser, pair_id: int) -> PairAccess:
    """Content access: only the two members. A coordinator is told it does not exist."""
    access = pair_access(user=user, pair_id=pair_id)
    if not access.is_member:
        raise Http404(_("No such pair."))
    return access


def require_member(*, actor: AnyUser, pair: Pair) -> str:
    """Services writing into a pair call this: the actor's role in it, or 404 for anyone else
    (coordinators included: a pair's content does not exist for them)."""
    role = member_role(user=actor, pair=pair)
    if role is None:
        raise Http404(_("No such pair."))
    return role


def require_writer(*, actor: AnyUser, pair: Pair) -> str:
    """A member of a pair that is still open; a finished pair's room is a read-only record."""
    role = require_member(actor=actor, pair=pair)
    if not pair.is_open:
        raise ServiceError(
            _("This pair has finished, so the room is kept read-only as a record."), status=409
        )
    return role


def partner_of(*, pair: Pair, role: str) -> Participant:
    return pair.mentor if role == LEADER else pair.leader


def pair_for_coordinator(*, user: AnyUser, pair_id: int) -> Pair:
    """The coordinators' follow-up of a pair (nudges, private check-in notes): for the program's
    coordinators only. Everyone else gets 404, the pair's own members included (even one who
    also coordinates the program: nobody reads the coordinators' notes about their own pair)."""
    pair = _pair_by_id(pair_id)
    if pair is None or member_role(user=user, pair=pair) is not None:
        raise Http404(_("No such pair."))
    if not is_program_coordinator(user=user, program=pair.program):
        raise Http404(_("No such pair."))
    return pair


def require_pair_coordinator(*, actor: AnyUser, pair: Pair) -> None:
    """Services of the coordinators' follow-up call this (404 for anyone else, as above)."""
    pair_for_coordinator(user=actor, pair_id=pair.pk)
