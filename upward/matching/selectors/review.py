"""Reads for reviewing a run: two runs (or a run and a what-if) side by side, and an engine
result mapped back to participants and names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from upward.engine.instance import CRITERIA, DEFAULT_WEIGHTS
from upward.matching import reasons
from upward.matching.models import MatchRun, ProposedPair
from upward.matching.selectors.runs import proposals_of
from upward.programs.models import Participant


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


def rescore(breakdown: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """A pair's score under other weights: its per-criterion parts (what the engine stored with
    the proposal), weighted and normalised as the engine does (weights summing to 1)."""
    total = sum(float(weights.get(c, 0)) for c in CRITERIA)
    if total <= 0:
        return 0.0
    return sum(float(weights.get(c, 0)) * float(breakdown.get(c, 0)) for c in CRITERIA) / total


def proposals_rescored(
    run: MatchRun, weights: Mapping[str, float], kept: Mapping[int, tuple[int, float]]
) -> list[tuple[ProposedPair, float]]:
    """The run's own pairs, each scored with `weights` (a what-if's, another run's), so that its
    totals and the other side's are sums of the same measure and differ only by who is paired
    with whom.

    `kept` is the other side's pairs (leader participant id -> (mentor participant id, score)),
    scored with `weights`: a pair the other side also has takes that score (the engine's,
    exactly); another is re-scored from its stored breakdown; a score given in the run's input
    stays as given (the engine never re-weights those either).
    """
    given = (run.instance or {}).get("scores") or {}
    out: list[tuple[ProposedPair, float]] = []
    for p in proposals_of(run=run):
        explicit = (given.get(f"p{p.leader.person_id}") or {}).get(f"p{p.mentor.person_id}")
        other = kept.get(p.leader_id)
        if explicit is not None:
            score = float(explicit)
        elif other is not None and other[0] == p.mentor_id:
            score = other[1]
        else:
            score = rescore(p.breakdown or {}, weights)
        out.append((p, score))
    return out


def run_pairs_rescored(
    run: MatchRun, weights: Mapping[str, float], kept: Mapping[int, tuple[int, float]]
) -> dict[str, tuple[str, float]]:
    """`proposals_rescored` by leader name, for `compare_pairs`."""
    return {
        p.leader.person.name: (p.mentor.person.name, score)
        for p, score in proposals_rescored(run, weights, kept)
    }


def run_weights(run: MatchRun) -> dict[str, float] | None:
    """The weights a run was solved with (None for a run without a stored pool)."""
    if not run.instance:
        return None
    given = (run.instance.get("settings") or {}).get("weights")
    # As the engine reads them: no weights means the defaults, a weights object is complete
    # (a criterion it leaves out weighs 0).
    return dict(DEFAULT_WEIGHTS) if given is None else {c: float(given.get(c, 0)) for c in CRITERIA}


def compare_runs(a: MatchRun, b: MatchRun) -> Comparison:
    """Run `a` against run `b`, both scored with `b`'s weights: two runs solved with different
    weights have totals in different measures, so `a`'s pairs are re-scored with `b`'s."""
    weights = run_weights(b)
    if weights is None:
        return compare_pairs(run_pairs_by_leader(a), run_pairs_by_leader(b))
    kept = {p.leader_id: (p.mentor_id, p.score) for p in proposals_of(run=b)}
    return compare_pairs(run_pairs_rescored(a, weights, kept), run_pairs_by_leader(b))


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
    words = reasons.naming({k: p.person.name for k, p in by_engine_id.items()})
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
                reasons=reasons.sentences(item["reasons"], words),
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


def preview_kept(preview: list[PreviewPair]) -> dict[int, tuple[int, float]]:
    """A what-if's pairs as `proposals_rescored` takes them."""
    return {p.leader: (p.mentor, p.score) for p in preview}
