"""`upward match` rejects bad input: exit 2, one line per problem naming the field, no file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from upward.engine.cli import main

Mutation = Callable[[dict[str, Any]], None]


def _valid() -> dict[str, Any]:
    return {
        "version": 1,
        "settings": {"objective": "max_total", "min_level_gap": 2},
        "leaders": [
            {"id": "L1", "level": 9, "languages": ["en"], "manager_chain": ["P1"]},
            {"id": "L2", "level": 9, "languages": ["de"]},
        ],
        "mentors": [
            {"id": "M1", "level": 3, "capacity": 1, "languages": ["en"]},
            {"id": "M2", "level": 8, "capacity": 2, "manager_chain": ["L2"]},
        ],
    }


def _run(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    source, out = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(text, encoding="utf-8")
    code = main([str(source), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    if code == 2:
        assert not out.exists(), "no output file on bad input"
        assert not list(tmp_path.glob(".out.json*")), "no temporary file left behind"
        assert "Traceback" not in err
    return code, err.splitlines()


def _set(path: str, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target: Any = data
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return mutate


BAD_INPUTS: list[tuple[str, Mutation, str]] = [
    ("version", _set("version", 2), "version: must be 1, got 2"),
    ("objective", _set("settings/objective", "best"), "settings.objective: must be one of"),
    ("proposing", _set("settings/proposing", "both"), "settings.proposing: must be one of"),
    ("unknown setting", _set("settings/colour", 1), "settings.colour: unknown setting"),
    ("weight negative", _set("settings/weights", {"topics": -1}), "settings.weights.topics:"),
    ("weight unknown", _set("settings/weights", {"luck": 1}), "settings.weights.luck: unknown"),
    (
        "all weights zero",
        _set("settings/weights", {"topics": 0}),
        "settings.weights: at least one weight",
    ),
    ("min_score range", _set("settings/min_score", 2), "settings.min_score: must be a number"),
    ("leaders type", _set("leaders", {}), "leaders: must be a list of people"),
    ("person type", _set("leaders/1", "L2"), "leaders[1]: must be an object"),
    ("missing id", _set("leaders/1", {"level": 3}), "leaders[1].id: must be a non-empty string"),
    ("level type", _set("leaders/0/level", "high"), "leaders[0].level: must be a whole number"),
    ("languages type", _set("leaders/0/languages", "en"), "leaders[0].languages: must be a list"),
    ("topic level", _set("leaders/0/topics", {"ai": 5}), "leaders[0].topics.ai: must be an int"),
    ("style range", _set("mentors/0/style", [0]), "mentors[0].style[0]: must be a number 1-5"),
    ("text type", _set("mentors/0/text", 7), "mentors[0].text: must be a string"),
    ("duplicate id", _set("mentors/1/id", "M1"), 'mentors[1].id: duplicate id "M1"'),
    (
        "negative capacity",
        _set("mentors/1/capacity", -1),
        "mentors[1].capacity: must be a non-negative integer, got -1",
    ),
    ("fractional capacity", _set("mentors/1/capacity", 1.5), "mentors[1].capacity: must be a non"),
    ("string capacity", _set("mentors/1/capacity", "2"), "mentors[1].capacity: must be a non"),
    ("boolean capacity", _set("mentors/1/capacity", True), "mentors[1].capacity: must be a non"),
    (
        "score range",
        _set("scores", {"L1": {"M1": 1.5}}),
        "scores.L1.M1: must be a number in [0, 1]",
    ),
    ("score type", _set("scores", {"L1": {"M1": "high"}}), "scores.L1.M1: must be a number"),
    ("score leader", _set("scores", {"L9": {"M1": 0.5}}), 'scores.L9: unknown leader id "L9"'),
    ("score mentor", _set("scores", {"L1": {"M9": 0.5}}), 'scores.L1.M9: unknown mentor id "M9"'),
    ("locked id", _set("locked", [["L1", "M9"]]), 'locked[0][1]: unknown mentor id "M9"'),
    ("locked shape", _set("locked", [["L1"]]), "locked[0]: must be a [leader id, mentor id] pair"),
    ("forbidden id", _set("forbidden", [["L9", "M1"]]), 'forbidden[0][0]: unknown leader id "L9"'),
    (
        "preference id",
        _set("preferences", {"leaders": {"L1": ["M1", "M9"]}}),
        'preferences.leaders.L1[1]: unknown mentor id "M9"',
    ),
    (
        "preference owner",
        _set("preferences", {"mentors": {"M9": ["L1"]}}),
        'preferences.mentors.M9: unknown mentor id "M9"',
    ),
    (
        "preference repeat",
        _set("preferences", {"mentors": {"M1": ["L1", "L1"]}}),
        'preferences.mentors.M1[1]: "L1" is ranked twice',
    ),
    ("preference side", _set("preferences", {"coaches": {}}), "preferences.coaches: unknown key"),
    (
        "locked level gap",
        _set("locked", [["L1", "M2"]]),
        "locked[0]: pair L1-M2 is infeasible: level gap 1 is below min_level_gap 2",
    ),
    (
        "locked reporting line",
        _set("locked", [["L2", "M2"]]),
        "locked[0]: pair L2-M2 is infeasible",
    ),
    (
        "locked language",
        _set("locked", [["L2", "M1"]]),
        "locked[0]: pair L2-M1 is infeasible: L2 and M1 share no language",
    ),
    (
        "locked and forbidden",
        lambda d: d.update(locked=[["L1", "M1"]], forbidden=[["L1", "M1"]]),
        "locked[0]: pair L1-M1 is infeasible: the pair is also forbidden",
    ),
    (
        "locked below min_score",
        lambda d: (
            d.update(locked=[["L1", "M1"]], scores={"L1": {"M1": 0.1}})
            or d["settings"].update(min_score=0.5)
        ),
        "locked[0]: pair L1-M1 is infeasible: score 0.1000 is below min_score 0.5",
    ),
    (
        "leader locked twice",
        lambda d: d.update(locked=[["L1", "M1"], ["L1", "M1"]]),
        "locked[1]: leader L1 is locked twice (also locked[0])",
    ),
    (
        "mentor beyond capacity",
        lambda d: (
            d["leaders"].append({"id": "L3", "level": 9})
            or d.update(locked=[["L1", "M1"], ["L3", "M1"]])
        ),
        "locked[1]: mentor M1 is locked 2 times, beyond capacity 1",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "expected"), [c[1:] for c in BAD_INPUTS], ids=[c[0] for c in BAD_INPUTS]
)
def test_bad_input_exits_2_with_one_line_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mutate: Mutation, expected: str
) -> None:
    data = _valid()
    mutate(data)
    code, lines = _run(tmp_path, json.dumps(data), capsys)
    assert code == 2
    assert len(lines) == 1, lines
    assert lines[0].startswith(expected), lines


def test_malformed_json_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _run(tmp_path, '{"version": 1,', capsys)
    assert code == 2
    assert len(lines) == 1
    assert "malformed JSON" in lines[0]


def test_nan_is_not_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.dumps(_valid()).replace('"level": 3', '"level": NaN')
    code, lines = _run(tmp_path, data, capsys)
    assert code == 2
    assert "malformed JSON" in lines[0]


def test_top_level_must_be_an_object(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _run(tmp_path, "[1, 2]", capsys)
    assert (code, lines) == (2, ["instance: must be a JSON object, got a list"])


def test_every_problem_gets_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _valid()
    data["version"] = 3
    data["settings"]["objective"] = "fastest"
    data["mentors"][0]["capacity"] = -1
    code, lines = _run(tmp_path, json.dumps(data), capsys)
    assert code == 2
    assert [line.split(":")[0] for line in lines] == [
        "version",
        "settings.objective",
        "mentors[0].capacity",
    ]


def test_missing_instance_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.json"
    assert main([str(tmp_path / "nope.json"), "--out", str(out)]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert not out.exists()


def test_missing_out_argument_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["in.json"]) == 2
    assert "--out" in capsys.readouterr().err


def test_valid_input_writes_the_result_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = _run(tmp_path, json.dumps(_valid()), capsys)
    assert (code, lines) == (0, [])
    result = json.loads((tmp_path / "out.json").read_text())
    assert [(p["leader"], p["mentor"]) for p in result["pairs"]] == [("L1", "M1")]
    assert result["unmatched_leaders"] == [
        {"id": "L2", "reason": "no mentor outside the reporting line speaks de"}
    ]
