"""/api/v1/programs and /api/v1/programs/{id}/participants: the same rules as the pages.

Coordinators of a program and org admins manage it; its sponsor reads the summary; a participant
reads and writes only their own participant record and intake. Anyone else gets 404.

The endpoints live in sub-modules by sub-domain (the same names as the services and views), all
on the one `router` from `base`.
"""

# isort: off
# Registration order is URL-pattern order: keep the original order of the endpoints.
from upward.api.programs import programs, enrolment, objectives  # noqa: F401

# isort: on
from upward.api.programs.base import router

__all__ = ["router"]
