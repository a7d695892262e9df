"""/api/v1/programs/{id}/metrics (the dashboard's numbers) and /health (the health board)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from upward.api.surveys import parse_cohort
from upward.insights.health import pair_health_for_program
from upward.insights.metrics import program_metrics
from upward.insights.selectors import can_view_health, can_view_insights
from upward.programs.models import Program

router = Router(tags=["metrics"])


class MetricsFilter(Schema):
    cohort: str = Field("", pattern=r"^(\d{4}-(0[1-9]|1[0-2]))?$", description="YYYY-MM")


@router.get(
    "/{program_id}/metrics",
    response=dict[str, Any],
    summary="The impact dashboard's aggregates (same numbers, same anonymity rules)",
)
def get_metrics(
    request: HttpRequest, program_id: int, filters: Query[MetricsFilter]
) -> dict[str, Any]:
    """Participation funnel, pairs, meeting adherence, actions, behaviour change, survey trends
    per construct (null below the anonymity threshold), response rates, junior retention against
    non-participants of the same levels, and pair health counts."""
    program = get_object_or_404(Program, pk=program_id)
    if not can_view_insights(user=request.user, program=program):
        raise PermissionDenied("Program metrics are for coordinators, sponsors and org admins.")
    return program_metrics(program=program, cohort_month=parse_cohort(filters.cohort)).as_dict()


class PairHealthOut(Schema):
    pair_id: int
    leader_name: str
    mentor_name: str
    started_on: dt.date
    status: str
    reasons: list[str]
    meetings_held: int
    meetings_expected: int
    last_meeting_on: dt.date | None
    days_since_meeting: int
    leader_cancellations: int
    charter_signed: bool
    overdue_actions: int


@router.get(
    "/{program_id}/health",
    response=list[PairHealthOut],
    summary="Each active pair's health, riskiest first (facts only, never content)",
)
def get_health(request: HttpRequest, program_id: int) -> list[PairHealthOut]:
    program = get_object_or_404(Program, pk=program_id)
    if not can_view_health(user=request.user, program=program):
        raise PermissionDenied("Pair health is for the program's coordinators and org admins.")
    out = []
    for h in pair_health_for_program(program=program):
        data = asdict(h)
        data.pop("program_id")
        data.pop("days_running")
        out.append(PairHealthOut(**data))
    return out
