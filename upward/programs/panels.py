"""Home page panels: a coordinator's programs; a participant's next steps; open interest surveys."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from upward import events
from upward.access import coordinator_like, own_participations, programs_managed_by
from upward.home import Panel
from upward.programs import training
from upward.programs.catalog import NEXT_STEP
from upward.programs.events import PARTICIPANT_STEPS
from upward.programs.models import Participant, Program
from upward.programs.selectors import (
    completed_modules,
    intake_is_open,
    open_interest_surveys_for,
    open_programs_for,
    program_counts,
)


def coordinator_panel(request: HttpRequest) -> Panel | None:
    if not coordinator_like(request.user):
        return None  # every leader's and mentor's home asks: no queryset built to find none
    programs = list(programs_managed_by(user=request.user).exclude(phase="closed")[:8])
    if not programs:
        return None
    rows = [(p, program_counts(program=p), NEXT_STEP[p.phase]) for p in programs]
    return Panel(
        title=_("Your programs"),
        template="programs/_panel_coordinator.html",
        context={"rows": rows},
        order=10,
    )


def participant_panel(request: HttpRequest) -> Panel | None:
    steps: list[dict[str, Any]] = []
    for p in own_participations(user=request.user):
        if p.program.phase == Program.Phase.CLOSED:
            continue
        if p.status == Participant.Status.INVITED:
            steps.append({"kind": "invite", "participant": p})
            continue
        if p.status != Participant.Status.OPTED_IN:
            continue
        intake = getattr(p, "intake", None)
        if intake_is_open(p) and (intake is None or intake.submitted_at is None):
            steps.append({"kind": "intake", "participant": p, "draft": intake is not None})
        modules = training.modules_for(p.role)
        done = completed_modules(p)
        left = [m for m in modules if m.slug not in done]
        if left and p.program.phase in ("recruiting", "matching", "active"):
            steps.append({"kind": "training", "participant": p, "left": len(left)})
    # Match proposals to answer (matching) and new pairs to meet (mentoring) come from the apps
    # that own them: {"proposals": [...]}, {"intros": [...]}.
    extra: dict[str, Any] = {"proposals": [], "intros": []}
    for answer in events.publish(PARTICIPANT_STEPS, user=request.user):
        extra.update(answer)
    if not steps and not any(extra.values()):
        return None
    return Panel(
        title=_("Your reverse-mentoring steps"),
        template="programs/_panel_participant.html",
        context={"steps": steps, **extra, "user": request.user},
        order=5,
    )


def interest_panel(request: HttpRequest) -> Panel | None:
    programs = open_interest_surveys_for(user=request.user)
    if not programs:
        return None
    return Panel(
        title=_("Would you take part?"),
        template="programs/_panel_interest.html",
        context={"programs": programs},
        order=30,
    )


def open_enrolment_panel(request: HttpRequest) -> Panel | None:
    """Programs anyone may apply to (open enrolment), until the user is in them."""
    rows = [
        row
        for row in open_programs_for(user=request.user)
        if row.can_apply or (row.mine and row.mine.status == Participant.Status.APPLIED)
    ]
    if not rows:
        return None
    return Panel(
        title=_("Programs open to you"),
        template="programs/_panel_open.html",
        context={"rows": rows[:6]},
        order=25,
    )
