"""Events the programs app publishes, for the apps above it (matching, mentoring) to react to.

Programs sits low in the app graph: it must not import matching or mentoring, yet a phase move
depends on pairs and match runs, and a program's counts include its pairs. Those apps subscribe
in their `AppConfig.ready()` (see `upward.events`); programs only publishes.
"""

from __future__ import annotations

from upward import events

PHASE_CHECKS = events.declare(
    "program.phase_checks",
    "Before a program moves phase: (program, to_phase) -> PhaseCheck | None. Errors refuse the "
    "move; warnings need the coordinator's confirmation (e.g. unsigned charters, open concerns).",
)
PHASE_CHANGED = events.declare(
    "program.phase_changed",
    "A program moved, inside the same transaction: (program, from_phase, to_phase) -> None.",
)
PROGRAM_COUNTS = events.declare(
    "program.counts",
    "Counts other apps keep about a program: (program) -> dict[str, int] | None, merged into "
    "ProgramCounts (e.g. {'pairs': 3} active pairs).",
)
PARTICIPANT_WITHDRAWN = events.declare(
    "program.participant_withdrawn",
    "A participant left the program, inside the same transaction: (participant) -> None "
    "(mentoring ends their active pair, no fault).",
)
MANAGE_CONTEXT = events.declare(
    "program.manage_context",
    "Extra context for the coordinator's program page: (program) -> dict | None "
    "(e.g. {'runs': the latest match runs}).",
)
PARTICIPANT_STEPS = events.declare(
    "program.participant_steps",
    "Extra context for the participant's home panel: (user) -> dict | None "
    "(e.g. {'proposals': [...]} to answer, {'intros': [...]} new pairs).",
)
ANSWERS_GIVEN = events.declare(
    "program.answers_given",
    "Whether anyone answered a survey of the program: (program) -> bool | None. Once anyone has, "
    "its anonymity threshold may be raised but never lowered (the promise they answered under).",
)
THRESHOLD_RAISED = events.declare(
    "program.threshold_raised",
    "A program's anonymity threshold went up, inside the same transaction: (program) -> None "
    "(feedback rewrites stored answers so that the new k holds for them too).",
)
OBJECTIVES_PROGRESS = events.declare(
    "program.objectives_progress",
    "Progress against a program's objectives, for its page (coordinators and sponsor): "
    "(program) -> dict[int, ObjectiveProgress] | None, by objective id (insights computes it "
    "from the dashboard's figures, under the same anonymity threshold).",
)
