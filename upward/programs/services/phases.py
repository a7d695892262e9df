"""Writes for a program's life cycle: moving from one phase to the next, with its guards.

The guards are read by `selectors.phase_check` (errors refuse, warnings need a confirmation);
apps above programs react to a move through the PHASE_CHANGED event.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from upward import events
from upward.access import AnyUser, account, require_manage
from upward.errors import ServiceError
from upward.programs.events import PHASE_CHANGED
from upward.programs.models import Program, ProgramPhaseChange
from upward.programs.selectors import phase_check

Phase = Program.Phase


@transaction.atomic
def program_transition(
    *, actor: AnyUser, program: Program, to_phase: str, note: str = "", confirm: bool = False
) -> ProgramPhaseChange:
    """Move a program to another phase, recording who did it. Raises ServiceError when a guard
    refuses (422), or when there are warnings the caller has not confirmed (409)."""
    require_manage(actor=actor, program=program)
    program = Program.objects.select_for_update().get(pk=program.pk)
    if to_phase not in Phase.values:
        raise ServiceError(
            _("Unknown phase %(to_phase)s.") % {"to_phase": repr(to_phase)},
            field="to_phase",
            status=422,
        )
    check = phase_check(program=program, to_phase=to_phase)
    if not check.ok:
        raise ServiceError(" ".join(check.errors), field="to_phase", status=422)
    if check.warnings and not confirm:
        raise ServiceError(
            _("Please confirm: %(warnings)s") % {"warnings": " ".join(check.warnings)},
            field="confirm",
            status=409,
            warnings=check.warnings,
        )
    from_phase = program.phase
    program.phase = to_phase
    update = ["phase"]
    if to_phase in (Phase.MATCHING, Phase.CLOSING, Phase.CLOSED):
        program.interest_survey_open = False
        update.append("interest_survey_open")
    if to_phase == Phase.ACTIVE and program.starts_on is None:
        program.starts_on = timezone.localdate()
        update.append("starts_on")
    program.save(update_fields=update)
    change = ProgramPhaseChange.objects.create(
        program=program,
        from_phase=from_phase,
        to_phase=to_phase,
        changed_by=account(actor),
        note=note[:500],
    )
    events.publish(PHASE_CHANGED, program=program, from_phase=from_phase, to_phase=to_phase)
    return change
