"""Review writes on a finished run: lock, forbid and swap proposals (standing rules for the next
runs), and remove a rule. Every change is the program's coordinators' (or org admins')."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from upward.access import require_manage
from upward.engine import InstanceError, solve
from upward.errors import ServiceError
from upward.matching import reasons
from upward.matching.models import MatchRun, PairRule, ProposedPair, UnmatchedEntry
from upward.matching.selectors.pool import engine_id
from upward.matching.services.common import require_editable, rule_set
from upward.people.models import User
from upward.programs.models import Participant, Program

Response = ProposedPair.Response


@transaction.atomic
def proposal_lock(*, actor: User, proposal: ProposedPair, locked: bool = True) -> ProposedPair:
    """Keep this pair in every later run (or release it)."""
    program = proposal.run.program
    require_manage(actor=actor, program=program)
    require_editable(proposal.run)
    if locked:
        # One lock per leader: a new lock replaces an older one for the same leader.
        PairRule.objects.filter(
            program=program, leader=proposal.leader, kind=PairRule.Kind.LOCK
        ).exclude(mentor=proposal.mentor).delete()
        rule_set(
            program=program,
            leader=proposal.leader,
            mentor=proposal.mentor,
            kind=PairRule.Kind.LOCK,
            actor=actor,
        )
    else:
        PairRule.objects.filter(
            program=program,
            leader=proposal.leader,
            mentor=proposal.mentor,
            kind=PairRule.Kind.LOCK,
        ).delete()
    proposal.locked = locked
    proposal.save(update_fields=["locked"])
    return proposal


@transaction.atomic
def proposal_forbid(
    *, actor: User, proposal: ProposedPair, source: str = PairRule.Source.COORDINATOR
) -> None:
    """Never propose these two together again; both wait for the next run."""
    run = proposal.run
    require_manage(actor=actor, program=run.program)
    require_editable(run)
    rule_set(
        program=run.program,
        leader=proposal.leader,
        mentor=proposal.mentor,
        kind=PairRule.Kind.FORBID,
        actor=actor,
        source=source,
    )
    # Stored in English and worded for the reader on the page (reasons.UNMATCHED_BY_APP).
    why = (
        "asked for another match; re-run to match"
        if source == PairRule.Source.CONSULTATION
        else "pair forbidden by the coordinator; re-run to match"
    )
    for person in (proposal.leader, proposal.mentor):
        UnmatchedEntry.objects.create(run=run, participant=person, reason=why)
    proposal.delete()
    _refresh_stats(run)


def _pair_preview(run: MatchRun, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Score given pairs exactly as the engine would, by solving them as locked pairs."""
    instance = run.instance
    wanted_l = {p[0] for p in pairs}
    wanted_m = {p[1] for p in pairs}
    data = {
        "version": 1,
        "settings": instance.get("settings", {}),
        "leaders": [e for e in instance.get("leaders", []) if e["id"] in wanted_l],
        "mentors": [
            {**e, "capacity": max(1, sum(1 for p in pairs if p[1] == e["id"]))}
            for e in instance.get("mentors", [])
            if e["id"] in wanted_m
        ],
        "locked": [list(p) for p in pairs],
    }
    return solve(data)


@transaction.atomic
def proposal_swap(*, actor: User, first: ProposedPair, second: ProposedPair) -> None:
    """Exchange the mentors of two proposals; both new pairs are scored and locked."""
    run = first.run
    require_manage(actor=actor, program=run.program)
    require_editable(run)
    if second.run_id != run.pk or first.pk == second.pk:
        raise ServiceError(
            _("Choose two different pairs of the same run."), field="second", status=409
        )
    pairs = [
        (engine_id(first.leader), engine_id(second.mentor)),
        (engine_id(second.leader), engine_id(first.mentor)),
    ]
    names = {
        engine_id(p): p.person.name
        for p in (first.leader, first.mentor, second.leader, second.mentor)
    }
    words = reasons.naming(names)
    try:
        result = _pair_preview(run, pairs)
    except InstanceError as exc:
        said = reasons.Words(names=names)
        broken = [reasons.say(r, said) for r in exc.reasons] or list(exc.problems)
        raise ServiceError(
            _("That swap breaks a rule: %(problems)s") % {"problems": "; ".join(broken)},
            field="second",
            status=409,
        ) from None
    by_leader = {item["leader"]: item for item in result["pairs"]}
    first_mentor, second_mentor = first.mentor, second.mentor
    for proposal, mentor in ((first, second_mentor), (second, first_mentor)):
        item = by_leader[engine_id(proposal.leader)]
        PairRule.objects.filter(
            program=run.program, leader=proposal.leader, kind=PairRule.Kind.LOCK
        ).delete()
        proposal.mentor = mentor
        proposal.score = float(item["score"])
        proposal.breakdown = item.get("breakdown", {})
        proposal.reasons = reasons.sentences(item["reasons"], words)
        proposal.explanation = reasons.explained(item["reasons"])
        proposal.edited = True
        proposal.locked = True
        proposal.leader_response = proposal.mentor_response = Response.NOT_ASKED
        proposal.save()
        rule_set(
            program=run.program,
            leader=proposal.leader,
            mentor=mentor,
            kind=PairRule.Kind.LOCK,
            actor=actor,
        )
    _refresh_stats(run)


def _refresh_stats(run: MatchRun) -> None:
    scores = list(run.proposals.values_list("score", flat=True))
    run.stats = {
        **(run.stats or {}),
        "pairs": len(scores),
        "total_score": round(sum(scores), 4),
        "min_score": round(min(scores), 4) if scores else None,
        "edited": True,
    }
    run.save(update_fields=["stats"])


def rules_after_exit(*, program: Program, leader: Participant, mentor: Participant) -> PairRule:
    """A pair ended early (no-fault exit): its lock, if any, goes, and the two are never
    proposed together again ("ended by no-fault exit" on the review pages). Called by mentoring
    inside the exit's transaction; the person exiting acts on their own pair, so no coordinator
    is asked."""
    return rule_set(
        program=program,
        leader=leader,
        mentor=mentor,
        kind=PairRule.Kind.FORBID,
        actor=None,
        source=PairRule.Source.EXIT,
    )


def rule_delete(*, actor: User, rule: PairRule) -> None:
    require_manage(actor=actor, program=rule.program)
    rule.delete()
