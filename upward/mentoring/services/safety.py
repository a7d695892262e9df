"""Safety and closure: confidential concerns, no-fault exit, rematch, and a good ending."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from upward.mentoring.models import ClosureChoice, Concern, Pair
from upward.mentoring.selectors import LEADER, AnyUser, is_program_coordinator
from upward.mentoring.services.common import RoomError, account, require_member, require_open
from upward.mentoring.services.meetings import meetings_cancel_upcoming
from upward.people.models import User


def concern_raise(*, pair: Pair, user: AnyUser, text: str) -> Concern:
    """Goes to the program's coordinators only; allowed even after the pair has ended."""
    role = require_member(user=user, pair=pair)
    text = (text or "").strip()
    if not text:
        raise RoomError("Tell the coordinators what is going on.", field="text")
    return Concern.objects.create(
        program=pair.program, pair=pair, raised_by=account(user), role=role, text=text[:5000]
    )


def concern_update(*, concern: Concern, user: AnyUser, status: str, note: str = "") -> Concern:
    if not is_program_coordinator(user=user, program=concern.program):
        raise PermissionDenied("Only the program's coordinators handle concerns.")
    if status not in Concern.Status.values:
        raise RoomError(f"Choose one of: {', '.join(Concern.Status.values)}.", field="status")
    concern.status = status
    if note.strip():
        concern.coordinator_note = note.strip()
    concern.handled_by = user  # type: ignore[assignment]
    concern.updated_at = timezone.now()
    concern.save()
    return concern


@transaction.atomic
def pair_exit(*, pair: Pair, user: AnyUser, wants_rematch: bool) -> Pair:
    """No-fault exit: either person ends the pair, no reason asked, and may ask for a rematch."""
    role = require_member(user=user, pair=pair)
    require_open(pair)
    pair.status = Pair.Status.ENDED
    pair.ended_by = role
    pair.ended_on = timezone.localdate()
    if role == LEADER:
        pair.leader_wants_rematch = wants_rematch
    else:
        pair.mentor_wants_rematch = wants_rematch
    pair.save(
        update_fields=[
            "status",
            "ended_by",
            "ended_on",
            "leader_wants_rematch",
            "mentor_wants_rematch",
        ]
    )
    meetings_cancel_upcoming(pair=pair, role=role, reason="The pair ended.")
    return pair


def rematch_request(*, pair: Pair, user: AnyUser, wants_rematch: bool = True) -> Pair:
    """After a pair ended early, each person may still ask to be matched again."""
    role = require_member(user=user, pair=pair)
    if pair.status != Pair.Status.ENDED:
        raise RoomError("A rematch is offered when a pair ends early.", status=409)
    field = "leader_wants_rematch" if role == LEADER else "mentor_wants_rematch"
    setattr(pair, field, wants_rematch)
    pair.save(update_fields=[field])
    return pair


@transaction.atomic
def closure_submit(
    *,
    pair: Pair,
    user: AnyUser,
    choice: str,
    final_reflection: str,
    celebrate_by_name: bool = False,
) -> ClosureChoice:
    """Each person's closing choice; once both have answered, the pair closes."""
    role = require_member(user=user, pair=pair)
    require_open(pair)
    if choice not in ClosureChoice.Next.values:
        raise RoomError("Choose what you would like next.", field="choice")
    if not (final_reflection or "").strip():
        raise RoomError("A sentence or two is enough.", field="final_reflection")
    closure, _ = ClosureChoice.objects.update_or_create(
        pair=pair,
        role=role,
        defaults={
            "user": user,
            "choice": choice,
            "final_reflection": final_reflection.strip(),
            "celebrate_by_name": celebrate_by_name,
        },
    )
    if pair.closure_choices.count() == 2:
        pair_close(pair=pair)
    return closure


@transaction.atomic
def pair_close(*, pair: Pair, closed_by: User | None = None, celebrate: bool = True) -> Pair:
    """The natural end: read-only room, future meetings cancelled, a celebration posted.

    closed_by is the coordinator who closed it with the program (None: both people answered).
    """
    from upward.community.services import celebration_for_closure

    if not pair.is_open:
        return pair
    pair.status = Pair.Status.CLOSED
    pair.ended_on = timezone.localdate()
    pair.closed_by = closed_by
    pair.save(update_fields=["status", "ended_on", "closed_by"])
    meetings_cancel_upcoming(pair=pair, role="", reason="The pair completed the program.")
    if celebrate:
        celebration_for_closure(pair=pair)
    return pair
