"""Programs as insights opens them: fetched through `upward.access`, 404 for everyone else.

What a user may not see does not exist for them, so a sponsor asking for a health board, a
coordinator of another program or a participant gets "not found", never "forbidden".
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy

from upward.access import (
    AnyUser,
    can_record_behaviour_change,
    programs_for_health,
    programs_for_insights,
)
from upward.programs.models import Program

NOT_FOUND = gettext_lazy("No such program.")


def _lookup(program_id: int | None, slug: str | None) -> dict[str, int | str]:
    """Pages address a program by slug, the API by id: exactly one of the two."""
    if slug is not None and program_id is None:
        return {"slug": slug}
    if program_id is not None and slug is None:
        return {"pk": program_id}
    raise TypeError("Pass exactly one of program_id and slug.")


def _found(programs: QuerySet[Program], program_id: int | None, slug: str | None) -> Program:
    program = programs.filter(**_lookup(program_id, slug)).first()
    if program is None:
        raise Http404(NOT_FOUND)
    return program


def program_for_insights(
    *, actor: AnyUser, program_id: int | None = None, slug: str | None = None
) -> Program:
    """A program whose aggregates (dashboard, exports, report, metrics) the actor may see."""
    return _found(programs_for_insights(user=actor), program_id, slug)


def program_for_health(
    *, actor: AnyUser, program_id: int | None = None, slug: str | None = None
) -> Program:
    """A program whose health board the actor may see (its coordinators and org admins)."""
    return _found(programs_for_health(user=actor), program_id, slug)


def program_for_behaviour_change(
    *, actor: AnyUser, program_id: int | None = None, slug: str | None = None
) -> Program:
    """A program in which the actor may record a behaviour change."""
    program = Program.objects.filter(**_lookup(program_id, slug)).first()
    if program is None or not can_record_behaviour_change(user=actor, program=program):
        raise Http404(NOT_FOUND)
    return program
