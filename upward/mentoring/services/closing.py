"""Closing a whole program's pairs: the invitation to close well, then the coordinators' close.

The programs app moves phases; it calls nothing here by itself. Wire-up (one line each, after
`program_transition` saved the new phase):
    to "closing": pairs_closing_invite(program=program, actor=actor)
    to "closed":  nothing automatic; coordinators close the remaining pairs from
                  /pairs/closing/<slug>/ (or POST /api/v1/pairs/programs/{id}/close), after a
                  confirmation, with pairs_close_for_program(program=program, actor=actor).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from upward.access import AnyUser, account, require_manage
from upward.errors import ServiceError
from upward.mentoring.models import Meeting, Pair
from upward.mentoring.services.safety import pair_close
from upward.programs.models import Program

CLOSING_PHASES = (Program.Phase.CLOSING, Program.Phase.CLOSED)


def pairs_closing_invite(*, program: Program, actor: AnyUser | None = None) -> int:
    """Invite every open pair to write a final reflection and choose what comes next.

    Idempotent: a pair is invited once. `actor` None means the system (the phase change itself).
    Returns how many pairs were invited now.
    """
    if actor is not None:
        require_manage(actor=actor, program=program)
    if program.phase not in CLOSING_PHASES:
        raise ServiceError(
            _("Pairs are invited to close once the program is in its closing phase."),
            field="phase",
            status=409,
        )
    return Pair.objects.filter(
        program=program, status=Pair.Status.ACTIVE, closing_invited_at__isnull=True
    ).update(closing_invited_at=timezone.now())


def invite_pairs_when_program_closes(program: Program, from_phase: str, to_phase: str) -> None:
    """Phase hook: a program entering its closing phase invites its open pairs to close."""
    if to_phase == Program.Phase.CLOSING:
        pairs_closing_invite(program=program, actor=None)


@transaction.atomic
def pairs_close_for_program(*, program: Program, actor: AnyUser) -> int:
    """Close the pairs that are still open once the program has closed.

    Each room becomes read-only (everything written stays as the pair's record), upcoming
    meetings are cancelled so they leave both calendars, and pairs that met at least once are
    celebrated (anonymously unless both agreed to names). Returns how many pairs were closed.
    """
    require_manage(actor=actor, program=program)
    if program.phase != Program.Phase.CLOSED:
        raise ServiceError(
            _(
                "Close the program first: pairs still in the closing phase can answer for "
                "themselves."
            ),
            field="phase",
            status=409,
        )
    closed = 0
    for pair in Pair.objects.select_for_update().filter(program=program, status=Pair.Status.ACTIVE):
        met = pair.meetings.filter(status=Meeting.Status.HELD).exists()
        pair_close(pair=pair, closed_by=account(actor), celebrate=met)
        closed += 1
    return closed
