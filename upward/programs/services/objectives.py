"""Writes for a program's objectives: what each is measured by and its target, and the figures
a coordinator records for the objectives Upward cannot count itself.

Every write asks `require_manage` (404 for anyone who may not manage the program) and leaves an
audit entry. Bad input is refused with every field at fault at once (`invalid`, 422).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from upward.access import AnyUser, account, require_manage
from upward.audit.services import declare, record
from upward.errors import ServiceError, invalid, stale_write
from upward.inputs import text_problem
from upward.programs.catalog import ObjectiveSpec
from upward.programs.measures import MEASURES, MEETINGS_MAX, as_decimal, value_problem
from upward.programs.models import Objective, ObjectiveReading, Program

MAX_OBJECTIVES = 12
STATEMENT_MAX = 300
NOTE_MAX = 200

OBJECTIVE_SAVED = declare("program.objective_saved", "Added or changed a program objective")
OBJECTIVE_DELETED = declare("program.objective_deleted", "Removed a program objective")
READING_RECORDED = declare("program.objective_recorded", "Recorded a figure for an objective")
READING_DELETED = declare("program.objective_reading_deleted", "Removed a recorded figure")


def _check_open(program: Program) -> None:
    if program.phase == Program.Phase.CLOSED:
        raise ServiceError(
            _("A closed program's objectives stay as they were when it closed."), field="program"
        )


def objective_values(
    *,
    statement: Any,
    measure: Any,
    target: Any,
    direction: Any = Objective.Direction.AT_LEAST,
    min_meetings: Any = None,
) -> dict[str, Any]:
    """The objective's fields, checked together: each field at fault named at once (422)."""
    errors: dict[str, str] = {}
    text = str(statement or "").strip()
    if not text:
        errors["statement"] = _("Say what will be different, in a sentence.")
    elif problem := text_problem(text, max_length=STATEMENT_MAX):
        errors["statement"] = _("The statement %(problem)s") % {"problem": problem}
    chosen = MEASURES.get(str(measure or ""))
    if chosen is None:
        errors["measure"] = _("Choose what measures this objective.")
    if direction not in Objective.Direction.values:
        errors["direction"] = _("Choose at least (higher is better) or at most (lower is better).")
    meetings: int | None = None
    if chosen is not None and chosen.needs_meetings:
        number = as_decimal(min_meetings)
        if number is None or number != number.to_integral_value():
            errors["min_meetings"] = _("Say how many meetings a pair must hold (a whole number).")
        elif not 1 <= number <= MEETINGS_MAX:
            errors["min_meetings"] = _("Between 1 and %(max)d meetings.") % {"max": MEETINGS_MAX}
        else:
            meetings = int(number)
    number = as_decimal(target)
    if number is None:
        errors["target"] = _("Give the target as a number.")
    elif chosen is not None and (problem := value_problem(chosen, number)):
        errors["target"] = problem
    if errors:
        raise invalid(errors)
    return {
        "statement": text,
        "measure": chosen.key if chosen else "",
        "target": number,
        "direction": direction,
        "min_meetings": meetings,
    }


@transaction.atomic
def objective_create(*, actor: AnyUser, program: Program, **values: Any) -> Objective:
    require_manage(actor=actor, program=program)
    _check_open(program)
    cleaned = objective_values(**values)
    locked = Program.objects.select_for_update().get(pk=program.pk)
    if locked.objectives.count() >= MAX_OBJECTIVES:
        raise ServiceError(
            _(
                "A program has at most %(max_objectives)s objectives: a few, well measured, say "
                "more."
            )
            % {"max_objectives": MAX_OBJECTIVES},
            field="statement",
        )
    last = locked.objectives.aggregate(n=Max("position"))["n"]
    objective = Objective.objects.create(program=program, position=(last or 0) + 1, **cleaned)
    _audit(actor, OBJECTIVE_SAVED, objective, {"created": True, **_plain(cleaned)})
    return objective


@transaction.atomic
def objective_update(
    *, actor: AnyUser, objective: Objective, version: int | None = None, **values: Any
) -> Objective:
    """Change an objective. `version` is the one the editor started from: when someone saved it
    since, the edit is refused (409) with what was saved meanwhile, never silently overwritten."""
    require_manage(actor=actor, program=objective.program)
    _check_open(objective.program)
    saved = Objective.objects.select_for_update().get(pk=objective.pk)
    merged = {
        "statement": saved.statement,
        "measure": saved.measure,
        "target": saved.target,
        "direction": saved.direction,
        "min_meetings": saved.min_meetings,
        **values,
    }
    cleaned = objective_values(**merged)
    if version is not None and version != saved.version:
        changed = {
            key: getattr(saved, key)
            for key, value in cleaned.items()
            if getattr(saved, key) != value
        }
        raise stale_write(
            pgettext("what someone else changed", "The objective"),
            sent_version=version,
            current_version=saved.version,
            changed=changed,
        )
    for key, value in cleaned.items():
        setattr(objective, key, value)
    objective.version = saved.version + 1
    objective.save()
    _audit(actor, OBJECTIVE_SAVED, objective, _plain(cleaned))
    return objective


@transaction.atomic
def objective_delete(*, actor: AnyUser, objective: Objective) -> None:
    require_manage(actor=actor, program=objective.program)
    _check_open(objective.program)
    _audit(actor, OBJECTIVE_DELETED, objective, {"statement": objective.statement})
    objective.delete()


@transaction.atomic
def objective_reading_record(
    *,
    actor: AnyUser,
    objective: Objective,
    value: Any,
    recorded_on: dt.date | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> ObjectiveReading:
    """The coordinator records a figure for an objective measured by hand, dated the day it
    describes (not in the future). The latest by date is the objective's current value."""
    require_manage(actor=actor, program=objective.program)
    _check_open(objective.program)
    measure = MEASURES.get(objective.measure)
    if measure is None or not measure.recorded:
        raise ServiceError(
            _(
                "Upward computes this objective's figure; only objectives measured by a figure you "
                "record take a recorded value."
            ),
            field="value",
            status=409,
        )
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    number = as_decimal(value)
    if number is None:
        errors["value"] = _("Give the figure as a number.")
    elif problem := value_problem(measure, number):
        errors["value"] = problem
    day = recorded_on or today
    if day > today:
        errors["recorded_on"] = _("A figure is recorded for a day that has passed (or today).")
    text = str(note or "").strip()
    if problem := text_problem(text, max_length=NOTE_MAX):
        errors["note"] = _("The note %(problem)s") % {"problem": problem}
    if errors:
        raise invalid(errors)
    assert number is not None
    reading = ObjectiveReading.objects.create(
        objective=objective, value=number, recorded_on=day, note=text, recorded_by=account(actor)
    )
    _audit(
        actor,
        READING_RECORDED,
        objective,
        {"value": str(number), "recorded_on": day.isoformat()},
    )
    return reading


@transaction.atomic
def objective_reading_delete(*, actor: AnyUser, reading: ObjectiveReading) -> None:
    """A figure recorded by mistake is removed (the audit log keeps what it was)."""
    objective = reading.objective
    require_manage(actor=actor, program=objective.program)
    _check_open(objective.program)
    _audit(
        actor,
        READING_DELETED,
        objective,
        {"value": str(reading.value), "recorded_on": reading.recorded_on.isoformat()},
    )
    reading.delete()


def objectives_from_specs(*, program: Program, specs: Iterable[ObjectiveSpec]) -> list[Objective]:
    """A new program's objectives from its template (the program was just created)."""
    made = []
    for position, spec in enumerate(specs, start=1):
        cleaned = objective_values(
            statement=str(spec.statement),
            measure=spec.measure,
            target=spec.target,
            direction=spec.direction,
            min_meetings=spec.min_meetings,
        )
        made.append(Objective.objects.create(program=program, position=position, **cleaned))
    return made


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in values.items()}


def _audit(actor: AnyUser, action: str, objective: Objective, details: dict[str, Any]) -> None:
    record(
        account(actor),
        action,
        target=f"objective:{objective.pk}",
        program_id=objective.program_id,
        details=details,
    )
