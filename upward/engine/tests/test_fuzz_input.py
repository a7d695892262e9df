"""Issue 12, item 8 (the Hypothesis half, matching input): whatever JSON arrives, `upward match`
answers with a result or with exit 2 and one line per problem: never a crash, never a
traceback, never a partial output file. Bounded: each test runs well under 30 s."""

from __future__ import annotations

import copy
import io
import json
import tempfile
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from upward.engine import InstanceError, solve
from upward.engine.cli import main

# Any JSON value, including the awkward ones: huge and negative numbers, floats, empty and
# control-character strings, nesting a few levels deep.
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)

# Where a hostile value may land in an otherwise valid instance.
PATHS = [
    ("version",),
    ("settings",),
    ("settings", "objective"),
    ("settings", "proposing"),
    ("settings", "weights"),
    ("settings", "weights", "topics"),
    ("settings", "min_level_gap"),
    ("settings", "min_score"),
    ("settings", "exclude_reporting_line"),
    ("leaders",),
    ("leaders", 0),
    ("leaders", 0, "id"),
    ("leaders", 0, "level"),
    ("leaders", 0, "manager_chain"),
    ("leaders", 0, "languages"),
    ("leaders", 0, "topics"),
    ("leaders", 0, "topics", "ai-tools"),
    ("leaders", 0, "style"),
    ("leaders", 0, "text"),
    ("leaders", 1, "affinity_groups"),
    ("mentors", 0, "capacity"),
    ("mentors", 0, "level"),
    ("mentors", 1, "id"),
    ("scores",),
    ("scores", "L1"),
    ("scores", "L1", "M1"),
    ("preferences",),
    ("preferences", "leaders"),
    ("preferences", "leaders", "L1"),
    ("locked",),
    ("locked", 0),
    ("forbidden",),
]


def _valid() -> dict[str, Any]:
    return {
        "version": 1,
        "settings": {"objective": "max_total", "min_level_gap": 2, "weights": {"topics": 1}},
        "leaders": [
            {"id": "L1", "level": 9, "languages": ["en"], "topics": {"ai-tools": 3}},
            {"id": "L2", "level": 8, "languages": ["en"], "affinity_groups": ["pride"]},
        ],
        "mentors": [
            {"id": "M1", "level": 2, "capacity": 1, "languages": ["en"], "text": "ai tools"},
            {"id": "M2", "level": 3, "capacity": 2, "topics": {"ai-tools": 2}},
        ],
        "scores": {"L1": {"M1": 0.5}},
        "preferences": {"leaders": {"L1": ["M1", "M2"]}},
        "locked": [["L1", "M1"]],
        "forbidden": [["L2", "M1"]],
    }


def _put(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    target = data
    for key in path[:-1]:
        if isinstance(target, dict) and isinstance(key, str):
            target = target.setdefault(key, {})
        elif isinstance(target, list) and isinstance(key, int) and key < len(target):
            target = target[key]
        else:
            return  # an earlier mutation replaced the parent: nothing left to put into
    last = path[-1]
    fits_dict = isinstance(target, dict) and isinstance(last, str)
    fits_list = isinstance(target, list) and isinstance(last, int) and last < len(target)
    if fits_dict or fits_list:
        target[last] = value


@st.composite
def instances(draw: st.DrawFn) -> Any:
    if draw(st.booleans()) and draw(st.booleans()):
        return draw(JSON)  # sometimes not an instance at all
    data = _valid()
    for _ in range(draw(st.integers(1, 3))):
        _put(data, draw(st.sampled_from(PATHS)), copy.deepcopy(draw(JSON)))
    return data


@settings(max_examples=200, deadline=None)
@given(instances())
def test_solve_answers_a_result_or_input_errors_for_any_json(data: Any) -> None:
    try:
        result = solve(data)
    except InstanceError as exc:
        assert exc.problems, "an input error names at least one problem"
        assert all(isinstance(p, str) and p and "\n" not in p for p in exc.problems)
        return
    assert {"pairs", "unmatched_leaders", "unmatched_mentors", "stats"} <= result.keys()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_command_exits_0_or_2_and_never_leaves_a_partial_file(data: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "in.json", Path(folder) / "out.json"
        source.write_text(json.dumps(data), encoding="utf-8")
        err = io.StringIO()
        with redirect_stderr(err):
            code = main([str(source), "--out", str(out), "--quiet"])
        assert code in {0, 2}
        assert "Traceback" not in err.getvalue()
        leftovers = [
            p.name for p in Path(folder).iterdir() if p.name not in {"in.json", "out.json"}
        ]
        assert leftovers == [], "no temporary file left behind"
        if code == 2:
            assert not out.exists()
            assert err.getvalue().strip(), "exit 2 says why"
        else:
            assert json.loads(out.read_text(encoding="utf-8"))["stats"]
