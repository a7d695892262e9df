"""`stable`: no blocking pair, and the same answer as the `matching` package's HR solver."""

from __future__ import annotations

import warnings
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from matching.games import HospitalResident

from upward.engine import solve
from upward.engine.tests.helpers import feasible


@st.composite
def ranked_instances(draw: st.DrawFn) -> dict[str, Any]:
    """Strict random preference lists on both sides, some constraints and capacities."""
    n_l, n_m = draw(st.integers(0, 7)), draw(st.integers(0, 6))
    leader_ids = [f"L{i}" for i in range(n_l)]
    mentor_ids = [f"M{j}" for j in range(n_m)]
    leaders = [
        {
            "id": lid,
            "level": draw(st.integers(4, 9)),
            "languages": draw(st.sampled_from([[], ["en"]])),
        }
        for lid in leader_ids
    ]
    mentors = [
        {
            "id": mid,
            "level": draw(st.integers(1, 5)),
            "capacity": draw(st.integers(0, 3)),
            "languages": draw(st.sampled_from([[], ["en"], ["fr"]])),
        }
        for mid in mentor_ids
    ]
    ranked = st.permutations
    prefs_l = {lid: draw(ranked(mentor_ids))[: draw(st.integers(0, n_m))] for lid in leader_ids}
    prefs_m = {mid: draw(ranked(leader_ids))[: draw(st.integers(0, n_l))] for mid in mentor_ids}
    return {
        "version": 1,
        "settings": {
            "objective": "stable",
            "proposing": draw(st.sampled_from(["leaders", "mentors"])),
            "min_level_gap": 2,
        },
        "leaders": leaders,
        "mentors": mentors,
        "preferences": {"leaders": prefs_l, "mentors": prefs_m},
        "scores": {lid: dict.fromkeys(mentor_ids, 0.5) for lid in leader_ids},
    }


def _acceptable_lists(
    instance: dict[str, Any],
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Each side's list restricted to feasible partners that rank them back."""
    people = {p["id"]: p for p in instance["leaders"] + instance["mentors"]}
    prefs = instance["preferences"]
    ok = {
        (lid, mid)
        for lid, ranking in prefs["leaders"].items()
        for mid in ranking
        if lid in prefs["mentors"][mid]
        and people[mid]["capacity"] > 0
        and feasible(instance, people[lid], people[mid])
    }
    leaders = {lid: [m for m in r if (lid, m) in ok] for lid, r in prefs["leaders"].items()}
    mentors = {mid: [lid for lid in r if (lid, mid) in ok] for mid, r in prefs["mentors"].items()}
    return leaders, mentors


def _oracle(instance: dict[str, Any]) -> set[tuple[str, str]]:
    leaders, mentors = _acceptable_lists(instance)
    leaders = {k: v for k, v in leaders.items() if v}
    mentors = {k: v for k, v in mentors.items() if v}
    if not leaders:
        return set()
    capacities = {m["id"]: m["capacity"] for m in instance["mentors"] if m["id"] in mentors}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the package warns about players it cleans out
        game = HospitalResident.create_from_dictionaries(leaders, mentors, capacities, clean=True)
        side = "resident" if instance["settings"]["proposing"] == "leaders" else "hospital"
        found = game.solve(optimal=side)
    return {(r.name, h.name) for h, rs in found.items() for r in rs}


@settings(max_examples=60, deadline=None)
@given(ranked_instances())
def test_stable_equals_matching_package_hospital_resident(instance: dict[str, Any]) -> None:
    result = solve(instance)
    assert {(p["leader"], p["mentor"]) for p in result["pairs"]} == _oracle(instance)


@settings(max_examples=60, deadline=None)
@given(ranked_instances())
def test_stable_has_no_blocking_pair(instance: dict[str, Any]) -> None:
    result = solve(instance)
    leaders, mentors = _acceptable_lists(instance)
    partner = {p["leader"]: p["mentor"] for p in result["pairs"]}
    taken: dict[str, list[str]] = {}
    for leader, mentor in partner.items():
        taken.setdefault(mentor, []).append(leader)
    capacity = {m["id"]: m["capacity"] for m in instance["mentors"]}
    for lid, ranking in leaders.items():
        for mid in ranking:
            if partner.get(lid) == mid:
                break  # everything after this is worse for the leader
            mine = taken.get(mid, [])
            mentor_rank = mentors[mid].index
            room = len(mine) < capacity[mid]
            prefers = any(mentor_rank(lid) < mentor_rank(other) for other in mine)
            assert not (room or prefers), f"{lid}-{mid} blocks"


def test_stable_derives_preferences_from_scores_when_lists_are_absent() -> None:
    instance = {
        "version": 1,
        "settings": {"objective": "stable", "min_level_gap": 0},
        "leaders": [{"id": "L1"}, {"id": "L2"}],
        "mentors": [{"id": "M1"}, {"id": "M2"}],
        "scores": {"L1": {"M1": 0.9, "M2": 0.8}, "L2": {"M1": 0.95, "M2": 0.1}},
    }
    # M1 ranks L2 (0.95) above L1 (0.9): L1 proposes to M1, is bumped by L2, and takes M2.
    pairs = {(p["leader"], p["mentor"]) for p in solve(instance)["pairs"]}
    assert pairs == {("L1", "M2"), ("L2", "M1")}


def test_stable_breaks_score_ties_by_id() -> None:
    instance = {
        "version": 1,
        "settings": {"objective": "stable", "min_level_gap": 0},
        "leaders": [{"id": "L1"}],
        "mentors": [{"id": "Mb"}, {"id": "Ma"}],
        "scores": {"L1": {"Ma": 0.5, "Mb": 0.5}},
    }
    assert solve(instance)["pairs"][0]["mentor"] == "Ma"
