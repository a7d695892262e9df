"""Reads for match runs, scoped: coordinators/org admins of the program see runs; a consulted
participant sees only the proposals that name them, and only during consultation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from upward.access import AnyUser, can_manage
from upward.matching.models import MatchRun, PairRule, ProposedPair
from upward.matching.runs import humanizer
from upward.people.models import User
from upward.programs.models import Intake, Participant, Program, Topic


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


@dataclass
class ConsultationSummary:
    """Answers counted per person asked (a proposal may ask both the leader and the mentor)."""

    asked: int = 0
    accepted: int = 0
    declined: int = 0
    waiting: int = 0
    no_answer: int = 0
    deadline: Any = None
    over: bool = False


def consultation_summary(run: MatchRun) -> ConsultationSummary | None:
    if run.consultation_deadline is None:
        return None
    summary = ConsultationSummary(deadline=run.consultation_deadline, over=run.consultation_over)
    Response = ProposedPair.Response
    for proposal in run.proposals.select_related("run"):
        for side in ("leader", "mentor"):
            answer = proposal.answer_of(side)
            if answer == Response.NOT_ASKED:
                continue
            summary.asked += 1
            if answer == Response.ACCEPTED:
                summary.accepted += 1
            elif answer == Response.DECLINED:
                summary.declined += 1
            elif answer == Response.PENDING:
                summary.waiting += 1
            else:
                summary.no_answer += 1
    return summary


def proposals_for_participant(*, user: AnyUser) -> QuerySet[ProposedPair]:
    """Proposals the user is asked to answer (consultation open)."""
    if not user.is_authenticated:
        return ProposedPair.objects.none()
    if not isinstance(user, User):
        return ProposedPair.objects.none()
    mine = Q(user=user)
    if user.person_id:
        mine |= Q(person_id=user.person_id)
    participants = Participant.objects.filter(mine)
    return (
        ProposedPair.objects.filter(run__status=MatchRun.Status.CONSULTING)
        .filter(
            Q(leader__in=participants) & ~Q(leader_response=ProposedPair.Response.NOT_ASKED)
            | Q(mentor__in=participants) & ~Q(mentor_response=ProposedPair.Response.NOT_ASKED)
        )
        .select_related(
            "run__program",
            "leader__person__department",
            "mentor__person__department",
            "leader__intake",
            "mentor__intake",
        )
    )


def proposals_awaiting_answer(*, user: AnyUser) -> list[ProposedPair]:
    """Proposals on which this user's own answer is still pending and the deadline not passed."""
    return [
        p
        for p in proposals_for_participant(user=user)
        if (side := side_of(p, user)) and p.answer_of(side) == ProposedPair.Response.PENDING
    ]


def proposal_for_participant(*, user: AnyUser, pk: int) -> ProposedPair:
    proposal = proposals_for_participant(user=user).filter(pk=pk).first()
    if proposal is None:
        raise Http404("No such proposal.")
    return proposal


@dataclass
class PartnerSummary:
    """What a consulted person sees of their proposed partner: directory basics and the parts of
    the intake meant for a partner (never goals a mentor will not represent)."""

    intake: Any
    topics: list[str]


def partner_summary(partner: Participant) -> PartnerSummary:
    intake = Intake.objects.filter(participant=partner).first()
    topic_names = dict(Topic.objects.values_list("slug", "name"))
    topics: list[str] = []
    if intake is not None:
        levels = dict(intake.topics or {})
        if partner.role == Participant.Role.MENTOR:
            for slug in intake.sensitive_topics or []:
                levels[slug] = max(levels.get(slug, 0), 2)
            for slug in intake.not_represent or []:
                levels.pop(slug, None)
        topics = [
            topic_names.get(s) or s
            for s, lvl in sorted(levels.items(), key=lambda kv: -kv[1])
            if lvl
        ]
    return PartnerSummary(intake=intake, topics=topics)


def side_of(proposal: ProposedPair, user: AnyUser) -> str:
    """ "leader" or "mentor": the side of the proposal the user is on; "" for anyone else."""
    if not isinstance(user, User) or not user.is_authenticated:
        return ""
    for role, p in (("leader", proposal.leader), ("mentor", proposal.mentor)):
        if p.user_id == user.pk or (user.person_id and p.person_id == user.person_id):
            return role
    return ""


@dataclass
class CompareRow:
    leader: str
    mentor_a: str
    mentor_b: str
    score_a: int | None
    score_b: int | None

    @property
    def changed(self) -> bool:
        return self.mentor_a != self.mentor_b


@dataclass
class Comparison:
    rows: list[CompareRow] = field(default_factory=list)
    totals: dict[str, Any] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        return sum(1 for r in self.rows if r.changed)


def _summary(pairs: dict[str, tuple[str, float]]) -> dict[str, Any]:
    scores = [s for _, s in pairs.values()]
    return {
        "pairs": len(scores),
        "total": round(sum(scores) * 100),
        "min": round(min(scores) * 100) if scores else None,
    }


def compare_pairs(a: dict[str, tuple[str, float]], b: dict[str, tuple[str, float]]) -> Comparison:
    """Leader name -> (mentor name, score) on each side; rows for every leader in either."""
    rows = [
        CompareRow(
            leader=leader,
            mentor_a=a.get(leader, ("–", 0.0))[0],
            mentor_b=b.get(leader, ("–", 0.0))[0],
            score_a=round(a[leader][1] * 100) if leader in a else None,
            score_b=round(b[leader][1] * 100) if leader in b else None,
        )
        for leader in sorted(set(a) | set(b))
    ]
    rows.sort(key=lambda r: (not r.changed, r.leader))
    return Comparison(rows=rows, totals={"a": _summary(a), "b": _summary(b)})


def run_pairs_by_leader(run: MatchRun) -> dict[str, tuple[str, float]]:
    return {p.leader.person.name: (p.mentor.person.name, p.score) for p in proposals_of(run=run)}


def compare_runs(a: MatchRun, b: MatchRun) -> Comparison:
    return compare_pairs(run_pairs_by_leader(a), run_pairs_by_leader(b))


@dataclass
class PreviewPair:
    leader: int
    leader_name: str
    mentor: int
    mentor_name: str
    score: float
    reasons: list[str]


def preview_pairs(run: MatchRun, result: dict[str, Any]) -> list[PreviewPair]:
    """An engine result on this run's instance, with participant ids and names (what-if API)."""
    by_engine_id = {
        f"p{p.person_id}": p
        for p in Participant.objects.filter(program=run.program).select_related("person")
    }
    human = humanizer(run.instance, {k: p.person.name for k, p in by_engine_id.items()})
    out = []
    for item in result["pairs"]:
        leader, mentor = by_engine_id.get(item["leader"]), by_engine_id.get(item["mentor"])
        if leader is None or mentor is None:
            continue  # someone left the program since the run; the preview cannot name them
        out.append(
            PreviewPair(
                leader=leader.pk,
                leader_name=leader.person.name,
                mentor=mentor.pk,
                mentor_name=mentor.person.name,
                score=float(item["score"]),
                reasons=[human(r) for r in item.get("reasons", [])],
            )
        )
    return out


def preview_pairs_by_leader(run: MatchRun, result: dict[str, Any]) -> dict[str, tuple[str, float]]:
    """Map an engine result on this run's instance back to names."""
    by_id = {
        f"p{p.person_id}": p.person.name
        for p in Participant.objects.filter(program=run.program).select_related("person")
    }
    return {
        by_id.get(item["leader"], item["leader"]): (
            by_id.get(item["mentor"], item["mentor"]),
            float(item["score"]),
        )
        for item in result["pairs"]
    }
