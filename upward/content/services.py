"""Writes for learning paths: a pair ticks (or unticks) a step."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from upward.access import AnyUser, account, member_role
from upward.content.models import RoadmapStep, StepProgress
from upward.errors import ServiceError
from upward.mentoring.models import Pair


def step_progress_set(*, pair: Pair, step: RoadmapStep, actor: AnyUser, done: bool) -> bool:
    """Only the pair's two members track its learning path; for anyone else it does not exist."""
    if member_role(user=actor, pair=pair) is None:
        raise Http404("No such pair.")
    if not pair.is_open:
        raise ServiceError(
            _("This pair has finished; its progress is kept as it was."),
            field="pair_id",
            status=409,
        )
    if done:
        StepProgress.objects.get_or_create(
            pair=pair, step=step, defaults={"completed_by": account(actor)}
        )
    else:
        StepProgress.objects.filter(pair=pair, step=step).delete()
    return done
