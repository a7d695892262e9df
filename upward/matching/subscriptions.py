"""What matching reacts to: its subscriptions to other apps' events (docs/architecture.md).

Connected once by `MatchingConfig.ready()`; kept out of apps.py so that its imports can sit at the
top of a module (they load models, which Django allows only once the app registry is ready).
"""

from __future__ import annotations

from upward import events
from upward.matching import program_events
from upward.programs.events import MANAGE_CONTEXT, PARTICIPANT_STEPS, PHASE_CHECKS


def connect() -> None:
    events.subscribe(PHASE_CHECKS, program_events.unpublished_runs_check)
    events.subscribe(MANAGE_CONTEXT, program_events.latest_runs)
    events.subscribe(PARTICIPANT_STEPS, program_events.proposals_to_answer)
