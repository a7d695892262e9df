"""Home page panels: a coordinator's programs; a participant's next steps; open interest surveys."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from upward.home import Panel
from upward.programs import training
from upward.programs.models import Participant
from upward.programs.selectors import (
    completed_modules,
    open_interest_surveys_for,
    participations_of,
    program_counts,
    programs_managed_by,
)

INTRO_DAYS = 30  # how long a new pair's introduction stays on the home page


def coordinator_panel(request: HttpRequest) -> Panel | None:
    from upward.programs.views import NEXT_STEP

    programs = list(programs_managed_by(user=request.user).exclude(phase="closed")[:8])
    if not programs:
        return None
    rows = [(p, program_counts(program=p), NEXT_STEP[p.phase]) for p in programs]  # type: ignore[index]
    return Panel(
        title="Your programs",
        template="programs/_panel_coordinator.html",
        context={"rows": rows},
        order=10,
    )


def participant_panel(request: HttpRequest) -> Panel | None:
    from upward.matching.selectors import proposals_awaiting_answer
    from upward.mentoring.models import Pair

    steps: list[dict[str, Any]] = []
    for p in participations_of(user=request.user):
        if p.status == Participant.Status.INVITED:
            steps.append({"kind": "invite", "participant": p})
            continue
        if p.status != Participant.Status.OPTED_IN:
            continue
        intake = getattr(p, "intake", None)
        from upward.programs.enrolment import intake_is_open

        if intake_is_open(p) and (intake is None or intake.submitted_at is None):
            steps.append({"kind": "intake", "participant": p, "draft": intake is not None})
        modules = training.modules_for(p.role)
        done = completed_modules(p)
        left = [m for m in modules if m.slug not in done]
        if left and p.program.phase in ("recruiting", "matching", "active"):
            steps.append({"kind": "training", "participant": p, "left": len(left)})
    proposals = proposals_awaiting_answer(user=request.user)
    since = timezone.localdate() - timedelta(days=INTRO_DAYS)
    intros = []
    if request.user.is_authenticated:
        for pair in Pair.objects.filter(
            status=Pair.Status.ACTIVE, started_on__gte=since
        ).select_related("leader__person", "mentor__person", "program"):
            for me, partner in ((pair.leader, pair.mentor), (pair.mentor, pair.leader)):
                if me.user_id == request.user.pk:
                    intros.append({"pair": pair, "partner": partner})
    if not steps and not proposals and not intros:
        return None
    return Panel(
        title="Your reverse-mentoring steps",
        template="programs/_panel_participant.html",
        context={"steps": steps, "proposals": proposals, "intros": intros, "user": request.user},
        order=5,
    )


def interest_panel(request: HttpRequest) -> Panel | None:
    programs = open_interest_surveys_for(user=request.user)
    if not programs:
        return None
    return Panel(
        title="Would you take part?",
        template="programs/_panel_interest.html",
        context={"programs": programs},
        order=30,
    )
