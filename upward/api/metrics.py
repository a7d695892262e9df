"""/api/v1/programs/{id}/metrics (the dashboard's numbers) and /health (the health board).

Programs are fetched through `insights.selectors.programs`: 404 for a program the token's user
may not open, the same answer as the pages.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.responses import NinjaJSONEncoder

from upward.access import AuthedRequest
from upward.feedback.forms import parse_cohort
from upward.insights.selectors import program_for_health, program_for_insights, program_metrics
from upward.mentoring.selectors.health import PairHealth, programs_health

router = Router(tags=["metrics"])


class MetricsFilter(Schema):
    cohort: str = Field("", pattern=r"^(\d{4}-(0[1-9]|1[0-2]))?$", description="YYYY-MM")


@router.get(
    "/{program_id}/metrics",
    response=dict[str, Any],
    summary="The impact dashboard's aggregates (same numbers, same anonymity rules)",
)
def get_metrics(
    request: AuthedRequest, program_id: int, filters: Query[MetricsFilter]
) -> dict[str, Any]:
    """Participation funnel, pairs, meeting adherence, actions, behaviour change, survey trends
    per construct (null where fewer than the anonymity threshold answered, or where the cohort
    could be worked out from the others: the same decision as the pages, docs/privacy.md),
    response rates, junior retention against non-participants of the same levels, and pair
    health counts."""
    program = program_for_insights(actor=request.user, program_id=program_id)
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
    # The engine's name for it is actions_overdue; the API keeps its published name.
    overdue_actions: int = Field(validation_alias="actions_overdue")


@router.get(
    "/{program_id}/health",
    response=list[PairHealthOut],
    summary="Each active pair's health, riskiest first (facts only, never content)",
)
def get_health(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = program_for_health(actor=request.user, program_id=program_id)
    # The schema's fields, written straight from the engine's rows: validating 2,000 rows one
    # attribute at a time through the schema cost 200 ms of CPU a call on the load organisation
    # (issue 16). The rows are the engine's own typed values; the schema still documents them,
    # and insights/tests/test_api_health_rows.py compares this answer with the schema's.
    rows = [health_row(h) for h in programs_health(programs=[program])]
    return HttpResponse(
        json.dumps(rows, cls=NinjaJSONEncoder), content_type="application/json; charset=utf-8"
    )


_HEALTH_FIELDS = tuple(
    (name, info.validation_alias or name) for name, info in PairHealthOut.model_fields.items()
)


def health_row(health: PairHealth) -> dict[str, Any]:
    """One pair's row of the health answer, keyed as `PairHealthOut`."""
    return {name: getattr(health, str(source)) for name, source in _HEALTH_FIELDS}
