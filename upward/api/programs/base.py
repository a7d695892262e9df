"""The programs router and the helper its endpoint modules share."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from ninja import Router

from upward.access import AuthedRequest, ProgramAccess, program_access, program_for
from upward.programs.models import Program

router = Router(tags=["programs"])


def _get(
    request: HttpRequest, program_id: int, *, manage: bool = False
) -> tuple[Program, ProgramAccess]:
    """The program and the caller's access to it; 404 for anyone who may not see (or, with
    `manage`, manage) it, sponsors included: the API answers like the pages."""
    # Every endpoint is behind the API's authentication; `match_runs` still passes a plain
    # HttpRequest until it asks `upward.access` itself.
    user = cast(AuthedRequest, request).user
    program = program_for(user=user, program_id=program_id, manage=manage)
    access = program_access(user=user, program=program)
    assert access is not None  # program_for has let only coordinators, admins and sponsors in
    return program, access
