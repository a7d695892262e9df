"""The contract's hard constraints as boolean masks over blocks of pairs, or over pair lists.

Rules are applied in a fixed order (level gap, reporting line, shared language, forbidden,
minimum score) and the masks are kept cumulatively, so an explanation can name the first rule
that left someone without a partner.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from upward.engine.scoring import (
    BoolArray,
    Cols,
    Features,
    FloatArray,
    IntArray,
    column_index,
    positions,
    product,
    rowwise,
)

STAGES = ("level", "reporting_line", "language", "forbidden", "min_score")


def feasibility_stages(
    features: Features, rows: IntArray, cols: Cols, scores: FloatArray
) -> list[BoolArray]:
    """Cumulative masks, one per entry of STAGES: pairs passing every rule up to that one.

    The last mask is the feasible set. Keeping the stages lets explanations say which rule left a
    person without partners.
    """
    f = features
    settings = f.instance.settings
    col_ix = column_index(f, cols)
    top, bottom = f.levels[0][rows], f.levels[1][col_ix]
    mask = np.greater_equal.outer(top - settings.min_level_gap, bottom)
    # An unknown level (NaN) compares False, but the rule only applies when both are known.
    mask[np.isnan(top)] = True
    mask[:, np.isnan(bottom)] = True
    stages = [mask.copy()]
    r, c, _ = positions(f.excluded, rows, cols, f.n_leaders, f.n_mentors)
    mask[r, c] = False
    stages.append(mask.copy())
    if settings.require_shared_language:
        left, right = f.languages
        shared = product(left, right, rows, cols, np.float32) > 0
        shared |= (left.sizes[rows] == 0)[:, None]
        shared |= (right.sizes[col_ix] == 0)[None, :]
        mask &= shared
    stages.append(mask.copy())
    r, c, _ = positions(f.forbidden, rows, cols, f.n_leaders, f.n_mentors)
    mask[r, c] = False
    stages.append(mask.copy())
    mask &= scores >= _min_score_threshold(settings.min_score, scores.dtype)
    stages.append(mask)
    return stages


def feasible_block(features: Features, rows: IntArray, cols: Cols, scores: FloatArray) -> BoolArray:
    return feasibility_stages(features, rows, cols, scores)[-1]


def _min_score_threshold(min_score: float, dtype: Any) -> float:
    # float32 blocks only pre-select candidates; their exact float64 scores are checked again,
    # so a pair sitting right at min_score must not be lost to rounding here.
    return min_score - 1e-6 if np.dtype(dtype) == np.float32 else min_score


def _pair_keys(leaders: IntArray, mentors: IntArray, n_mentors: int) -> IntArray:
    return np.asarray(leaders, dtype=np.int64) * n_mentors + np.asarray(mentors, dtype=np.int64)


def _contains(pairs: tuple[IntArray, IntArray], li: IntArray, mi: IntArray, n: int) -> BoolArray:
    keys = np.sort(_pair_keys(pairs[0], pairs[1], n))
    wanted = _pair_keys(li, mi, n)
    if keys.size == 0:
        return np.zeros(wanted.size, dtype=bool)
    at = np.minimum(np.searchsorted(keys, wanted), keys.size - 1)
    return np.asarray(keys[at] == wanted)


def feasible_pairs(features: Features, li: IntArray, mi: IntArray, scores: FloatArray) -> BoolArray:
    """Rules 1-4 for a list of pairs (the same rules as `feasibility_stages`, pair by pair)."""
    f = features
    settings = f.instance.settings
    top, bottom = f.levels[0][li], f.levels[1][mi]
    ok = (top - settings.min_level_gap >= bottom) | np.isnan(top) | np.isnan(bottom)
    ok &= ~_contains(f.excluded, li, mi, f.n_mentors)
    if settings.require_shared_language:
        left, right = f.languages
        shared = rowwise(left, right, li, mi) > 0
        ok &= shared | (left.sizes[li] == 0) | (right.sizes[mi] == 0)
    ok &= ~_contains(f.forbidden, li, mi, f.n_mentors)
    ok &= scores >= settings.min_score
    return np.asarray(ok)
