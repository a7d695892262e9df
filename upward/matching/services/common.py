"""What the matching services share: which runs may change, standing rules, e-mail."""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.template.loader import render_to_string

from upward.errors import ServiceError
from upward.matching.models import MatchRun, PairRule
from upward.people.models import User
from upward.programs.models import Participant, Program

# Runs a coordinator may still change (review, consultation) and publish.
EDITABLE = {MatchRun.Status.DONE, MatchRun.Status.CONSULTING}


def require_editable(run: MatchRun) -> None:
    if run.status not in EDITABLE:
        raise ServiceError(
            f"This run is {run.get_status_display().lower()}; start a new run to change it.",
            field="run",
            status=409,
        )


def rule_set(
    *,
    program: Program,
    leader: Participant,
    mentor: Participant,
    kind: str,
    actor: User | None,
    source: str = PairRule.Source.COORDINATOR,
) -> PairRule:
    """Record a standing lock or forbid for the program's next runs (one rule per pair)."""
    rule, _ = PairRule.objects.update_or_create(
        program=program,
        leader=leader,
        mentor=mentor,
        defaults={"kind": kind, "created_by": actor, "source": source},
    )
    return rule


def notify(user_email: str, subject: str, template: str, context: dict[str, Any]) -> None:
    send_mail(
        subject=subject,
        message=render_to_string(template, context),
        from_email=None,
        recipient_list=[user_email],
    )
