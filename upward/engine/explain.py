"""Reasons as data: why a pair scores what it does, and what kept someone unmatched.

Each reason is a code plus the facts behind it (the topics, interests, rules and people involved,
in engine ids), so a coordinator can check it against what they know about the people. The words
are written by whoever shows them: see `upward.engine.reasons`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from upward.engine.candidates import Diagnostics
from upward.engine.instance import Person, Settings
from upward.engine.reasons import NAMES_SHOWN, Reason
from upward.engine.scoring import Features

GOOD_STYLE = 0.75
POOR_STYLE = 0.5
TEXT_SIGNAL = 0.05


def topics_reason(leader: Person, mentor: Person) -> Reason | None:
    wants = sorted(leader.topics.items(), key=lambda item: (-item[1], item[0]))
    if not wants:
        return None
    ids = {"leader": leader.id, "mentor": mentor.id}
    covered = [slug for slug, _ in wants if mentor.topics.get(slug, 0) > 0]
    if not covered:
        return {"code": "no_topic_covered", **ids, "goals": [slug for slug, _ in wants]}
    reason: Reason = {
        "code": "topics_covered",
        **ids,
        "covered": covered,
        "top": covered == [slug for slug, _ in wants[: len(covered)]],
        "goals": len(wants),
    }
    short = [s for s in covered if mentor.topics[s] < leader.topics[s]]
    if short:
        slug = short[0]
        reason["short"] = {"topic": slug, "can": mentor.topics[slug], "wants": leader.topics[slug]}
    return reason


def _shared(left: Sequence[str], right: Sequence[str]) -> list[str]:
    other = set(right)
    return [item for item in left if item in other]


# Words that count towards the text score but say nothing to a coordinator reading a reason
# ("their descriptions meet on makes"): everyday workplace verbs and fillers.
BLAND_TERMS = frozenset(
    [
        "able",
        "also",
        "better",
        "come",
        "day",
        "days",
        "did",
        "does",
        "doing",
        "done",
        "feel",
        "get",
        "gets",
        "getting",
        "give",
        "good",
        "got",
        "great",
        "hear",
        "help",
        "helps",
        "just",
        "keep",
        "know",
        "learn",
        "learning",
        "let",
        "like",
        "look",
        "lot",
        "lots",
        "make",
        "makes",
        "making",
        "meet",
        "more",
        "much",
        "need",
        "new",
        "people",
        "really",
        "run",
        "see",
        "seen",
        "talk",
        "team",
        "teams",
        "thing",
        "things",
        "think",
        "time",
        "try",
        "use",
        "used",
        "uses",
        "using",
        "want",
        "wants",
        "way",
        "ways",
        "week",
        "work",
        "working",
        "works",
        "year",
    ]
)


def text_terms(features: Features, li: int, mi: int, limit: int = 3) -> list[str]:
    """The telling words that contribute most to the TF-IDF cosine of this pair."""
    left, right = features.text[0].rows, features.text[1].rows
    a = slice(left.indptr[li], left.indptr[li + 1])
    b = slice(right.indptr[mi], right.indptr[mi + 1])
    # Raw CSR slices and a dict: a person's text has a handful of terms, so plain Python beats
    # building sparse row objects or sorting arrays per pair.
    mine = dict(zip(left.indices[a].tolist(), left.data[a].tolist(), strict=True))
    shared = [
        (-weight * mine[term], term)
        for term, weight in zip(right.indices[b].tolist(), right.data[b].tolist(), strict=True)
        if term in mine
    ]
    words = (str(features.text_terms[term]) for _, term in sorted(shared))
    return [w for w in words if len(w) > 3 and w not in BLAND_TERMS][:limit]


def pair_reasons(
    features: Features,
    li: int,
    mi: int,
    breakdown: dict[str, float],
    *,
    locked: bool,
    given_score: float | None,
    computed_score: float,
) -> list[Reason]:
    leader = features.instance.leaders[li]
    mentor = features.instance.mentors[mi]
    reasons: list[Reason] = []
    if locked:
        reasons.append({"code": "locked"})
    topics = topics_reason(leader, mentor)
    if topics:
        reasons.append(topics)
    interests = _shared(leader.interests, mentor.interests)
    if interests:
        reasons.append({"code": "shared_interests", "interests": interests})
    groups = _shared(leader.affinity_groups, mentor.affinity_groups)
    if groups:
        reasons.append({"code": "shared_affinity_groups", "groups": groups})
    if leader.style and mentor.style:
        style = breakdown["style"]
        if style >= GOOD_STYLE:
            reasons.append({"code": "similar_style", "match": style})
        elif style < POOR_STYLE:
            reasons.append({"code": "different_style", "match": style})
    if leader.department and mentor.department:
        if leader.department != mentor.department:
            reasons.append(
                {
                    "code": "different_departments",
                    "leader_department": leader.department,
                    "mentor_department": mentor.department,
                }
            )
        else:
            reasons.append({"code": "same_department", "department": leader.department})
    if breakdown["text"] >= TEXT_SIGNAL:
        terms = text_terms(features, li, mi)
        if terms:
            reasons.append({"code": "shared_words", "terms": terms})
    if given_score is not None:
        reasons.append({"code": "given_score", "score": given_score, "computed": computed_score})
    return reasons


def _rule_block(
    settings: Settings,
    counts: np.ndarray,
    person: Person,
    *,
    other: str,
    direction: str,
    forbidden_with: list[str],
    best: tuple[float, str | None],
) -> Reason | None:
    """The first rule that leaves nobody on the other side, for `person`."""
    facts: Reason = {"other": other, "person": person.id}
    gap = settings.min_level_gap
    if counts[0] == 0:
        return {
            "code": "level_gap",
            **facts,
            "gap": gap,
            "direction": direction,
            "level": person.level,
        }
    if counts[1] == 0:
        return {"code": "reporting_line", **facts, "gap": gap, "direction": direction}
    if counts[2] == 0:
        return {
            "code": "no_shared_language",
            **facts,
            "languages": list(person.languages),
            "outside_reporting_line": settings.exclude_reporting_line,
        }
    if counts[3] == 0:
        return {"code": "forbidden", **facts, "partners": forbidden_with}
    if counts[4] == 0:
        score, with_whom = best
        reason: Reason = {"code": "below_min_score", **facts, "min_score": settings.min_score}
        if with_whom is not None:
            reason["best"] = {"score": score, "with": with_whom}
        return reason
    return None


def _partners(partners: list[str], n_partners: int) -> Reason:
    return {"partners": partners[:NAMES_SHOWN], "partner_count": n_partners}


def unmatched_leader_reason(
    features: Features,
    diagnostics: Diagnostics,
    li: int,
    partners: list[str],
    n_partners: int,
    *,
    stable: bool,
) -> Reason:
    inst = features.instance
    leader = inst.leaders[li]
    if not inst.mentors:
        return {"code": "empty_pool", "other": "mentor"}
    best_with = int(diagnostics.leader_best_with[li])
    rule = _rule_block(
        inst.settings,
        diagnostics.leader_counts[li],
        leader,
        other="mentor",
        direction="below",
        forbidden_with=[inst.mentors[m].id for lf, m in inst.forbidden if lf == li],
        best=(
            float(diagnostics.leader_best[li]),
            inst.mentors[best_with].id if best_with >= 0 else None,
        ),
    )
    if rule is not None:
        return rule
    facts: Reason = {"other": "mentor", "person": leader.id}
    feasible = int(diagnostics.leader_counts[li, -1])
    if stable and not partners:
        return {"code": "no_mutual_choice", **facts, "feasible": feasible}
    if stable:
        return {"code": "preferred_elsewhere", **facts, **_partners(partners, n_partners)}
    return {"code": "outscored", **facts, "feasible": feasible, **_partners(partners, n_partners)}


def unmatched_mentor_reason(
    features: Features,
    diagnostics: Diagnostics,
    mi: int,
    capacity_left: int,
    partners: list[str],
    n_partners: int,
    *,
    stable: bool,
) -> Reason:
    inst = features.instance
    mentor = inst.mentors[mi]
    if mentor.capacity == 0:
        return {"code": "no_capacity"}
    left: Reason = {"capacity_left": capacity_left}
    if not inst.leaders:
        return {"code": "empty_pool", "other": "leader", **left}
    best_with = int(diagnostics.mentor_best_with[mi])
    rule = _rule_block(
        inst.settings,
        diagnostics.mentor_counts[mi],
        mentor,
        other="leader",
        direction="above",
        forbidden_with=[inst.leaders[lf].id for lf, m in inst.forbidden if m == mi],
        best=(
            float(diagnostics.mentor_best[mi]),
            inst.leaders[best_with].id if best_with >= 0 else None,
        ),
    )
    if rule is not None:
        return {**rule, **left}
    facts: Reason = {"other": "leader", "person": mentor.id, **left}
    feasible = int(diagnostics.mentor_counts[mi, -1])
    if stable and not partners:
        return {"code": "no_mutual_choice", **facts, "feasible": feasible}
    if stable:
        return {"code": "preferred_elsewhere", **facts, **_partners(partners, n_partners)}
    return {"code": "outscored", **facts, "feasible": feasible, **_partners(partners, n_partners)}
