"""Every result respects every hard constraint, has the contract's shape and is deterministic."""

from __future__ import annotations

import copy
import json
from typing import Any

import numpy as np
from hypothesis import given, settings

from upward.engine import CRITERIA, solve, validate_instance
from upward.engine.scoring import build_features, score_block, score_pairs
from upward.engine.tests.helpers import profiled_instances

SHAPE_PAIR = {"leader", "mentor", "score", "breakdown", "reasons"}
SHAPE_STATS = {"objective", "pairs", "total_score", "min_score", "seconds"}


def _violations(instance: dict[str, Any], result: dict[str, Any]) -> list[str]:
    settings_ = instance["settings"]
    people = {p["id"]: p for p in instance["leaders"] + instance["mentors"]}
    problems = []
    load: dict[str, int] = {}
    seen_leaders: set[str] = set()
    for pair in result["pairs"]:
        leader, mentor = people[pair["leader"]], people[pair["mentor"]]
        tag = f"{leader['id']}-{mentor['id']}"
        if leader["level"] - mentor["level"] < settings_.get("min_level_gap", 2):
            problems.append(f"{tag}: level gap")
        if leader["id"] in mentor["manager_chain"] or mentor["id"] in leader["manager_chain"]:
            problems.append(f"{tag}: reporting line")
        a, b = leader["languages"], mentor["languages"]
        if a and b and not set(a) & set(b):
            problems.append(f"{tag}: no shared language")
        if pair["score"] < settings_.get("min_score", 0.0) - 1e-4:  # scores are rounded
            problems.append(f"{tag}: below min_score")
        if leader["id"] in seen_leaders:
            problems.append(f"{tag}: leader twice")
        seen_leaders.add(leader["id"])
        load[mentor["id"]] = load.get(mentor["id"], 0) + 1
    for mentor_id, count in load.items():
        if count > people[mentor_id].get("capacity", 1):
            problems.append(f"{mentor_id}: over capacity")
    return problems


@settings(max_examples=50, deadline=None)
@given(profiled_instances())
def test_every_result_respects_every_constraint(instance: dict[str, Any]) -> None:
    result = solve(instance)
    assert _violations(instance, result) == []


@settings(max_examples=30, deadline=None)
@given(profiled_instances())
def test_result_has_the_contract_shape_and_everyone_is_accounted_for(
    instance: dict[str, Any],
) -> None:
    result = solve(instance)
    assert set(result) == {"pairs", "unmatched_leaders", "unmatched_mentors", "stats"}
    assert set(result["stats"]) == SHAPE_STATS
    for pair in result["pairs"]:
        assert set(pair) == SHAPE_PAIR
        assert set(pair["breakdown"]) == set(CRITERIA)
        assert all(0.0 <= v <= 1.0 for v in pair["breakdown"].values())
        assert 0.0 <= pair["score"] <= 1.0
    matched = {p["leader"] for p in result["pairs"]}
    unmatched = {u["id"] for u in result["unmatched_leaders"]}
    assert matched | unmatched == {p["id"] for p in instance["leaders"]}
    assert not matched & unmatched
    busy = {p["mentor"] for p in result["pairs"]}
    idle = {u["id"] for u in result["unmatched_mentors"]}
    assert busy | idle == {m["id"] for m in instance["mentors"]}
    assert all(u["reason"] for u in result["unmatched_leaders"] + result["unmatched_mentors"])
    json.dumps(result)  # plain JSON types only


@settings(max_examples=20, deadline=None)
@given(profiled_instances())
def test_same_instance_gives_the_same_result(instance: dict[str, Any]) -> None:
    first, second = solve(copy.deepcopy(instance)), solve(copy.deepcopy(instance))
    for result in (first, second):
        result["stats"].pop("seconds")
    assert first == second


@settings(max_examples=30, deadline=None)
@given(profiled_instances())
def test_block_scores_match_pair_scores_in_both_precisions(instance: dict[str, Any]) -> None:
    features = build_features(validate_instance(instance))
    rows = np.arange(features.n_leaders)
    li, mi = np.divmod(np.arange(features.n_leaders * features.n_mentors), features.n_mentors)
    expected, breakdown = score_pairs(features, li, mi)
    wide = score_block(features, rows, None, np.float64).ravel()
    narrow = score_block(features, rows, slice(0, features.n_mentors), np.float32).ravel()
    assert np.allclose(wide, expected, atol=1e-12)
    assert np.allclose(narrow, expected, atol=1e-5)
    assert ((breakdown >= 0) & (breakdown <= 1 + 1e-12)).all()


def test_pruned_candidates_give_the_exact_answer_when_k_covers_everyone() -> None:
    instance = {
        "version": 1,
        "settings": {"min_level_gap": 0},
        "leaders": [{"id": f"L{i}", "topics": {"ai-tools": 1 + i % 3}} for i in range(12)],
        "mentors": [
            {"id": f"M{j}", "topics": {"ai-tools": j % 4}, "capacity": 1 + j % 2} for j in range(9)
        ],
    }
    exact, pruned = solve(instance, exact=True), solve(instance, exact=False)
    assert exact["stats"]["total_score"] == pruned["stats"]["total_score"]
    assert exact["stats"]["pairs"] == pruned["stats"]["pairs"] == 12
