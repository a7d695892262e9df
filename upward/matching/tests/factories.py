"""Builders for match-run tests: a program in matching with ready people (the programs app's
builders), a run solved by the real engine, a run sent for consultation.

The background task runs eagerly in tests; `captureOnCommitCallbacks` runs the `on_commit`
enqueue inside the test's transaction, so a builder returns a finished run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import TestCase
from django.utils import timezone

from upward.matching import services
from upward.matching.models import MatchRun
from upward.people.models import User
from upward.programs.models import Program
from upward.programs.tests.factories import matching_program


def run_started(program: Program, coordinator: User, **override: Any) -> MatchRun:
    """Start a run and let the (eager) task finish it."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        run = services.run_start(actor=coordinator, program=program, settings_override=override)
    run.refresh_from_db()
    return run


def run_finished(coordinator: User, *, leaders: int = 2, mentors: int | None = None) -> MatchRun:
    """A finished run of a fresh program with `leaders` leaders and as many mentors."""
    program = matching_program(
        coordinator, leaders=leaders, mentors=leaders if mentors is None else mentors
    )
    return run_started(program, coordinator)


def run_consulting(
    coordinator: User, *, leaders: int = 2, deadline: dt.date | None = None
) -> MatchRun:
    """A finished run sent for consultation (leaders asked; deadline in five days by default)."""
    run = run_finished(coordinator, leaders=leaders)
    services.consultation_start(
        actor=coordinator,
        run=run,
        deadline=deadline or timezone.localdate() + dt.timedelta(days=5),
    )
    run.refresh_from_db()
    return run
