"""/api/v1/programs/{id}/objectives: a program's objectives with their progress, and for its
coordinators the writes (measure, target, direction) and the figures recorded by hand.

The same services as the program page, the same progress as the dashboard: coordinators, org
admins and the sponsor read; coordinators and org admins write; anyone else gets 404.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema
from ninja.responses import Status

from upward.access import AuthedRequest
from upward.api.programs.base import program_of, router
from upward.insights.selectors.objectives import ObjectiveProgress, objectives_progress
from upward.programs.models import Objective, ObjectiveReading
from upward.programs.selectors import objective_of, reading_of
from upward.programs.services.objectives import (
    objective_create,
    objective_delete,
    objective_reading_delete,
    objective_reading_record,
    objective_update,
)


class ProgressOut(Schema):
    value: float | None = Field(
        description="The measure's figure now; null when there is none yet or when fewer than "
        "the anonymity threshold answered (see `value_text`)."
    )
    value_text: str
    percent: int = Field(description="How far towards the target, 0 to 100.")
    status: str = Field(description="met, on_track, behind, not_met, no_data or unmeasured.")
    status_label: str
    note: str
    as_of: dt.date | None
    summary: str


class ObjectiveOut(Schema):
    id: int
    statement: str
    measure: str
    measure_label: str
    min_meetings: int | None
    direction: str
    target: float | None
    target_text: str
    version: int
    progress: ProgressOut | None = None


class ObjectiveIn(Schema):
    statement: str
    measure: str = Field(description="A key of the measures catalogue (docs/insights.md).")
    target: float | None = None
    direction: str = Objective.Direction.AT_LEAST
    min_meetings: int | None = Field(
        None, description="Only for pairs_min_meetings_pct: at least this many meetings."
    )


class ObjectivePatch(Schema):
    statement: str | None = None
    measure: str | None = None
    target: float | None = None
    direction: str | None = None
    min_meetings: int | None = None
    version: int | None = Field(
        None, description="The version you started from; a stale one is refused (409)."
    )


class FigureIn(Schema):
    value: float
    recorded_on: dt.date | None = Field(None, description="Today when left out.")
    note: str = ""


class FigureOut(Schema):
    id: int
    value: float
    recorded_on: dt.date
    note: str
    recorded_by: str | None


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _out(objective: Objective, progress: ObjectiveProgress | None = None) -> ObjectiveOut:
    from_progress = None
    if progress is not None:
        from_progress = ProgressOut(
            value=_number(progress.value),
            value_text=progress.value_text,
            percent=progress.percent,
            status=progress.status,
            status_label=progress.status_label,
            note=progress.note,
            as_of=progress.as_of,
            summary=progress.summary,
        )
    return ObjectiveOut(
        id=objective.pk,
        statement=objective.statement,
        measure=objective.measure,
        measure_label=progress.measure_label if progress else objective.measure,
        min_meetings=objective.min_meetings,
        direction=objective.direction,
        target=_number(objective.target),
        target_text=progress.target_text if progress else "",
        version=objective.version,
        progress=from_progress,
    )


def _with_progress(objective: Objective) -> ObjectiveOut:
    for p in objectives_progress(program=objective.program):
        if p.objective.pk == objective.pk:
            return _out(p.objective, p)
    return _out(objective)


def _figure_out(r: ObjectiveReading) -> FigureOut:
    return FigureOut(
        id=r.pk,
        value=float(r.value),
        recorded_on=r.recorded_on,
        note=r.note,
        recorded_by=r.recorded_by.email if r.recorded_by else None,
    )


@router.get(
    "/{program_id}/objectives",
    response=list[ObjectiveOut],
    summary="The program's objectives with their progress (coordinators, sponsor)",
)
def list_objectives(request: AuthedRequest, program_id: int) -> list[ObjectiveOut]:
    program, _ = program_of(request, program_id)
    return [_out(p.objective, p) for p in objectives_progress(program=program)]


@router.post(
    "/{program_id}/objectives",
    response={201: ObjectiveOut},
    summary="Add an objective: statement, measure, target, direction (coordinators)",
)
def create_objective(request: AuthedRequest, program_id: int, payload: ObjectiveIn) -> Status:
    program, _ = program_of(request, program_id, manage=True)
    objective = objective_create(actor=request.user, program=program, **payload.dict())
    return Status(201, _with_progress(objective))


@router.patch(
    "/{program_id}/objectives/{objective_id}",
    response=ObjectiveOut,
    summary="Change an objective's statement, measure, target or direction (coordinators)",
)
def update_objective(
    request: AuthedRequest, program_id: int, objective_id: int, payload: ObjectivePatch
) -> ObjectiveOut:
    program, _ = program_of(request, program_id, manage=True)
    objective = objective_of(program=program, objective_id=objective_id)
    values = payload.dict(exclude_unset=True)
    version = values.pop("version", None)
    objective_update(actor=request.user, objective=objective, version=version, **values)
    return _with_progress(objective)


@router.delete(
    "/{program_id}/objectives/{objective_id}",
    response={204: None},
    summary="Remove an objective and its recorded figures (coordinators)",
)
def delete_objective(request: AuthedRequest, program_id: int, objective_id: int) -> Status:
    program, _ = program_of(request, program_id, manage=True)
    objective_delete(
        actor=request.user, objective=objective_of(program=program, objective_id=objective_id)
    )
    return Status(204, None)


@router.get(
    "/{program_id}/objectives/{objective_id}/figures",
    response=list[FigureOut],
    summary="The figures recorded for an objective measured by hand, newest first",
)
def list_figures(request: AuthedRequest, program_id: int, objective_id: int) -> list[FigureOut]:
    program, _ = program_of(request, program_id)
    objective = objective_of(program=program, objective_id=objective_id)
    return [_figure_out(r) for r in objective.readings.select_related("recorded_by")]


@router.post(
    "/{program_id}/objectives/{objective_id}/figures",
    response={201: FigureOut},
    summary="Record a figure, with its date, for an objective measured by hand (coordinators)",
)
def record_figure(
    request: AuthedRequest, program_id: int, objective_id: int, payload: FigureIn
) -> Status:
    program, _ = program_of(request, program_id, manage=True)
    objective = objective_of(program=program, objective_id=objective_id)
    reading = objective_reading_record(
        actor=request.user,
        objective=objective,
        value=payload.value,
        recorded_on=payload.recorded_on,
        note=payload.note,
    )
    return Status(201, _figure_out(reading))


@router.delete(
    "/{program_id}/objectives/{objective_id}/figures/{figure_id}",
    response={204: None},
    summary="Remove a figure recorded by mistake (coordinators)",
)
def delete_figure(
    request: AuthedRequest, program_id: int, objective_id: int, figure_id: int
) -> Status:
    program, _ = program_of(request, program_id, manage=True)
    objective = objective_of(program=program, objective_id=objective_id)
    objective_reading_delete(
        actor=request.user, reading=reading_of(objective=objective, reading_id=figure_id)
    )
    return Status(204, None)
