"""Writes for readiness training: a participant completes a module by answering its check."""

from __future__ import annotations

from django.utils.translation import gettext as _

from upward.access import AnyUser
from upward.errors import ServiceError
from upward.programs import training
from upward.programs.models import Participant, TrainingCompletion
from upward.programs.services.enrolment import require_own


def training_complete(
    *, actor: AnyUser, participant: Participant, module_slug: str, answer: int | None
) -> bool:
    """Record the module as done when the check question is answered correctly."""
    require_own(actor=actor, participant=participant)
    module = training.module_by_slug(module_slug)
    if module is None or module.role != participant.role:
        raise ServiceError(_("No such module for your role."), field="module")
    if answer is None or not 0 <= answer < len(module.check.options):
        raise ServiceError(_("Choose an answer."), field="answer")
    if answer != module.check.correct:
        return False
    TrainingCompletion.objects.get_or_create(participant=participant, module=module.slug)
    return True
