"""How matching answers the programs app's events (subscribed in `MatchingConfig.ready()`).

Programs sits below matching and never imports it; these functions bring what match runs know
to a program: a warning about unpublished runs before it closes, the latest runs on the
coordinator's program page, and proposals waiting for the participant's answer on their home.
"""

from __future__ import annotations

from typing import Any

from upward.access import AnyUser
from upward.humane import count
from upward.matching.models import MatchRun
from upward.matching.selectors import proposals_awaiting_answer
from upward.programs.models import Program
from upward.programs.selectors import PhaseCheck


def unpublished_runs_check(program: Program, to_phase: str) -> PhaseCheck | None:
    """program.phase_checks: closing with runs nobody published deserves a second look."""
    if to_phase not in (Program.Phase.CLOSING, Program.Phase.CLOSED):
        return None
    waiting = MatchRun.objects.filter(
        program=program, status__in=[MatchRun.Status.DONE, MatchRun.Status.CONSULTING]
    ).count()
    if not waiting:
        return None
    return PhaseCheck(
        warnings=[f"{count(waiting, 'match run was', 'match runs were')} never published."]
    )


def latest_runs(program: Program) -> dict[str, Any]:
    """program.manage_context: the latest runs for the coordinator's program page."""
    return {"runs": MatchRun.objects.filter(program=program)[:5]}


def proposals_to_answer(user: AnyUser) -> dict[str, Any] | None:
    """program.participant_steps: proposals on which the user's answer is still pending."""
    proposals = proposals_awaiting_answer(user=user)
    return {"proposals": proposals} if proposals else None
