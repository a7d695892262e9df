"""Who is already paired, and which pairs are over, for the matching app below (it asks
`match_run.active_pairs` and `match_run.former_pairs`)."""

from __future__ import annotations

from upward.matching.events import FormerPair
from upward.mentoring.models import Pair
from upward.programs.models import Program


def active_pair_ids(*, program: Program) -> list[tuple[int, int]]:
    """(leader, mentor) participant ids of the program's active pairs."""
    return list(
        Pair.objects.filter(program=program, status=Pair.Status.ACTIVE).values_list(
            "leader_id", "mentor_id"
        )
    )


def former_pairs(*, program: Program) -> list[FormerPair]:
    """`match_run.former_pairs`: the program's pairs that are over, and who asked for a new
    partner when theirs ended early."""
    rows = Pair.objects.filter(program=program).exclude(status=Pair.Status.ACTIVE)
    return [
        FormerPair(
            leader_id=leader_id,
            mentor_id=mentor_id,
            ended_early=status == Pair.Status.ENDED,
            ended_by=ended_by,
            leader_wants_new=leader_wants,
            mentor_wants_new=mentor_wants,
        )
        for leader_id, mentor_id, status, ended_by, leader_wants, mentor_wants in rows.values_list(
            "leader_id",
            "mentor_id",
            "status",
            "ended_by",
            "leader_wants_rematch",
            "mentor_wants_rematch",
        ).order_by("pk")
    ]
