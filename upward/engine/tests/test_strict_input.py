"""Issue 12, item 7: `upward match` input that used to print a traceback or be accepted
silently: deep nesting, numbers no float holds, negative or fractional levels, a person in their
own manager_chain. Each exits 2 with one line per problem and no traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from upward.engine.tests.test_cli_validation import _run, _valid


def _with(leader: dict[str, Any]) -> str:
    data = _valid()
    data["leaders"][0].update(leader)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[" * 100_000 + "]" * 100_000, "in.json: malformed JSON: nested too deeply"),
        (
            '{"version": 1, "leaders": ' + "[" * 5000 + "]" * 5000 + "}",
            "in.json: malformed JSON: nested",
        ),
        (
            _with({}).replace('"level": 9', '"level": 1e400', 1),
            "leaders[0].level: must be a whole number from 0 to 1000000, "
            "got a number too large to use",
        ),
        (
            _with({}).replace('"level": 9', '"level": ' + "9" * 400, 1),
            "leaders[0].level: must be a whole number from 0 to 1000000, "
            "got a number too large to use",
        ),
        (
            _with({"level": -1}),
            "leaders[0].level: must be a whole number from 0 to 1000000, got -1",
        ),
        (_with({"level": 8.5}), "leaders[0].level: must be a whole number from 0 to 1000000"),
        (_with({"level": 10**7}), "leaders[0].level: must be a whole number from 0 to 1000000"),
        (
            _with({"manager_chain": ["P1", "L1"]}),
            'leaders[0].manager_chain: contains the person\'s own id "L1" '
            "(nobody is their own manager)",
        ),
        (
            json.dumps({**_valid(), "locked": [["L1", []]]}),
            "locked[0][1]: unknown mentor id a list",
        ),
        (
            json.dumps(_valid()).replace('"capacity": 2', '"capacity": ' + "9" * 400),
            "mentors[1].capacity: must be at most 100000, got a number too large to use",
        ),
    ],
    ids=[
        "nested 100000 deep",
        "nested inside an instance",
        "level 1e400",
        "level with 400 digits",
        "negative level",
        "fractional level",
        "level too high",
        "own manager",
        "locked pair naming a list",
        "capacity with 400 digits",
    ],
)
def test_hostile_input_exits_2_with_one_line_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    code, lines = _run(tmp_path, text, capsys)
    assert code == 2
    assert len(lines) == 1, lines
    assert lines[0].removeprefix(f"{tmp_path}/").startswith(expected), lines


def test_whole_levels_written_as_decimals_still_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = _run(tmp_path, _with({"level": 9.0}), capsys)
    assert (code, lines) == (0, [])


def test_every_problem_of_a_hostile_file_on_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _valid()
    data["leaders"][0].update(level=-2, manager_chain=["L1"])
    data["mentors"][0]["level"] = 2.5
    code, lines = _run(tmp_path, json.dumps(data), capsys)
    assert code == 2
    assert [line.split(":")[0] for line in lines] == [
        "leaders[0].level",
        "leaders[0].manager_chain",
        "mentors[0].level",
    ]
