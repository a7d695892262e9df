"""Closing a program's pairs (coordinators): the overview and who is invited to close."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from upward.access import (
    LEADER,
    MENTOR,
    AnyUser,
    can_manage,
    program_for,
    program_get,
    programs_managed_by,
)
from upward.access.pairs import pairs_with_people
from upward.mentoring.models import (
    ClosureChoice,
    Pair,
)
from upward.programs.models import Program

# --- closing a program (coordinators) ---------------------------------------------------------


@dataclass
class ClosingRow:
    """One pair at the program's end. The final reflections stay with the pair; what each
    person wants next is shared with the coordinators so they can act on it."""

    pair: Pair
    leader_next: str | None  # the choice's label, None while unanswered
    mentor_next: str | None

    @property
    def answered(self) -> int:
        return (self.leader_next is not None) + (self.mentor_next is not None)


@dataclass
class ClosingOverview:
    program: Program
    rows: list[ClosingRow]

    @property
    def open_rows(self) -> list[ClosingRow]:
        return [r for r in self.rows if r.pair.is_open]

    @property
    def invited(self) -> int:
        return sum(1 for r in self.open_rows if r.pair.closing_invited_at is not None)

    @property
    def closed(self) -> int:
        return sum(1 for r in self.rows if r.pair.status == Pair.Status.CLOSED)


def program_for_closing(
    *, user: AnyUser, slug: str | None = None, program_id: int | None = None
) -> Program:
    """The program (by slug or id) if the user manages it (coordinators, org admins); else 404."""
    if program_id is not None:
        return program_for(user=user, program_id=program_id, manage=True)
    return program_get(user=user, slug=slug or "", manage=True)


def closing_overview(*, user: AnyUser, program: Program) -> ClosingOverview:
    if not can_manage(user=user, program=program):
        raise Http404("No such program.")
    pairs = list(
        pairs_with_people()
        .filter(program=program)
        .exclude(status=Pair.Status.ENDED)
        .order_by("leader__person__name")
    )
    # Plain strings in the reader's language (the API's schema wants str, not a lazy label).
    labels = {value: str(label) for value, label in ClosureChoice.Next.choices}
    answers = {
        (pair_id, role): labels.get(choice, choice)
        for pair_id, role, choice in ClosureChoice.objects.filter(
            pair__in=[p.pk for p in pairs]
        ).values_list("pair_id", "role", "choice")
    }
    rows = [
        ClosingRow(
            pair=p, leader_next=answers.get((p.pk, LEADER)), mentor_next=answers.get((p.pk, MENTOR))
        )
        for p in pairs
    ]
    return ClosingOverview(program=program, rows=rows)


def programs_ending_for(*, user: AnyUser) -> QuerySet[Program]:
    """Programs in their closing or closed phase that the user manages and that have pairs."""
    return (
        programs_managed_by(user=user)
        .filter(phase__in=[Program.Phase.CLOSING, Program.Phase.CLOSED], pairs__isnull=False)
        .distinct()
        .order_by("name")
    )


def closing_open_for(*, pair: Pair) -> bool:
    """Whether the pair may write its final reflections now: the program is ending, or the two
    chose to end early. Never as a side effect of anything else."""
    return pair.ending_early or closing_invitation_for(pair=pair)


def closing_invitation_for(*, pair: Pair) -> bool:
    """Whether the room should invite its two people to close (the program is ending)."""
    return pair.is_open and (
        pair.closing_invited_at is not None
        or pair.program.phase in (Program.Phase.CLOSING, Program.Phase.CLOSED)
    )
