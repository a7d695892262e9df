"""Upward's matching engine: who mentors whom, exactly to docs/matching.md and MATCHING.md.

Pure Python on numpy (scipy and scikit-learn are loaded only by the instances that need them);
it must never import Django, so the `upward match` command and data teams can use it without
settings. Public API:

- `solve(instance, *, progress=None)` -> result dict (the contract's "Result" shape, with
  structured reasons: see `upward.engine.reasons`);
- `render_result(result)` -> the same result with the reasons as plain sentences (engine ids),
  `render(reason, naming)` -> one reason in the words a reader's `Naming` gives;
- `validate_instance(data)` -> `Instance`, raising `InstanceError` (`.problems`: one line each);
- the typed dataclasses `Instance`, `Person`, `Settings`, and `CRITERIA`.
"""

from upward.engine.engine import solve
from upward.engine.instance import CRITERIA, Instance, InstanceError, Person, Settings
from upward.engine.reasons import ENGINE_NAMING, Naming, Reason, render, render_result
from upward.engine.validation import validate_instance

__all__ = [
    "CRITERIA",
    "ENGINE_NAMING",
    "Instance",
    "InstanceError",
    "Naming",
    "Person",
    "Reason",
    "Settings",
    "render",
    "render_result",
    "solve",
    "validate_instance",
]
