"""The solvers give the optimum the contract asks for, checked against independent oracles."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from upward.engine import solve
from upward.engine.tests.helpers import brute_force, feasible, score_of, scored_instances

# OR-Tools assignment guide: workers x tasks cost matrices, optimum cost 265 for both.
ORTOOLS_4X4 = [[90, 80, 75, 70], [35, 85, 55, 65], [125, 95, 90, 95], [45, 110, 95, 115]]
ORTOOLS_5X4 = [*ORTOOLS_4X4, [50, 100, 90, 100]]


def _cost_instance(costs: list[list[int]], objective: str = "max_total") -> dict[str, Any]:
    """Costs c become scores (C - c) / C, so maximising the total score minimises the cost."""
    ceiling = max(max(row) for row in costs)
    return {
        "version": 1,
        "settings": {"objective": objective, "min_level_gap": 0},
        "leaders": [{"id": f"W{i}"} for i in range(len(costs))],
        "mentors": [{"id": f"T{j}"} for j in range(len(costs[0]))],
        "scores": {
            f"W{i}": {f"T{j}": (ceiling - c) / ceiling for j, c in enumerate(row)}
            for i, row in enumerate(costs)
        },
    }


def _cost_of(result: dict[str, Any], costs: list[list[int]]) -> int:
    return sum(costs[int(p["leader"][1:])][int(p["mentor"][1:])] for p in result["pairs"])


def test_ortools_4x4_assignment_costs_265() -> None:
    result = solve(_cost_instance(ORTOOLS_4X4))
    assert result["stats"]["pairs"] == 4
    assert _cost_of(result, ORTOOLS_4X4) == 265


def test_ortools_5x4_assignment_costs_265_and_leaves_one_worker_out() -> None:
    result = solve(_cost_instance(ORTOOLS_5X4))
    assert result["stats"]["pairs"] == 4
    assert _cost_of(result, ORTOOLS_5X4) == 265
    assert len(result["unmatched_leaders"]) == 1


def _scipy_optimum(instance: dict[str, Any]) -> tuple[int, float]:
    """Cardinality, then total: scipy on the capacity-expanded matrix, big constant per pair."""
    leaders, mentors = instance["leaders"], instance["mentors"]
    slots = [j for j, m in enumerate(mentors) for _ in range(m.get("capacity", 1))]
    if not leaders or not slots:
        return 0, 0.0
    big = len(leaders) + 1.0
    value = np.zeros((len(leaders), len(slots)))
    for i, leader in enumerate(leaders):
        for k, j in enumerate(slots):
            if feasible(instance, leader, mentors[j]):
                value[i, k] = big + score_of(instance, leader["id"], mentors[j]["id"])
    rows, cols = linear_sum_assignment(value, maximize=True)
    chosen = value[rows, cols]
    real = chosen > 0
    return int(real.sum()), float((chosen[real] - big).sum())


def _pairs_and_total(result: dict[str, Any]) -> tuple[int, float]:
    return len(result["pairs"]), sum(p["score"] for p in result["pairs"])


@settings(max_examples=60, deadline=None)
@given(scored_instances())
def test_max_total_equals_scipy_optimum_on_random_instances(instance: dict[str, Any]) -> None:
    pairs, total = _pairs_and_total(solve(instance))
    expected_pairs, expected_total = _scipy_optimum(instance)
    assert pairs == expected_pairs
    assert total == pytest.approx(expected_total, abs=1e-9)


@settings(max_examples=50, deadline=None)
@given(scored_instances(max_leaders=5, max_mentors=4))
def test_max_total_equals_brute_force_on_tiny_instances(instance: dict[str, Any]) -> None:
    pairs, total = _pairs_and_total(solve(instance))
    expected = brute_force(instance)["max_total"]
    assert (pairs, round(total, 9)) == expected


@settings(max_examples=50, deadline=None)
@given(scored_instances(max_leaders=5, max_mentors=4, objective="max_min"))
def test_max_min_equals_brute_force_bottleneck_on_tiny_instances(instance: dict[str, Any]) -> None:
    result = solve(instance)
    pairs, total = _pairs_and_total(result)
    expected = brute_force(instance)["max_min"]
    if expected[0] == 0:
        assert pairs == 0
        return
    smallest = min(p["score"] for p in result["pairs"])
    assert (pairs, round(smallest, 9), round(total, 9)) == expected


@settings(max_examples=40, deadline=None)
@given(scored_instances(max_leaders=6, max_mentors=5), st.data())
def test_locked_pairs_are_kept_and_the_rest_is_optimal(
    instance: dict[str, Any], data: st.DataObject
) -> None:
    options = [
        (leader["id"], mentor["id"])
        for leader, mentor in itertools.product(instance["leaders"], instance["mentors"])
        if mentor.get("capacity", 1) > 0 and feasible(instance, leader, mentor)
    ]
    if not options:
        return
    lock = data.draw(st.sampled_from(options))
    instance["locked"] = [list(lock)]
    result = solve(instance)
    assert {"leader": lock[0], "mentor": lock[1]}.items() <= next(
        p for p in result["pairs"] if p["leader"] == lock[0]
    ).items()
    # The rest is the optimum of the instance without the locked leader and one slot less.
    rest = {**instance, "locked": []}
    rest["leaders"] = [p for p in instance["leaders"] if p["id"] != lock[0]]
    rest["mentors"] = [
        {**m, "capacity": m.get("capacity", 1) - (m["id"] == lock[1])} for m in instance["mentors"]
    ]
    expected_pairs, expected_total = _scipy_optimum(rest)
    pairs, total = _pairs_and_total(result)
    assert pairs == expected_pairs + 1
    assert total == pytest.approx(expected_total + score_of(instance, *lock), abs=1e-9)


def test_max_min_prefers_a_higher_bottleneck_over_a_higher_total() -> None:
    instance: dict[str, Any] = {
        "version": 1,
        "settings": {"objective": "max_min", "min_level_gap": 0},
        "leaders": [{"id": "L1"}, {"id": "L2"}],
        "mentors": [{"id": "M1"}, {"id": "M2"}],
        "scores": {"L1": {"M1": 1.0, "M2": 0.5}, "L2": {"M1": 0.5, "M2": 0.1}},
    }
    pairs = {(p["leader"], p["mentor"]) for p in solve(instance)["pairs"]}
    assert pairs == {("L1", "M2"), ("L2", "M1")}  # min 0.5 beats total 1.1 with min 0.1
    instance["settings"]["objective"] = "max_total"
    pairs = {(p["leader"], p["mentor"]) for p in solve(instance)["pairs"]}
    assert pairs == {("L1", "M1"), ("L2", "M2")}
