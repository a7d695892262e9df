"""Reads for insights, by sub-domain: `programs` (fetching a program through `upward.access`,
404 for anyone who may not open it) and `metrics` (a program's aggregates). Pair health comes
from the one engine in `upward.mentoring.selectors.health`.
"""

from __future__ import annotations

from upward.insights.selectors.metrics import ProgramMetrics, program_cohorts, program_metrics
from upward.insights.selectors.programs import (
    program_for_behaviour_change,
    program_for_health,
    program_for_insights,
)

__all__ = [
    "ProgramMetrics",
    "program_cohorts",
    "program_for_behaviour_change",
    "program_for_health",
    "program_for_insights",
    "program_metrics",
]
