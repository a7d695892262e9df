"""The criteria that are bilinear in per-person features, fused into one matrix product.

Scoring a large pool is bound by memory passes over leader x mentor blocks, not by arithmetic. Four
of the six criteria can be written as ``left_i . right_j`` for per-person vectors, so their
weighted sum comes out of a single BLAS call instead of a dozen elementwise passes each:

- topics: ``sum_k [want >= k][can >= k] / want_total`` (the indicator form in scoring.py), with
  ``w / want_total`` folded into the leader's vector;
- text: TF-IDF cosine is already a dot product (when the vocabulary is small enough to be dense);
- cross_department: ``known_l * known_m - onehot_l . onehot_m``;
- style, when every style answer is a whole number 1-5 and nobody skipped one:
  ``|a - b| = sum_{t=2..5} ([a >= t] + [b >= t] - 2 [a >= t][b >= t])``, so
  ``1 - sum_d |a_d - b_d| / (4 D)`` is a constant, two per-person terms and one indicator product.

Jaccard overlaps (interests, affinity) divide by the union per pair and stay separate.
Tests check the fused form against the criterion-by-criterion one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from upward.engine.instance import CRITERIA, STYLE_SPAN

if TYPE_CHECKING:  # scoring builds these from its features: only its types are needed here
    from upward.engine.scoring import Features, FloatArray

STYLE_STEPS = np.arange(2, 6)  # thresholds t of [value >= t] on the 1-5 scale


@dataclass(frozen=True)
class Linear:
    left: FloatArray  # leaders x K
    right: FloatArray  # mentors x K
    left32: np.ndarray
    right32: np.ndarray
    criteria: frozenset[str]


def _style_is_integral(features: Features) -> bool:
    left, right = features.style
    both = np.concatenate([left, right])
    return bool(np.isfinite(both).all() and (both == np.round(both)).all())


def build_linear(features: Features) -> Linear | None:
    f = features
    w = dict(zip(CRITERIA, f.weights.tolist(), strict=True))
    left_parts: list[np.ndarray] = []
    right_parts: list[np.ndarray] = []
    covered: set[str] = set()
    n_l, n_m = f.n_leaders, f.n_mentors
    if w["topics"] > 0 and f.topic_levels[0].dense is not None:
        scale = w["topics"] / np.maximum(f.topic_want, 1.0)
        left_parts.append(f.topic_levels[0].dense * scale[:, None])
        right_parts.append(np.asarray(f.topic_levels[1].dense, dtype=np.float64))
        covered.add("topics")
    if w["text"] > 0 and f.text[0].dense is not None and f.text[1].dense is not None:
        left_parts.append(f.text[0].dense * w["text"])
        right_parts.append(f.text[1].dense)
        covered.add("text")
    if w["cross_department"] > 0:
        dl, dm = f.departments
        n_dept = int(max(dl.max(initial=-1), dm.max(initial=-1))) + 1
        onehot_l, onehot_m = np.zeros((n_l, n_dept)), np.zeros((n_m, n_dept))
        onehot_l[np.flatnonzero(dl >= 0), dl[dl >= 0]] = 1.0
        onehot_m[np.flatnonzero(dm >= 0), dm[dm >= 0]] = 1.0
        weight = w["cross_department"]
        left_parts += [weight * (dl >= 0)[:, None], -weight * onehot_l]
        right_parts += [(dm >= 0)[:, None].astype(np.float64), onehot_m]
        covered.add("cross_department")
    if w["style"] > 0 and _style_is_integral(f):
        a, b = f.style
        dims = a.shape[1]
        ind_a = (a[:, :, None] >= STYLE_STEPS).reshape(n_l, dims * 4).astype(np.float64)
        ind_b = (b[:, :, None] >= STYLE_STEPS).reshape(n_m, dims * 4).astype(np.float64)
        unit = w["style"] / (STYLE_SPAN * dims)
        left_parts += [
            (w["style"] - unit * ind_a.sum(axis=1))[:, None],
            np.ones((n_l, 1)),
            2 * unit * ind_a,
        ]
        right_parts += [np.ones((n_m, 1)), (-unit * ind_b.sum(axis=1))[:, None], ind_b]
        covered.add("style")
    if not covered:
        return None
    left = np.ascontiguousarray(np.hstack(left_parts), dtype=np.float64)
    right = np.ascontiguousarray(np.hstack(right_parts), dtype=np.float64)
    return Linear(
        left, right, left.astype(np.float32), right.astype(np.float32), frozenset(covered)
    )
