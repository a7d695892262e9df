"""What the matching services share: which runs may change, standing rules, e-mail."""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from upward.errors import ServiceError
from upward.i18n import language_of
from upward.matching.models import MatchRun, PairRule
from upward.people.models import Person, User
from upward.programs.models import Participant, Program

# Runs a coordinator may still change (review, consultation) and publish.
EDITABLE = {MatchRun.Status.DONE, MatchRun.Status.CONSULTING}


def require_editable(run: MatchRun) -> None:
    if run.status not in EDITABLE:
        raise ServiceError(
            _("This run is %(status)s; start a new run to change it.")
            % {"status": run.status_words},
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


def notify(
    person: Person,
    subject: Promise,
    params: dict[str, Any],
    template: str,
    context: dict[str, Any],
) -> None:
    """E-mail a person in their own language: `subject` is a gettext_lazy string with
    `params` for its placeholders, worded (with the body) only once their language is on."""
    with language_of(User.objects.filter(person=person).first()):
        send_mail(
            subject=str(subject) % params,
            message=render_to_string(template, context),
            from_email=None,
            recipient_list=[person.email],
        )
