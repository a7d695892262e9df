"""Small instance builders and independent oracles for the matching tests.

The oracles re-implement the contract's rules directly on the JSON (no engine code), so a test
compares the engine with a second, naive reading of MATCHING.md.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import strategies as st

LANGUAGES = ["en", "fr", "de"]
TOPICS = ["ai-tools", "social-media", "gaming"]
INTERESTS = ["cycling", "chess", "film"]


def feasible(instance: dict[str, Any], leader: dict[str, Any], mentor: dict[str, Any]) -> bool:
    """Rules 1-4 of the contract, read literally (scores must be given for every pair)."""
    settings = instance.get("settings", {})
    gap = settings.get("min_level_gap", 2)
    if "level" in leader and "level" in mentor and leader["level"] - mentor["level"] < gap:
        return False
    if settings.get("exclude_reporting_line", True) and (
        leader["id"] in mentor.get("manager_chain", [])
        or mentor["id"] in leader.get("manager_chain", [])
    ):
        return False
    a, b = leader.get("languages", []), mentor.get("languages", [])
    if settings.get("require_shared_language", True) and a and b and not set(a) & set(b):
        return False
    if [leader["id"], mentor["id"]] in instance.get("forbidden", []):
        return False
    return score_of(instance, leader["id"], mentor["id"]) >= settings.get("min_score", 0.0)


def score_of(instance: dict[str, Any], leader_id: str, mentor_id: str) -> float:
    return float(instance["scores"][leader_id][mentor_id])


def brute_force(instance: dict[str, Any]) -> dict[str, tuple[float, ...]]:
    """Best (pairs, total) and (pairs, min, total) over every possible matching."""
    leaders, mentors = instance["leaders"], instance["mentors"]
    options = [
        [None] + [j for j, m in enumerate(mentors) if feasible(instance, leader, m)]
        for leader in leaders
    ]
    best_total: tuple[float, ...] = (0, 0.0)
    best_min: tuple[float, ...] = (0, 0.0, 0.0)
    for choice in itertools.product(*options):
        load: dict[int, int] = {}
        for j in choice:
            if j is not None:
                load[j] = load.get(j, 0) + 1
        if any(load[j] > mentors[j].get("capacity", 1) for j in load):
            continue
        scores = [
            score_of(instance, leaders[i]["id"], mentors[j]["id"])
            for i, j in enumerate(choice)
            if j is not None
        ]
        total = round(sum(scores), 9)
        best_total = max(best_total, (len(scores), total))
        if scores:
            best_min = max(best_min, (len(scores), round(min(scores), 9), total))
    return {"max_total": best_total, "max_min": best_min}


def _chain(others: list[str], most: int) -> st.SearchStrategy[list[str]]:
    if not others:
        return st.just([])
    return st.lists(st.sampled_from(others), max_size=most, unique=True)


@st.composite
def scored_instances(
    draw: st.DrawFn, *, max_leaders: int = 6, max_mentors: int = 6, objective: str = "max_total"
) -> dict[str, Any]:
    """Random instances with every constraint in play and an explicit score for every pair."""
    n_l = draw(st.integers(0, max_leaders))
    n_m = draw(st.integers(0, max_mentors))
    leader_ids = [f"L{i}" for i in range(n_l)]
    mentor_ids = [f"M{j}" for j in range(n_m)]
    everyone = leader_ids + mentor_ids
    langs = st.lists(st.sampled_from(LANGUAGES), max_size=2, unique=True)

    def person(pid: str, is_mentor: bool) -> dict[str, Any]:
        p: dict[str, Any] = {
            "id": pid,
            "level": draw(st.integers(1, 6) if is_mentor else st.integers(3, 10)),
            "languages": draw(langs),
            # Nobody is their own manager (an input error since issue 12).
            "manager_chain": draw(_chain([e for e in everyone if e != pid], 1)),
        }
        if is_mentor:
            p["capacity"] = draw(st.integers(0, 3))
        return p

    leaders = [person(pid, False) for pid in leader_ids]
    mentors = [person(pid, True) for pid in mentor_ids]
    # Scores on a coarse grid make ties (the hard case for tie-breaking) common.
    grid = st.integers(0, 20).map(lambda k: k / 20)
    scores = {lid: {mid: draw(grid) for mid in mentor_ids} for lid in leader_ids}
    pairs = [[lid, mid] for lid in leader_ids for mid in mentor_ids]
    forbidden = draw(st.lists(st.sampled_from(pairs), max_size=3, unique_by=tuple)) if pairs else []
    return {
        "version": 1,
        "settings": {
            "objective": objective,
            "min_level_gap": draw(st.integers(0, 3)),
            "exclude_reporting_line": draw(st.booleans()),
            "require_shared_language": draw(st.booleans()),
            "min_score": draw(st.sampled_from([0.0, 0.0, 0.25])),
        },
        "leaders": leaders,
        "mentors": mentors,
        "scores": scores,
        "forbidden": forbidden,
    }


@st.composite
def profiled_instances(draw: st.DrawFn, *, max_people: int = 8) -> dict[str, Any]:
    """Random instances with full profiles and computed scores (no explicit `scores`)."""
    n_l = draw(st.integers(0, max_people))
    n_m = draw(st.integers(0, max_people))
    ids = [f"L{i}" for i in range(n_l)] + [f"M{j}" for j in range(n_m)]

    def person(pid: str) -> dict[str, Any]:
        is_mentor = pid.startswith("M")
        p: dict[str, Any] = {
            "id": pid,
            "level": draw(st.integers(1, 5) if is_mentor else st.integers(3, 10)),
            "department": draw(st.sampled_from(["Finance", "Marketing", "Eng"])),
            "languages": draw(st.lists(st.sampled_from(LANGUAGES), max_size=2, unique=True)),
            "manager_chain": draw(_chain([e for e in ids if e != pid], 2)),
            "topics": draw(st.dictionaries(st.sampled_from(TOPICS), st.integers(0, 3))),
            "interests": draw(st.lists(st.sampled_from(INTERESTS), max_size=2)),
            "affinity_groups": draw(st.lists(st.sampled_from(["pride", "vets"]), max_size=1)),
            "style": draw(st.lists(st.integers(1, 5), max_size=3)),
            "text": draw(
                st.sampled_from(["", "tiktok brand video", "brand budget", "video games"])
            ),
        }
        if is_mentor:
            p["capacity"] = draw(st.integers(0, 2))
        return p

    return {
        "version": 1,
        "settings": {
            "objective": draw(st.sampled_from(["max_total", "max_min", "stable"])),
            "proposing": draw(st.sampled_from(["leaders", "mentors"])),
            "min_level_gap": draw(st.integers(0, 3)),
            "min_score": draw(st.sampled_from([0.0, 0.2])),
        },
        "leaders": [person(pid) for pid in ids if pid.startswith("L")],
        "mentors": [person(pid) for pid in ids if pid.startswith("M")],
    }
