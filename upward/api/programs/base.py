"""The programs router and the helpers its endpoint modules (and match_runs) share."""

from __future__ import annotations

from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router

from upward.api.errors import ApiError, field_error
from upward.programs.models import Program
from upward.programs.selectors import program_access
from upward.programs.services import ProgramError

router = Router(tags=["programs"])


def _raise(exc: ProgramError, *, status: int = 400) -> NoReturn:
    if exc.warnings:
        raise ApiError(
            exc.message,
            status=409,
            errors=[{"field": "confirm", "message": w} for w in exc.warnings],
        )
    raise field_error(exc.field or "body", exc.message, status=status)


def _get(request: HttpRequest, program_id: int, *, manage: bool = False) -> tuple[Program, str]:
    program = Program.objects.filter(pk=program_id).first()
    access = program_access(user=request.user, program=program) if program else None
    if program is None or access in (None, "participant"):
        raise Http404(f"No program {program_id} that you may see.")
    if manage and access != "manage":
        raise PermissionDenied("Only the program's coordinators and org admins may do this.")
    return program, access
