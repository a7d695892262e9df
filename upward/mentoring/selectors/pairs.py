"""Who is already paired, for the matching app below (it asks `match_run.active_pairs`)."""

from __future__ import annotations

from upward.mentoring.models import Pair
from upward.programs.models import Program


def active_pair_ids(*, program: Program) -> list[tuple[int, int]]:
    """(leader, mentor) participant ids of the program's active pairs."""
    return list(
        Pair.objects.filter(program=program, status=Pair.Status.ACTIVE).values_list(
            "leader_id", "mentor_id"
        )
    )
