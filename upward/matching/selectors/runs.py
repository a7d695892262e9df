"""Reads of match runs for the program's coordinators and org admins: each fetch by id goes
through `upward.access` and answers 404 to anyone else."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from upward import humane
from upward.access import AnyUser, can_manage
from upward.matching.models import MatchRun, PairRule, ProposedPair
from upward.programs.models import Participant, Program


def runs_of(*, program: Program) -> QuerySet[MatchRun]:
    return MatchRun.objects.filter(program=program).select_related("created_by")


def run_get(*, user: AnyUser, pk: int, program: Program | None = None) -> MatchRun:
    """A run the user may manage (its program's coordinators and org admins); else 404.
    With `program`, the run must also belong to it (the API addresses runs inside programs)."""
    runs = MatchRun.objects.select_related("program").filter(pk=pk)
    if program is not None:
        runs = runs.filter(program=program)
    run = runs.first()
    if run is None or not can_manage(user=user, program=run.program):
        raise Http404("No such match run.")
    return run


def proposal_get(*, user: AnyUser, pk: int) -> ProposedPair:
    """A proposed pair of a run the user may manage; else 404."""
    proposal = ProposedPair.objects.select_related("run__program").filter(pk=pk).first()
    if proposal is None or not can_manage(user=user, program=proposal.run.program):
        raise Http404("No such proposal.")
    return proposal


def rule_get(*, user: AnyUser, pk: int) -> PairRule:
    """A standing lock/forbid rule of a program the user may manage; else 404."""
    rule = PairRule.objects.select_related("program").filter(pk=pk).first()
    if rule is None or not can_manage(user=user, program=rule.program):
        raise Http404("No such rule.")
    return rule


def proposals_of(*, run: MatchRun) -> QuerySet[ProposedPair]:
    return run.proposals.select_related(
        "run", "leader__person__department", "mentor__person__department"
    ).order_by("-score", "pk")


@dataclass
class RunTotals:
    """The numbers above the review table; recomputed after every lock, forbid and swap."""

    pairs: int
    total: int | None
    lowest: int | None
    locked: int
    unmatched: int
    excluded: int


def run_totals(run: MatchRun) -> RunTotals:
    rows = list(run.proposals.values_list("score", "locked"))
    scores = [score for score, _ in rows]
    return RunTotals(
        pairs=len(rows),
        total=round(sum(scores) * 100) if scores else None,
        lowest=round(min(scores) * 100) if scores else None,
        locked=sum(1 for _, locked in rows if locked),
        unmatched=run.unmatched.count(),
        excluded=len(run.excluded or []),
    )


def active_or_queued(program: Program) -> MatchRun | None:
    return (
        MatchRun.objects.filter(program=program)
        .filter(Q(status=MatchRun.Status.QUEUED) | Q(status=MatchRun.Status.RUNNING))
        .first()
    )


def rules_for(program: Program) -> QuerySet[PairRule]:
    return PairRule.objects.filter(program=program).select_related(
        "leader__person", "mentor__person"
    )


def publish_warnings(run: MatchRun) -> list[str]:
    """What the coordinator should read before publishing; any of these needs a confirmation."""
    proposals = list(run.proposals.select_related("run"))
    pending = sum(
        1
        for p in proposals
        if ProposedPair.Response.PENDING in {p.leader_response, p.mentor_response}
    )
    declined = sum(1 for p in proposals if p.declined)
    warnings = []
    if pending and run.consultation_over:
        warnings.append(
            ngettext(
                "%(n)d proposal had no answer by the deadline; as the consultation said, it "
                "counts as accepted and will be published.",
                "%(n)d proposals had no answer by the deadline; as the consultation said, they "
                "count as accepted and will be published.",
                pending,
            )
            % {"n": pending}
        )
    elif pending:
        day = run.consultation_deadline
        deadline = humane.day(day) if day else _("not set")
        warnings.append(
            ngettext(
                "%(n)d proposal is still waiting for an answer (deadline %(deadline)s); "
                "publishing now counts it as accepted.",
                "%(n)d proposals are still waiting for an answer (deadline %(deadline)s); "
                "publishing now counts them as accepted.",
                pending,
            )
            % {"n": pending, "deadline": deadline}
        )
    if declined:
        warnings.append(
            ngettext(
                "%(n)d proposal was declined and will not be published.",
                "%(n)d proposals were declined and will not be published.",
                declined,
            )
            % {"n": declined}
        )
    if run.unmatched.filter(participant__role=Participant.Role.LEADER).exists():
        warnings.append(_("Some leaders are unmatched; they can be matched later as late joiners."))
    return warnings
