"""Plain-language reasons: why a pair scores what it does, and what kept someone unmatched.

Sentences name the topics, interests and facts behind the numbers so a coordinator can check them
against what they know about the people, and repeat them to the people themselves.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from upward.engine.candidates import Diagnostics
from upward.engine.instance import Person, Settings
from upward.engine.scoring import Features

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
GOOD_STYLE = 0.75
POOR_STYLE = 0.5
TEXT_SIGNAL = 0.05
NAMES_SHOWN = 3


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _count(n: int) -> str:
    return NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)


def names(ids: Sequence[str], total: int | None = None) -> str:
    """'A, B, C and 4 more': the first few ids of a list of ``total`` (default: all given)."""
    total = len(ids) if total is None else total
    shown = ", ".join(ids[:NAMES_SHOWN])
    return shown if total <= NAMES_SHOWN else f"{shown} and {total - NAMES_SHOWN} more"


def _all(n: int, noun: str) -> str:
    """'the only mentor', 'both mentors', 'all 5 mentors'."""
    if n == 1:
        return f"the only {noun}"
    return f"both {noun}s" if n == 2 else f"all {n} {noun}s"


def topics_reason(leader: Person, mentor: Person) -> str | None:
    wants = sorted(leader.topics.items(), key=lambda item: (-item[1], item[0]))
    if not wants:
        return None
    covered = [slug for slug, _ in wants if mentor.topics.get(slug, 0) > 0]
    if not covered:
        goals = names([slug for slug, _ in wants])
        return f"{mentor.id} cannot teach any of {leader.id}'s goals ({goals})"
    n = len(covered)
    if covered == [slug for slug, _ in wants[:n]]:
        whose = f"{leader.id}'s top goal" if n == 1 else f"{leader.id}'s top {_count(n)} goals"
    else:
        whose = f"{_count(n)} of {leader.id}'s {_count(len(wants))} goals"
    sentence = f"{mentor.id} can teach {_and(covered)}, {whose}"
    short = [s for s in covered if mentor.topics[s] < leader.topics[s]]
    if short:
        slug = short[0]
        sentence += (
            f" ({slug} at level {mentor.topics[slug]} where {leader.id} wants "
            f"{leader.topics[slug]})"
        )
    return sentence


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
    left, right = features.text[0].sparse, features.text[1].sparse
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
) -> list[str]:
    leader = features.instance.leaders[li]
    mentor = features.instance.mentors[mi]
    reasons: list[str] = []
    if locked:
        reasons.append("Locked by the coordinator")
    topics = topics_reason(leader, mentor)
    if topics:
        reasons.append(topics)
    interests = _shared(leader.interests, mentor.interests)
    if interests:
        reasons.append(f"Both enjoy {_and(interests)}")
    groups = _shared(leader.affinity_groups, mentor.affinity_groups)
    if groups:
        noun = "group" if len(groups) == 1 else "groups"
        reasons.append(f"Both belong to the {_and(groups)} affinity {noun}")
    if leader.style and mentor.style:
        style = breakdown["style"]
        if style >= GOOD_STYLE:
            reasons.append(f"Similar working styles ({style:.0%} match)")
        elif style < POOR_STYLE:
            reasons.append(
                f"Different working styles ({style:.0%} match): agree early on how to work together"
            )
    if leader.department and mentor.department:
        if leader.department != mentor.department:
            reasons.append(
                f"Different departments ({leader.department} / {mentor.department}): "
                "a view from outside the leader's world"
            )
        else:
            reasons.append(f"Same department ({leader.department}): less of an outside view")
    if breakdown["text"] >= TEXT_SIGNAL:
        terms = text_terms(features, li, mi)
        if terms:
            reasons.append(f"Their own descriptions meet on {_and(terms)}")
    if given_score is not None:
        reasons.append(
            f"Score {given_score:g} given in the input (the criteria alone give "
            f"{computed_score:.2f})"
        )
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
) -> str | None:
    """The first rule that leaves nobody on the other side, phrased for `person`."""
    gap = settings.min_level_gap
    if counts[0] == 0:
        level = f" ({person.id} is level {person.level:g})" if person.level is not None else ""
        return f"no {other} at least {gap:g} levels {direction}{level}"
    if counts[1] == 0:
        return (
            f"every {other} at least {gap:g} levels {direction} is in {person.id}'s reporting line"
        )
    if counts[2] == 0:
        where = " outside the reporting line" if settings.exclude_reporting_line else ""
        return f"no {other}{where} speaks {' or '.join(person.languages)}"
    if counts[3] == 0:
        return f"the only possible {other}s ({names(forbidden_with)}) are forbidden pairs"
    if counts[4] == 0:
        score, with_whom = best
        detail = f" (best: {score:.2f} with {with_whom})" if with_whom is not None else ""
        return f"no {other} reaches min_score {settings.min_score:g}{detail}"
    return None


def unmatched_leader_reason(
    features: Features,
    diagnostics: Diagnostics,
    li: int,
    partners: list[str],
    n_partners: int,
    *,
    stable: bool,
) -> str:
    inst = features.instance
    leader = inst.leaders[li]
    if not inst.mentors:
        return "no mentors in the pool"
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
    feasible = int(diagnostics.leader_counts[li, -1])
    if stable:
        if not partners:
            return (
                f"none of the {feasible} feasible mentors is on {leader.id}'s list "
                f"with {leader.id} on theirs"
            )
        verb = "was" if n_partners == 1 else "were"
        return (
            f"{_all(n_partners, 'mentor')} {leader.id} could pair with "
            f"({names(partners, n_partners)}) {verb} at capacity with leaders they rank higher"
        )
    verb = "was" if feasible == 1 else "were"
    shown = f" (best for {leader.id}: {names(partners, n_partners)})" if partners else ""
    return (
        f"{_all(feasible, 'feasible mentor')} {verb} at capacity with better-scoring pairs{shown}"
    )


def unmatched_mentor_reason(
    features: Features,
    diagnostics: Diagnostics,
    mi: int,
    capacity_left: int,
    partners: list[str],
    n_partners: int,
    *,
    stable: bool,
) -> str:
    inst = features.instance
    mentor = inst.mentors[mi]
    if mentor.capacity == 0:
        return "capacity 0: not taking a leader this round"
    prefix = f"capacity left: {capacity_left}; "
    if not inst.leaders:
        return prefix + "no leaders in the pool"
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
        return prefix + rule
    feasible = int(diagnostics.mentor_counts[mi, -1])
    if stable and not partners:
        return (
            prefix + f"no feasible leader left: none of the {feasible} feasible leaders is on "
            f"{mentor.id}'s list with {mentor.id} on theirs"
        )
    if stable:
        verb = "was" if n_partners == 1 else "were"
        return (
            prefix + f"no feasible leader left: {_all(n_partners, 'leader')} {mentor.id} could "
            f"pair with ({names(partners, n_partners)}) {verb} matched with mentors they rank "
            "higher"
        )
    verb = "was" if feasible == 1 else "were"
    shown = f" ({names(partners, n_partners)})" if partners else ""
    return (
        prefix + f"no feasible leader left: {_all(feasible, 'feasible leader')} {verb} matched "
        f"with better-scoring pairs{shown}"
    )
