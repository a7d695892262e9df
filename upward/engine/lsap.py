"""scipy's ``linear_sum_assignment``, loaded without the rest of ``scipy.optimize``.

Importing ``scipy.optimize`` runs its package ``__init__``, which loads linprog, scipy.linalg and
more: about 0.25 s of CPU, more than solving a few hundred people takes. The solver itself is one
compiled module, ``scipy/optimize/_lsap``, that needs only numpy; loading that file directly
keeps ``upward match`` on a small instance well under half a second. scipy is pinned in the
requirements; if its layout ever changes, the ordinary import is used instead.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

Solver = Callable[..., tuple[Any, Any]]


@cache
def linear_sum_assignment() -> Solver:
    """The solver function (loaded once, on the first call)."""
    import scipy  # the package itself is light: no submodule is imported

    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = Path(scipy.__path__[0]) / "optimize" / f"_lsap{suffix}"
        spec = importlib.util.spec_from_file_location("scipy.optimize._lsap", path)
        if not path.is_file() or spec is None or spec.loader is None:
            continue
        try:
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        except ImportError:
            break
        solver: Solver = module.linear_sum_assignment
        return solver
    from scipy.optimize import linear_sum_assignment as solver_from_package

    return solver_from_package
