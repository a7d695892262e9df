"""Reads for reviewing a run: two runs (or a run and a what-if) side by side, and an engine
result mapped back to participants and names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from upward.matching import reasons
from upward.matching.models import MatchRun
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
