"""Writes for learning paths: a pair ticks (or unticks) a step."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from upward.content.models import RoadmapStep, StepProgress
from upward.mentoring.models import Pair
from upward.mentoring.selectors import AnyUser, member_role


def step_progress_set(*, pair: Pair, step: RoadmapStep, user: AnyUser, done: bool) -> bool:
    if member_role(user=user, pair=pair) is None:
        raise PermissionDenied("Only the pair's two members track its learning path.")
    if not pair.is_open:
        raise PermissionDenied("This pair has finished; its progress is kept as it was.")
    if done:
        StepProgress.objects.get_or_create(pair=pair, step=step, defaults={"completed_by": user})
    else:
        StepProgress.objects.filter(pair=pair, step=step).delete()
    return done
