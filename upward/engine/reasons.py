"""Reasons as data, and the one phrasebook that turns them into plain sentences.

The engine explains every pair and every unmatched person with a *reason*: a JSON-ready dict with
a ``code`` and the facts behind it, in engine ids and topic slugs, e.g.
``{"code": "shared_interests", "interests": ["cycling"]}``. It never writes English itself.

Who reads a reason decides how people and topics are called: `render` takes a `Naming`. The
`upward match` command uses the engine's own ids (`ENGINE_NAMING`, the contract's plain sentences);
the web app passes people's names and topic titles (see ``upward/matching/reasons.py``).

To add a reason: pick a code, emit it from ``explain.py`` with its facts, add its sentence here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Reason = dict[str, Any]

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
NAMES_SHOWN = 3


@dataclass(frozen=True)
class Naming:
    """How a reader calls the people, topics and settings a reason refers to."""

    person: Callable[[str], str] = str
    topic: Callable[[str], str] = str
    min_score: str = "min_score"
    min_level_gap: str = "min_level_gap"


ENGINE_NAMING = Naming()


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _count(n: int) -> str:
    return NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)


def _names(shown: Sequence[str], total: int | None = None) -> str:
    """'A, B, C and 4 more': the first few of a list of ``total`` (default: all given)."""
    total = len(shown) if total is None else total
    listed = ", ".join(shown[:NAMES_SHOWN])
    return listed if total <= NAMES_SHOWN else f"{listed} and {total - NAMES_SHOWN} more"


def _all(n: int, noun: str) -> str:
    """'the only mentor', 'both mentors', 'all 5 mentors'."""
    if n == 1:
        return f"the only {noun}"
    return f"both {noun}s" if n == 2 else f"all {n} {noun}s"


def _ordinal(position: int) -> str:
    suffix = "th" if 10 <= position % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(position % 10)
    return f"{position}{suffix or 'th'}"


def _was(n: int) -> str:
    return "was" if n == 1 else "were"


def render(reason: Reason, naming: Naming = ENGINE_NAMING) -> str:
    """One reason as a sentence, with people and topics called as ``naming`` says."""
    sentence = _sentence(reason, naming)
    if "capacity_left" in reason:  # an unmatched mentor's reason starts with what they have left
        return f"capacity left: {reason['capacity_left']}; {sentence}"
    return sentence


def _sentence(r: Reason, n: Naming) -> str:
    code = r["code"]
    person, topic = n.person, n.topic
    if code == "locked":
        return "Locked by the coordinator"
    if code == "stable_ranks":
        return (
            f"{person(r['leader'])} ranks {person(r['mentor'])} {_ordinal(r['leader_rank'])} "
            f"and {person(r['mentor'])} ranks {person(r['leader'])} "
            f"{_ordinal(r['mentor_rank'])} among the partners open to them"
        )
    if code == "no_topic_covered":
        goals = _names([topic(s) for s in r["goals"]])
        return f"{person(r['mentor'])} cannot teach any of {person(r['leader'])}'s goals ({goals})"
    if code == "topics_covered":
        leader, covered, k = person(r["leader"]), r["covered"], len(r["covered"])
        if r["top"]:
            whose = f"{leader}'s top goal" if k == 1 else f"{leader}'s top {_count(k)} goals"
        else:
            whose = f"{_count(k)} of {leader}'s {_count(r['goals'])} goals"
        sentence = f"{person(r['mentor'])} can teach {_and([topic(s) for s in covered])}, {whose}"
        short = r.get("short")
        if short:
            sentence += (
                f" ({topic(short['topic'])} at level {short['can']} where {leader} wants "
                f"{short['wants']})"
            )
        return sentence
    if code == "shared_interests":
        return f"Both enjoy {_and(r['interests'])}"
    if code == "shared_affinity_groups":
        noun = "group" if len(r["groups"]) == 1 else "groups"
        return f"Both belong to the {_and(r['groups'])} affinity {noun}"
    if code == "similar_style":
        return f"Similar working styles ({r['match']:.0%} match)"
    if code == "different_style":
        return (
            f"Different working styles ({r['match']:.0%} match): agree early on how to work "
            "together"
        )
    if code == "different_departments":
        return (
            f"Different departments ({r['leader_department']} / {r['mentor_department']}): "
            "a view from outside the leader's world"
        )
    if code == "same_department":
        return f"Same department ({r['department']}): less of an outside view"
    if code == "shared_words":
        return f"Their own descriptions meet on {_and(r['terms'])}"
    if code in ("locked_twice", "locked_beyond_capacity", "locked_infeasible"):
        return _locked(r, n)
    if code == "given_score":
        return (
            f"Score {r['score']:g} given in the input (the criteria alone give {r['computed']:.2f})"
        )
    return _unmatched(r, n)


def _locked(r: Reason, n: Naming) -> str:
    """Problems with a coordinator's locked pairs (input errors, not results)."""
    person = n.person
    if r["code"] == "locked_twice":
        return f"leader {person(r['leader'])} is locked twice (also locked[{r['also']}])"
    if r["code"] == "locked_beyond_capacity":
        return (
            f"mentor {person(r['mentor'])} is locked {r['times']} times, beyond capacity "
            f"{r['capacity']}"
        )
    leader, mentor, rule = person(r["leader"]), person(r["mentor"]), r["rule"]
    if rule == "level_gap":
        why = (
            f"level gap {r['leader_level'] - r['mentor_level']:g} is below {n.min_level_gap} "
            f"{r['gap']:g} ({leader} is level {r['leader_level']:g}, {mentor} level "
            f"{r['mentor_level']:g})"
        )
    elif rule == "reporting_line":
        why = f"{leader} and {mentor} are in the same reporting line"
    elif rule == "no_shared_language":
        why = f"{leader} and {mentor} share no language"
    elif rule == "forbidden":
        why = "the pair is also forbidden"
    else:
        why = f"score {r['score']:.4f} is below {n.min_score} {r['min_score']:g}"
    return f"pair {leader}-{mentor} is infeasible: {why}"


def _unmatched(r: Reason, n: Naming) -> str:
    code = r["code"]
    person = n.person
    other = r.get("other", "")
    if code == "empty_pool":
        return f"no {other}s in the pool"
    if code == "no_capacity":
        return "capacity 0: not taking a leader this round"
    if code == "all_leaders_locked":
        return "every leader is already locked to a mentor"
    if code == "level_gap":
        known = r["level"] is not None
        level = f" ({person(r['person'])} is level {r['level']:g})" if known else ""
        return f"no {other} at least {r['gap']:g} levels {r['direction']}{level}"
    if code == "reporting_line":
        return (
            f"every {other} at least {r['gap']:g} levels {r['direction']} is in "
            f"{person(r['person'])}'s reporting line"
        )
    if code == "no_shared_language":
        where = " outside the reporting line" if r["outside_reporting_line"] else ""
        return f"no {other}{where} speaks {' or '.join(r['languages'])}"
    if code == "forbidden":
        partners = _names([person(p) for p in r["partners"]])
        return f"the only possible {other}s ({partners}) are forbidden pairs"
    if code == "below_min_score":
        best = r.get("best")
        detail = f" (best: {best['score']:.2f} with {person(best['with'])})" if best else ""
        return f"no {other} reaches {n.min_score} {r['min_score']:g}{detail}"
    partners = _names([person(p) for p in r.get("partners", [])], r.get("partner_count"))
    count = r.get("partner_count", 0)
    feasible = r.get("feasible", 0)
    who = person(r["person"]) if "person" in r else ""
    if code == "no_mutual_choice":
        if other == "leader":
            return (
                f"no feasible leader left: none of the {feasible} feasible leaders is on "
                f"{who}'s list with {who} on theirs"
            )
        return f"none of the {feasible} feasible mentors is on {who}'s list with {who} on theirs"
    if code == "preferred_elsewhere":
        if other == "leader":
            return (
                f"no feasible leader left: {_all(count, 'leader')} {who} could pair with "
                f"({partners}) {_was(count)} matched with mentors they rank higher"
            )
        return (
            f"{_all(count, 'mentor')} {who} could pair with ({partners}) {_was(count)} at "
            "capacity with leaders they rank higher"
        )
    if code == "outscored":
        if other == "leader":
            shown = f" ({partners})" if count else ""
            return (
                f"no feasible leader left: {_all(feasible, 'feasible leader')} {_was(feasible)} "
                f"matched with better-scoring pairs{shown}"
            )
        shown = f" (best for {who}: {partners})" if count else ""
        return (
            f"{_all(feasible, 'feasible mentor')} {_was(feasible)} at capacity with "
            f"better-scoring pairs{shown}"
        )
    raise ValueError(f"unknown reason code {code!r}")


def render_result(result: dict[str, Any], naming: Naming = ENGINE_NAMING) -> dict[str, Any]:
    """The result with every reason as a sentence: the contract's JSON for `upward match`."""
    return {
        **result,
        "pairs": [
            {**pair, "reasons": [render(r, naming) for r in pair["reasons"]]}
            for pair in result["pairs"]
        ],
        **{
            side: [{**item, "reason": render(item["reason"], naming)} for item in result[side]]
            for side in ("unmatched_leaders", "unmatched_mentors")
        },
    }
