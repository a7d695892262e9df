"""The engine stands alone: no Django, and the web app does not load it at import time."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

INSTANCE = {
    "version": 1,
    "settings": {"objective": "max_total"},
    "leaders": [{"id": "L1", "level": 9, "languages": ["en"], "topics": {"ai-tools": 3}}],
    "mentors": [{"id": "M1", "level": 3, "languages": ["en"], "topics": {"ai-tools": 2}}],
}


def _run(code: str) -> None:
    # A fresh interpreter: this test process has Django loaded already.
    done = subprocess.run(  # noqa: S603 - our own interpreter and fixed code
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_the_engine_solves_without_importing_django() -> None:
    _run(
        f"""
        import sys
        from upward.engine import solve
        result = solve({json.dumps(INSTANCE)})
        assert [(p["leader"], p["mentor"]) for p in result["pairs"]] == [("L1", "M1")]
        loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
        assert not loaded, loaded
        """
    )


def test_heavy_libraries_load_only_when_an_instance_needs_them() -> None:
    stable = {
        "version": 1,
        "settings": {"objective": "stable"},
        "leaders": [{"id": "L1", "text": "short video and brand"}],
        "mentors": [{"id": "M1", "text": "I make short video for the brand"}],
    }
    _run(
        f"""
        import sys
        from upward.engine import solve
        def loaded(prefix):
            return sorted(m for m in sys.modules if m == prefix or m.startswith(prefix + "."))
        assert solve({json.dumps(stable)})["pairs"]
        assert not loaded("scipy") and not loaded("sklearn"), sys.modules.keys()
        solve({json.dumps(INSTANCE)})  # max_total: scipy's assignment solver, and only that
        assert not loaded("sklearn") and not loaded("scipy.sparse"), loaded("scipy")
        assert "scipy.optimize" not in sys.modules, loaded("scipy")
        """
    )


def test_importing_the_matching_app_does_not_load_the_engine() -> None:
    _run(
        """
        import sys
        import upward.matching
        assert "upward.engine" not in sys.modules
        assert "numpy" not in sys.modules
        """
    )
