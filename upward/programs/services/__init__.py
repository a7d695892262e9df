"""Writes for programs, one module per sub-domain (the same names as the views and the API):

- `programs`: create a program from a template, update its design;
- `phases`: move a program through its life cycle (guards read by `selectors.phase_check`);
- `enrolment`: invitations, consent, withdrawal, intake;
- `training`: readiness training completions;
- `interest`: the anonymous interest survey;
- `topics`: the topic taxonomy;
- `objectives`: a program's measured objectives and the figures recorded for them.

Every service takes the `actor` and asks `upward.access`, so a call on behalf of someone who may
not act is refused (Http404 for a program they may not manage). Refusals are `ServiceError`.
"""

from __future__ import annotations

from upward.programs.services.phases import program_transition
from upward.programs.services.programs import program_create, program_update, template_defaults

__all__ = [
    "program_create",
    "program_transition",
    "program_update",
    "template_defaults",
]
