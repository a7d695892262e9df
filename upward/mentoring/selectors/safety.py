"""Concerns, rematch requests and closing choices, as the people concerned may see them."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from upward.access import AnyUser, is_program_coordinator, member_role
from upward.mentoring.models import ClosureChoice, Concern, Pair
from upward.programs.models import Participant, Program

# --- safety ----------------------------------------------------------------------------------


def concerns_visible(*, user: AnyUser) -> QuerySet[Concern]:
    """The person who raised it, and the coordinators of its program. Never the partner."""
    if not user.is_authenticated:
        return Concern.objects.none()
    return (
        Concern.objects.filter(Q(raised_by=user) | Q(program__coordinators=user))
        .select_related("program", "pair", "raised_by")
        .distinct()
    )


def concerns_for_coordinator(*, user: AnyUser) -> QuerySet[Concern]:
    if not user.is_authenticated:
        return Concern.objects.none()
    return Concern.objects.filter(program__coordinators=user).select_related(
        "program", "raised_by", "pair__leader__person", "pair__mentor__person"
    )


def concern_inbox_programs(*, user: AnyUser) -> QuerySet[Program]:
    """The programs whose concerns the user reads: those they coordinate (none for others)."""
    if not user.is_authenticated:
        return Program.objects.none()
    return Program.objects.filter(coordinators=user)


def programs_with_concern_inbox(*, user: AnyUser) -> QuerySet[Program]:
    """The same, for the inbox page: it does not exist (404) for anyone coordinating none."""
    programs = concern_inbox_programs(user=user)
    if not programs.exists():
        raise Http404("No such page.")
    return programs


def concern_for_coordinator(*, user: AnyUser, concern_id: int) -> Concern:
    concern = concerns_for_coordinator(user=user).filter(pk=concern_id).first()
    if concern is None:
        raise Http404("No such concern.")
    return concern


def participants_wanting_rematch(*, user: AnyUser, program: Program) -> list[Participant]:
    """For coordinators: people whose pair ended early and who asked for a new partner."""
    if not is_program_coordinator(user=user, program=program):
        return []
    ended = Pair.objects.filter(program=program, status=Pair.Status.ENDED)
    ids = {
        *ended.filter(leader_wants_rematch=True).values_list("leader_id", flat=True),
        *ended.filter(mentor_wants_rematch=True).values_list("mentor_id", flat=True),
    }
    busy = {
        *Pair.objects.filter(program=program, status=Pair.Status.ACTIVE).values_list(
            "leader_id", flat=True
        ),
        *Pair.objects.filter(program=program, status=Pair.Status.ACTIVE).values_list(
            "mentor_id", flat=True
        ),
    }
    return list(
        Participant.objects.filter(pk__in=ids - busy).select_related("person").order_by("role")
    )


def closure_choices_of(*, user: AnyUser, pair: Pair) -> QuerySet[ClosureChoice]:
    """Each person's closing reflection is shared within the pair, like a last shared note."""
    if member_role(user=user, pair=pair) is None:
        return ClosureChoice.objects.none()
    return pair.closure_choices.all()
