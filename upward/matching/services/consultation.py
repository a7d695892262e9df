"""Consultation: leaders (and mentors, if the program says so) see their proposed partner and
accept or ask for another, by a deadline the coordinator sets and may extend.

After the deadline, silence counts as yes: an unanswered proposal stays in the run and is
published like an accepted one (recorded as "no answer" at publish). People are told so in the
invitation e-mail and on their page, and the coordinator sees the count on the review page.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings as django_settings
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from upward import humane
from upward.access import require_manage
from upward.errors import ServiceError
from upward.matching.models import MatchRun, PairRule, ProposedPair
from upward.matching.selectors.consultation import side_of
from upward.matching.services.common import notify, rule_set
from upward.people.models import User

Status = MatchRun.Status
Response = ProposedPair.Response
MAX_DAYS = 60  # a consultation is a short pause before introductions, not a standing vote


def _check_deadline(deadline: dt.date, *, after: dt.date | None = None) -> None:
    today = timezone.localdate()
    if deadline <= today:
        raise ServiceError(_("The deadline must be in the future."), field="deadline", status=422)
    if deadline > today + dt.timedelta(days=MAX_DAYS):
        raise ServiceError(
            ngettext(
                "Give people at most %(n)d day to answer.",
                "Give people at most %(n)d days to answer.",
                MAX_DAYS,
            )
            % {"n": MAX_DAYS},
            field="deadline",
            status=422,
        )
    if after is not None and deadline <= after:
        raise ServiceError(
            _("Choose a date after the current deadline (%(day)s).") % {"day": humane.day(after)},
            field="deadline",
            status=422,
        )


def _lock(run: MatchRun) -> MatchRun:
    """Lock the run's row and refresh the caller's object, so callers keep an up-to-date run."""
    list(MatchRun.objects.select_for_update().filter(pk=run.pk).values_list("pk", flat=True))
    run.refresh_from_db()
    return run


def _link() -> str:
    return f"{django_settings.SITE_URL}{reverse('matching:my_proposals')}"


@transaction.atomic
def consultation_start(*, actor: User, run: MatchRun, deadline: dt.date) -> MatchRun:
    """Ask leaders (and mentors, if the program says so) to accept their proposed partner."""
    require_manage(actor=actor, program=run.program)
    run = _lock(run)
    if run.status != Status.DONE:
        raise ServiceError(
            _("Only a finished run can be sent for consultation."), field="run", status=409
        )
    _check_deadline(deadline)
    consult_mentors = run.program.consult_mentors
    run.status = Status.CONSULTING
    run.consultation_deadline = deadline
    run.save(update_fields=["status", "consultation_deadline"])
    proposals = list(run.proposals.select_related("leader__person", "mentor__person"))
    for proposal in proposals:
        proposal.leader_response = Response.PENDING
        proposal.mentor_response = Response.PENDING if consult_mentors else Response.NOT_ASKED
        proposal.save(update_fields=["leader_response", "mentor_response"])
    link = _link()

    def send() -> None:
        for proposal in proposals:
            people = [proposal.leader] + ([proposal.mentor] if consult_mentors else [])
            for participant in people:
                notify(
                    participant.person,
                    gettext_lazy("Your proposed mentoring partner in %(program)s"),
                    {"program": run.program.name},
                    "matching/email/consultation.txt",
                    {"participant": participant, "run": run, "link": link},
                )

    transaction.on_commit(send)
    return run


@transaction.atomic
def consultation_extend(*, actor: User, run: MatchRun, deadline: dt.date) -> MatchRun:
    """Move the deadline later (also after it passed, to reopen answers). Only the people who
    have not answered yet are told, so nobody who already answered is asked twice."""
    require_manage(actor=actor, program=run.program)
    run = _lock(run)
    if run.status != Status.CONSULTING:
        raise ServiceError(_("Only an open consultation can be extended."), field="run", status=409)
    current = run.consultation_deadline
    _check_deadline(deadline, after=current)
    run.consultation_deadline = deadline
    run.save(update_fields=["consultation_deadline"])
    waiting = [
        participant
        for proposal in run.proposals.select_related("leader__person", "mentor__person")
        for side, participant in (("leader", proposal.leader), ("mentor", proposal.mentor))
        if getattr(proposal, f"{side}_response") == Response.PENDING
    ]
    link = _link()

    def send() -> None:
        for participant in waiting:
            notify(
                participant.person,
                gettext_lazy("More time to answer: your proposed partner in %(program)s"),
                {"program": run.program.name},
                "matching/email/consultation_extended.txt",
                {"participant": participant, "run": run, "link": link},
            )

    transaction.on_commit(send)
    return run


@transaction.atomic
def proposal_respond(
    *, actor: User, proposal: ProposedPair, accept: bool, note: str = ""
) -> ProposedPair:
    """A consulted participant accepts, or asks for another (which forbids the pair next run).
    Only the leader or mentor of the proposal answers; for anyone else it does not exist."""
    side = side_of(proposal, actor)
    if not side:
        raise Http404("No such proposal.")
    run = _lock(proposal.run)
    if run.status != Status.CONSULTING:
        raise ServiceError(
            _("This proposal is no longer open for answers."), field="proposal", status=409
        )
    if run.consultation_over:
        raise ServiceError(
            _(
                "The deadline to answer has passed, so the match stands. If it really does not "
                "suit you, tell the program coordinator."
            ),
            field="proposal",
            status=409,
        )
    current = getattr(proposal, f"{side}_response")
    if current == Response.NOT_ASKED:
        raise ServiceError(
            _("You are not asked to answer this proposal."), field="proposal", status=409
        )
    setattr(proposal, f"{side}_response", Response.ACCEPTED if accept else Response.DECLINED)
    setattr(proposal, f"{side}_note", note.strip()[:500])
    proposal.save()
    if not accept:
        rule_set(
            program=run.program,
            leader=proposal.leader,
            mentor=proposal.mentor,
            kind=PairRule.Kind.FORBID,
            actor=actor,
            source=PairRule.Source.CONSULTATION,
        )
    elif Response.PENDING not in {proposal.leader_response, proposal.mentor_response}:
        # Both sides said yes: keep the pair through any re-run around the refusals.
        rule_set(
            program=run.program,
            leader=proposal.leader,
            mentor=proposal.mentor,
            kind=PairRule.Kind.LOCK,
            actor=actor,
            source=PairRule.Source.CONSULTATION,
        )
        proposal.locked = True
        proposal.save(update_fields=["locked"])
    return proposal
