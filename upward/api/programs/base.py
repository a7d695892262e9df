"""The programs router and the helper its endpoint modules share."""

from __future__ import annotations

from ninja import Router

from upward.access import AuthedRequest, ProgramAccess, program_access, program_for
from upward.programs.models import Program

router = Router(tags=["programs"])


def program_of(
    request: AuthedRequest, program_id: int, *, manage: bool = False
) -> tuple[Program, ProgramAccess]:
    """The program and the caller's access to it; 404 for anyone who may not see (or, with
    `manage`, manage) it, sponsors included: the API answers like the pages."""
    program = program_for(user=request.user, program_id=program_id, manage=manage)
    access = program_access(user=request.user, program=program)
    assert access is not None  # program_for lets in only coordinators, org admins and sponsors
    return program, access
