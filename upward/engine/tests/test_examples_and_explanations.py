"""The shared example instances, the worked example of docs/matching.md, and the reasons."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from upward.engine import Naming, render, render_result, solve

# The public examples live in ../shared/examples/matching beside the project; a copy is kept in
# tests/examples so the regression tests also run in a checkout without ../shared.
SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "examples" / "matching"
EXAMPLES = SHARED if SHARED.is_dir() else Path(__file__).resolve().parent / "examples"
NAMES = ["max_total_small", "max_total_capacities", "max_min_small", "stable_small"]


@pytest.mark.parametrize("name", NAMES)
def test_shared_example_gives_the_known_answer(name: str) -> None:
    instance = json.loads((EXAMPLES / f"{name}.json").read_text())
    expected = json.loads((EXAMPLES / f"{name}.expected.json").read_text())
    result = solve(instance)
    assert result["stats"]["pairs"] == len(result["pairs"])
    if "total_score" in expected:
        assert result["stats"]["pairs"] == expected["pairs"]
        assert result["stats"]["total_score"] == pytest.approx(expected["total_score"], abs=1e-4)
    if "min_score" in expected:
        assert result["stats"]["pairs"] == expected["pairs"]
        assert result["stats"]["min_score"] == pytest.approx(expected["min_score"], abs=1e-4)
    if isinstance(expected["pairs"], list):
        found = sorted([p["leader"], p["mentor"]] for p in result["pairs"])
        assert found == sorted(expected["pairs"])


def _contract_example() -> dict[str, Any]:
    """The instance of MATCHING.md without its explicit score, lock and preference."""
    return {
        "version": 1,
        "leaders": [
            {
                "id": "L1",
                "level": 9,
                "department": "Finance",
                "manager_chain": ["P7", "P1"],
                "languages": ["en"],
                "topics": {"ai-tools": 3, "social-media": 2},
                "interests": ["cycling"],
                "affinity_groups": [],
                "style": [3, 4, 2],
                "text": "I want to understand how our brand reads on TikTok",
            }
        ],
        "mentors": [
            {
                "id": "M1",
                "level": 3,
                "capacity": 1,
                "department": "Marketing",
                "manager_chain": ["P9", "P1"],
                "languages": ["en", "fr"],
                "topics": {"ai-tools": 3, "social-media": 3},
                "interests": ["cycling"],
                "affinity_groups": ["pride"],
                "style": [3, 5, 2],
                "text": "I run our team's short-video experiments on TikTok for the brand",
            }
        ],
    }


def test_worked_example_of_the_docs() -> None:
    pair = solve(_contract_example())["pairs"][0]
    assert pair["breakdown"] == {
        "topics": 1.0,  # (min(3,3) + min(2,3)) / (3 + 2)
        "interests": 1.0,  # {cycling} vs {cycling}
        "style": pytest.approx(0.9167, abs=1e-4),  # 1 - (0 + 1 + 0) / (4 * 3)
        "affinity": 0.0,  # {} vs {pride}
        "cross_department": 1.0,  # Finance / Marketing
        "text": pair["breakdown"]["text"],
    }
    text = pair["breakdown"]["text"]
    assert 0.2 < text < 0.6
    weighted = 0.45 * 1 + 0.15 * 1 + 0.1 * (11 / 12) + 0.1 * 0 + 0.1 * 1 + 0.1 * text
    assert pair["score"] == pytest.approx(weighted, abs=1e-4)


def _sentences(instance: dict[str, Any]) -> dict[str, Any]:
    """The result as `upward match` writes it: reasons in plain words, with engine ids."""
    return render_result(solve(instance))


def test_reasons_are_codes_with_their_facts() -> None:
    result = solve(_contract_example())
    reasons = result["pairs"][0]["reasons"]
    assert reasons[0] == {
        "code": "topics_covered",
        "leader": "L1",
        "mentor": "M1",
        "covered": ["ai-tools", "social-media"],
        "top": True,
        "goals": 2,
    }
    assert {"code": "shared_interests", "interests": ["cycling"]} in reasons
    assert all(isinstance(r["code"], str) for r in reasons)
    json.dumps(result)  # reasons are plain data: the app can store them as they are


def test_a_reader_names_people_and_topics_in_its_own_words() -> None:
    reason = solve(_contract_example())["pairs"][0]["reasons"][0]
    naming = Naming(
        person={"L1": "Ada", "M1": "Bo"}.__getitem__,
        topic={"ai-tools": "AI tools", "social-media": "Social media"}.__getitem__,
    )
    assert render(reason, naming) == "Bo can teach AI tools and Social media, Ada's top two goals"


def test_min_score_is_called_as_the_reader_says() -> None:
    instance = _people([{"id": "L1"}], [{"id": "M1"}])
    instance["settings"] = {"min_score": 0.9}
    reason = solve(instance)["unmatched_leaders"][0]["reason"]
    assert reason["code"] == "below_min_score"
    worded = render(reason, Naming(min_score="the minimum score"))
    assert worded.startswith("no mentor reaches the minimum score 0.9 (best: ")


def test_pair_reasons_name_topics_and_facts() -> None:
    reasons = _sentences(_contract_example())["pairs"][0]["reasons"]
    assert reasons[0] == "M1 can teach ai-tools and social-media, L1's top two goals"
    assert "Both enjoy cycling" in reasons
    assert (
        "Different departments (Finance / Marketing): a view from outside the leader's world"
        in reasons
    )
    assert any(r.startswith("Their own descriptions meet on") and "tiktok" in r for r in reasons)


def test_given_score_is_reported_exactly_and_explained() -> None:
    instance = _contract_example()
    instance["scores"] = {"L1": {"M1": 0.123456789}}
    pair = _sentences(instance)["pairs"][0]
    assert pair["score"] == 0.123456789
    assert pair["reasons"][-1].startswith("Score 0.123457 given in the input")


def test_locked_pair_is_kept_and_says_so() -> None:
    instance = _contract_example()
    instance["locked"] = [["L1", "M1"]]
    pair = _sentences(instance)["pairs"][0]
    assert pair["reasons"][0] == "Locked by the coordinator"


def _people(leaders: list[dict[str, Any]], mentors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"version": 1, "leaders": leaders, "mentors": mentors}


@pytest.mark.parametrize(
    ("leader", "mentor", "reason"),
    [
        ({"id": "L1", "level": 4}, {"id": "M1", "level": 3}, "no mentor at least 2 levels below"),
        (
            {"id": "L1", "level": 9, "manager_chain": ["M1"]},
            {"id": "M1", "level": 3},
            "every mentor at least 2 levels below is in L1's reporting line",
        ),
        (
            {"id": "L1", "languages": ["de"]},
            {"id": "M1", "languages": ["en", "fr"]},
            "no mentor outside the reporting line speaks de",
        ),
    ],
)
def test_unmatched_leader_reason_names_the_rule(
    leader: dict[str, Any], mentor: dict[str, Any], reason: str
) -> None:
    result = _sentences(_people([leader], [mentor]))
    assert result["unmatched_leaders"][0]["reason"].startswith(reason)
    assert result["unmatched_mentors"][0]["reason"].startswith("capacity left: 1; ")


def test_unmatched_leader_reason_names_forbidden_and_min_score() -> None:
    instance = _people([{"id": "L1"}, {"id": "L2"}], [{"id": "M1"}])
    instance["forbidden"] = [["L1", "M1"]]
    instance["settings"] = {"min_score": 0.9}
    reasons = {u["id"]: u["reason"] for u in _sentences(instance)["unmatched_leaders"]}
    assert reasons["L1"] == "the only possible mentors (M1) are forbidden pairs"
    assert reasons["L2"].startswith("no mentor reaches min_score 0.9 (best: ")


def test_capacity_shortage_is_explained_on_both_sides() -> None:
    instance = _people(
        [{"id": "L1", "topics": {"ai": 3}}, {"id": "L2"}],
        [{"id": "M1", "topics": {"ai": 3}}, {"id": "M2", "capacity": 0}, {"id": "M3"}],
    )
    instance["forbidden"] = [["L1", "M3"], ["L2", "M3"]]
    result = _sentences(instance)
    assert [(p["leader"], p["mentor"]) for p in result["pairs"]] == [("L1", "M1")]
    assert result["unmatched_leaders"] == [
        {
            "id": "L2",
            # M2 passes every rule but has capacity 0, so it is "at capacity" too.
            "reason": "both feasible mentors were at capacity with better-scoring pairs "
            "(best for L2: M1)",
        }
    ]
    reasons = {u["id"]: u["reason"] for u in result["unmatched_mentors"]}
    assert reasons["M2"] == "capacity 0: not taking a leader this round"
    assert (
        reasons["M3"] == "capacity left: 1; the only possible leaders (L1, L2) are forbidden pairs"
    )
