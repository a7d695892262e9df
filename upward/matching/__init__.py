"""Upward's matching engine: who mentors whom, exactly to docs/matching.md and MATCHING.md.

Pure Python on numpy/scipy/scikit-learn; it must never import Django, so the `upward match`
command and data teams can use it without settings. Public API:

- `solve(instance, *, progress=None)` -> result dict (the contract's "Result" shape);
- `validate_instance(data)` -> `Instance`, raising `InstanceError` (`.problems`: one line each);
- the typed dataclasses `Instance`, `Person`, `Settings`, and `CRITERIA`.
"""

from upward.matching.engine import solve
from upward.matching.instance import CRITERIA, Instance, InstanceError, Person, Settings
from upward.matching.validation import validate_instance

__all__ = [
    "CRITERIA",
    "Instance",
    "InstanceError",
    "Person",
    "Settings",
    "solve",
    "validate_instance",
]
