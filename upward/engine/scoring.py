"""Vectorised pair scores and hard-constraint masks.

Every criterion is a number in [0, 1] computed for a whole block of (leader, mentor) pairs at once
with numpy, never with a Python loop over pairs:

- ``topics``: how much of what the leader wants to learn the mentor can teach,
  ``sum_t min(want_t, can_t) / sum_t want_t`` (levels 0-3). Because levels are small integers,
  ``min(a, b) = sum_{k=1..3} [a >= k][b >= k]``, so the numerator is one matrix product of
  0/1 "level at least k" indicator matrices.
- ``interests`` and ``affinity``: Jaccard overlap of the two sets (|A & B| / |A | B|).
- ``style``: ``1 - mean |a_d - b_d| / 4`` over the style dimensions both people filled in
  (1-5 scales); 0.5 ("no evidence either way") when they share none.
- ``cross_department``: 1 when both departments are known and differ, else 0. Reverse mentoring
  is meant to show leaders a world they do not see every day.
- ``text``: cosine similarity of TF-IDF vectors of the free texts (``text.py``: scikit-learn's
  TfidfVectorizer computed in numpy, fitted on the instance's own texts, so nothing is downloaded).

The pair score is the weighted average ``sum_c w_c * v_c / sum_c w_c``. An explicit ``scores``
entry replaces it for the pairs it names. To add a criterion, see docs/matching.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from upward.engine.instance import CRITERIA, MAX_TOPIC_LEVEL, STYLE_SPAN, Instance, Person
from upward.engine.linear import build_linear
from upward.engine.text import Rows, tfidf

FloatArray = NDArray[np.floating[Any]]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
# Which mentors a block covers: all (None), a contiguous range (slice: cheap views of the
# mentor-side matrices) or any index array.
Cols = IntArray | slice | None
NEUTRAL_STYLE = 0.5
# Vocabularies up to this size are multiplied as dense BLAS products (fast for the handful of
# topics, interests, groups and languages real programs have); larger ones stay sparse.
DENSE_VOCABULARY = 256
DENSE_TEXT_CELLS = 10_000_000  # people x words for a dense float64 copy of the TF-IDF matrix


ROWWISE_CELLS = 4_000_000  # pairs x vocabulary per chunk of a pair-by-pair product


def _rows(items: list[list[int]], width: int, dtype: Any = np.float32) -> Rows:
    """0/1 rows (or the given column lists) as compressed rows."""
    indptr = np.zeros(len(items) + 1, dtype=np.int64)
    np.cumsum([len(x) for x in items], out=indptr[1:])
    indices = np.fromiter((c for x in items for c in x), dtype=np.int64, count=int(indptr[-1]))
    return Rows(indptr, indices, np.ones(indices.size, dtype=dtype), max(width, 1))


def _pair_sides(
    leaders: list[tuple[str, ...]], mentors: list[tuple[str, ...]]
) -> tuple[Rows, Rows]:
    """Binary leader and mentor rows over one shared vocabulary."""
    vocabulary: dict[str, int] = {}
    columns = [
        [
            [vocabulary.setdefault(item, len(vocabulary)) for item in items] if items else []
            for items in side
        ]
        for side in (leaders, mentors)
    ]
    return _rows(columns[0], len(vocabulary)), _rows(columns[1], len(vocabulary))


class _Side:
    """One side of a pairwise product, kept dense when the vocabulary is small enough.

    0/1 indicator matrices are dense float32 (their products are small integers, exact in
    float32); TF-IDF values are kept in float64 so exact-mode scores stay full precision. Only
    vocabularies too large to hold densely become scipy sparse matrices.
    """

    def __init__(self, rows: Rows, dtype: Any = np.float32) -> None:
        self.rows = rows
        self.dense: FloatArray | None = None
        self._sparse: Any = None
        if rows.width <= DENSE_VOCABULARY or rows.height * rows.width <= DENSE_TEXT_CELLS:
            self.dense = np.asarray(rows.dense(), dtype=dtype)
        owner = np.repeat(np.arange(rows.height), np.diff(rows.indptr))
        self.sizes = np.bincount(owner, rows.data, rows.height).astype(np.float64)

    @property
    def sparse(self) -> Any:
        if self._sparse is None:
            # scipy.sparse costs a noticeable share of a small run's start-up, so only the rare
            # instance whose vocabulary is too large to hold densely imports it.
            import scipy.sparse as sp

            r = self.rows
            self._sparse = sp.csr_matrix((r.data, r.indices, r.indptr), shape=(r.height, r.width))
        return self._sparse


def product(
    left: _Side, right: _Side, rows: IntArray, cols: Cols, dtype: Any = np.float64
) -> FloatArray:
    """``left[rows] @ right[cols].T`` as a dense block: BLAS when both sides are dense."""
    if left.dense is not None and right.dense is not None:
        other = right.dense if cols is None else right.dense[cols]
        return np.asarray(left.dense[rows] @ other.T, dtype=dtype)
    other_sparse = right.sparse if cols is None else right.sparse[cols]
    return np.asarray((left.sparse[rows] @ other_sparse.T).toarray(), dtype=dtype)


def rowwise(left: _Side, right: _Side, li: IntArray, mi: IntArray) -> FloatArray:
    """``left[li[k]] . right[mi[k]]`` for each pair k, in float64."""
    if left.dense is None or right.dense is None:
        products = left.sparse[li].multiply(right.sparse[mi]).sum(axis=1)
        return np.asarray(products, dtype=np.float64).ravel()
    out = np.empty(len(li))
    step = max(ROWWISE_CELLS // max(left.dense.shape[1], 1), 1)
    for start in range(0, len(li), step):
        a = left.dense[li[start : start + step]]
        b = right.dense[mi[start : start + step]]
        out[start : start + step] = np.einsum("ij,ij->i", a, b, dtype=np.float64)
    return out


@dataclass
class Features:
    """Everything the scoring needs, encoded once per instance as arrays."""

    instance: Instance
    weights: FloatArray  # normalised to sum to 1, in CRITERIA order
    topic_levels: tuple[_Side, _Side]  # [level >= k] indicators, k = 1..3
    topic_want: FloatArray  # sum of a leader's wanted levels
    interests: tuple[_Side, _Side]
    affinity: tuple[_Side, _Side]
    languages: tuple[_Side, _Side]
    style: tuple[FloatArray, FloatArray]  # NaN where a dimension is not filled in
    departments: tuple[IntArray, IntArray]  # -1 when unknown
    levels: tuple[FloatArray, FloatArray]  # NaN when unknown
    text: tuple[_Side, _Side]
    text_terms: NDArray[np.str_]
    excluded: tuple[IntArray, IntArray]  # reporting-line pairs
    forbidden: tuple[IntArray, IntArray]
    overrides: tuple[IntArray, IntArray, FloatArray]
    linear: Any = None  # linear.Linear once built: the fused bilinear criteria

    @property
    def n_leaders(self) -> int:
        return len(self.instance.leaders)

    @property
    def n_mentors(self) -> int:
        return len(self.instance.mentors)


def _topic_indicators(
    leaders: tuple[Person, ...], mentors: tuple[Person, ...]
) -> tuple[Rows, Rows]:
    """Column ``3 * t + k`` is 1 when the person's level on topic t is at least k + 1."""
    vocabulary: dict[str, int] = {}
    sides = [
        [
            [
                column
                for slug, amount in person.topics.items()
                for base in (vocabulary.setdefault(slug, len(vocabulary)) * MAX_TOPIC_LEVEL,)
                for column in range(base, base + amount)
            ]
            for person in people
        ]
        for people in (leaders, mentors)
    ]
    width = max(len(vocabulary), 1) * MAX_TOPIC_LEVEL
    return _rows(sides[0], width), _rows(sides[1], width)


def _sides(leaders: list[tuple[str, ...]], mentors: list[tuple[str, ...]]) -> tuple[_Side, _Side]:
    left, right = _pair_sides(leaders, mentors)
    return _Side(left), _Side(right)


def _split(rows: Rows, at: int) -> tuple[Rows, Rows]:
    cut = int(rows.indptr[at])
    top = Rows(rows.indptr[: at + 1], rows.indices[:cut], rows.data[:cut], rows.width)
    rest = rows.indptr[at:] - cut
    bottom = Rows(rest, rows.indices[cut:], rows.data[cut:], rows.width)
    return top, bottom


def _tfidf(leaders: tuple[Person, ...], mentors: tuple[Person, ...]) -> tuple[Rows, Rows, Any]:
    texts = [p.text for p in leaders] + [p.text for p in mentors]
    found = tfidf(texts) if any(text.strip() for text in texts) else None
    if found is None:  # no content word anywhere: text similarity is simply 0 for everyone
        empty = Rows(
            np.zeros(len(texts) + 1, dtype=np.int64), np.zeros(0, np.int64), np.zeros(0), 1
        )
        return (*_split(empty, len(leaders)), np.array([""]))
    rows, vocabulary = found
    return (*_split(rows, len(leaders)), np.asarray(vocabulary))


def _style_matrix(people: tuple[Person, ...], width: int) -> FloatArray:
    out = np.full((len(people), width), np.nan)
    for i, person in enumerate(people):
        out[i, : len(person.style)] = person.style
    return out


def _levels(people: tuple[Person, ...]) -> FloatArray:
    return np.array([np.nan if p.level is None else p.level for p in people], dtype=np.float64)


def _pair_arrays(pairs: Any) -> tuple[IntArray, IntArray]:
    array = np.asarray(list(pairs), dtype=np.int64).reshape(-1, 2)
    return array[:, 0].copy(), array[:, 1].copy()


def build_features(instance: Instance) -> Features:
    leaders, mentors = instance.leaders, instance.mentors
    weights = np.array([instance.settings.weights[c] for c in CRITERIA], dtype=np.float64)
    left_topics, right_topics = _topic_indicators(leaders, mentors)
    departments: dict[str, int] = {}
    dept = [
        np.array(
            [
                departments.setdefault(p.department, len(departments)) if p.department else -1
                for p in people
            ],
            dtype=np.int64,
        )
        for people in (leaders, mentors)
    ]
    style_width = max([len(p.style) for p in leaders + mentors] + [1])
    text_left, text_right, terms = _tfidf(leaders, mentors)
    manager_of = {p.id: i for i, p in enumerate(mentors)}
    leader_of = {p.id: i for i, p in enumerate(leaders)}
    excluded: set[tuple[int, int]] = set()
    if instance.settings.exclude_reporting_line:
        for li, leader in enumerate(leaders):
            excluded.update((li, manager_of[m]) for m in leader.manager_chain if m in manager_of)
        for mi, mentor in enumerate(mentors):
            excluded.update((leader_of[m], mi) for m in mentor.manager_chain if m in leader_of)
    features = Features(
        instance=instance,
        weights=weights / weights.sum(),
        topic_levels=(_Side(left_topics), _Side(right_topics)),
        topic_want=np.array([sum(p.topics.values()) for p in leaders], dtype=np.float64),
        interests=_sides([p.interests for p in leaders], [p.interests for p in mentors]),
        affinity=_sides([p.affinity_groups for p in leaders], [p.affinity_groups for p in mentors]),
        languages=_sides([p.languages for p in leaders], [p.languages for p in mentors]),
        style=(_style_matrix(leaders, style_width), _style_matrix(mentors, style_width)),
        departments=(dept[0], dept[1]),
        levels=(_levels(leaders), _levels(mentors)),
        text=(_Side(text_left, np.float64), _Side(text_right, np.float64)),
        text_terms=np.asarray(terms),
        excluded=_pair_arrays(sorted(excluded)),
        forbidden=_pair_arrays(instance.forbidden),
        overrides=(
            np.array([s[0] for s in instance.scores], dtype=np.int64),
            np.array([s[1] for s in instance.scores], dtype=np.int64),
            np.array([s[2] for s in instance.scores], dtype=np.float64),
        ),
    )
    features.linear = build_linear(features)
    return features


def _jaccard(inter: FloatArray, left: FloatArray, right: FloatArray) -> FloatArray:
    # In-place steps on one block-sized buffer: these blocks are the bulk of the scoring time.
    union = left + right
    union -= inter
    np.maximum(union, 1.0, out=union)  # union 0 means both sets are empty, and then inter is 0
    inter /= union
    return inter


def _style_block(a: FloatArray, b: FloatArray, dtype: Any) -> FloatArray:
    known_a, known_b = np.isfinite(a), np.isfinite(b)
    a0 = np.where(known_a, a, 0.0).astype(dtype)
    b0 = np.where(known_b, b, 0.0).astype(dtype)
    diff = np.zeros((a.shape[0], b.shape[0]), dtype=dtype)
    for d in range(a.shape[1]):  # a handful of style dimensions, each a whole-block operation
        gap = np.subtract.outer(a0[:, d], b0[:, d])
        np.abs(gap, out=gap)
        if not (known_a[:, d].all() and known_b[:, d].all()):
            gap *= np.multiply.outer(known_a[:, d], known_b[:, d])
        diff += gap
    if known_a.all() and known_b.all():  # the usual case: everyone filled in every dimension
        diff *= -1.0 / (STYLE_SPAN * a.shape[1])
        diff += 1.0
        return diff
    shared = (known_a.astype(dtype) @ known_b.T.astype(dtype)).astype(dtype)
    similarity = 1.0 - diff / (STYLE_SPAN * np.maximum(shared, 1.0))
    return np.where(shared > 0, similarity, NEUTRAL_STYLE).astype(dtype, copy=False)


def criterion_block(
    features: Features,
    name: str,
    rows: IntArray,
    cols: Cols,
    dtype: Any = np.float64,
) -> FloatArray:
    """One criterion for every pair of ``rows`` x ``cols`` (all mentors when None)."""
    f = features
    col_ix = column_index(f, cols)
    if name == "topics":
        covered = product(*f.topic_levels, rows, cols, dtype)
        covered /= np.maximum(f.topic_want[rows], 1.0)[:, None].astype(dtype)  # no wish: 0/1
        return covered
    if name in ("interests", "affinity"):
        left, right = f.interests if name == "interests" else f.affinity
        inter = product(left, right, rows, cols, dtype)
        sizes_l = left.sizes[rows][:, None].astype(dtype)
        return _jaccard(inter, sizes_l, right.sizes[col_ix][None, :].astype(dtype))
    if name == "style":
        return _style_block(f.style[0][rows], f.style[1][col_ix], dtype)
    if name == "cross_department":
        dl, dm = f.departments[0][rows][:, None], f.departments[1][col_ix][None, :]
        return ((dl != dm) & (dl >= 0) & (dm >= 0)).astype(dtype)
    if name == "text":
        return product(*f.text, rows, cols, dtype)
    raise ValueError(f"unknown criterion {name!r}")


def column_index(features: Features, cols: Cols) -> IntArray:
    if cols is None:
        return np.arange(features.n_mentors)
    if isinstance(cols, slice):
        return np.arange(features.n_mentors)[cols]
    return cols


def positions(
    pairs: tuple[IntArray, IntArray],
    rows: IntArray,
    cols: Cols,
    n_leaders: int,
    n_mentors: int,
) -> tuple[IntArray, IntArray, BoolArray]:
    """Where the listed (leader, mentor) pairs fall inside a rows x cols block, and which do."""
    row_pos = np.full(n_leaders, -1, dtype=np.int64)
    row_pos[rows] = np.arange(len(rows))
    r = row_pos[pairs[0]]
    if cols is None:
        c = pairs[1]
    else:
        col_pos = np.full(n_mentors, -1, dtype=np.int64)
        picked = col_pos[cols]
        col_pos[cols] = np.arange(picked.size)
        c = col_pos[pairs[1]]
    inside = (r >= 0) & (c >= 0)
    return r[inside], c[inside], inside


def score_block(
    features: Features, rows: IntArray, cols: Cols = None, dtype: Any = np.float64
) -> FloatArray:
    """Weighted score of every pair in the block, with explicit `scores` applied."""
    f = features
    n_cols = column_index(f, cols).size
    fused: frozenset[str] = frozenset()
    if f.linear is not None:
        wide = np.dtype(dtype) == np.float64
        left = f.linear.left if wide else f.linear.left32
        right = f.linear.right if wide else f.linear.right32
        right = right if cols is None else right[cols]
        total = np.asarray(left[rows] @ right.T, dtype=dtype)
        fused = f.linear.criteria
    else:
        total = np.zeros((len(rows), n_cols), dtype=dtype)
    for weight, name in zip(f.weights, CRITERIA, strict=True):
        if weight > 0 and name not in fused:  # criteria weighted 0 cost nothing
            block = criterion_block(f, name, rows, cols, dtype)
            block *= weight
            total += block
    r, c, inside = positions(f.overrides[:2], rows, cols, f.n_leaders, f.n_mentors)
    total[r, c] = f.overrides[2][inside]
    return total


def breakdown_pairs(features: Features, li: IntArray, mi: IntArray) -> FloatArray:
    """Criterion values for a list of pairs, shape (n_pairs, len(CRITERIA)), float64."""
    f = features
    out = np.zeros((len(li), len(CRITERIA)))
    if len(li) == 0:
        return out
    want = f.topic_want[li]
    covered = rowwise(*f.topic_levels, li, mi)
    out[:, 0] = np.divide(covered, want, out=np.zeros_like(covered), where=want > 0)
    for column, (left, right) in ((1, f.interests), (3, f.affinity)):
        out[:, column] = _jaccard(rowwise(left, right, li, mi), left.sizes[li], right.sizes[mi])
    gap = np.abs(f.style[0][li] - f.style[1][mi])
    known = np.isfinite(gap)
    shared = known.sum(axis=1)
    diff = np.where(known, gap, 0.0).sum(axis=1)
    similarity = 1.0 - np.divide(
        diff, STYLE_SPAN * shared, out=np.zeros_like(diff), where=shared > 0
    )
    out[:, 2] = np.where(shared > 0, similarity, NEUTRAL_STYLE)
    dl, dm = f.departments[0][li], f.departments[1][mi]
    out[:, 4] = (dl != dm) & (dl >= 0) & (dm >= 0)
    out[:, 5] = rowwise(*f.text, li, mi)
    return out


def override_lookup(features: Features, li: IntArray, mi: IntArray) -> FloatArray:
    """The explicit score for each pair, NaN where the input gives none."""
    f = features
    out = np.full(len(li), np.nan)
    if f.overrides[0].size == 0 or len(li) == 0:
        return out
    keys = f.overrides[0] * f.n_mentors + f.overrides[1]
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    wanted = np.asarray(li, dtype=np.int64) * f.n_mentors + np.asarray(mi, dtype=np.int64)
    at = np.minimum(np.searchsorted(sorted_keys, wanted), len(sorted_keys) - 1)
    hit = sorted_keys[at] == wanted
    out[hit] = f.overrides[2][order[at[hit]]]
    return out


def score_pairs(features: Features, li: IntArray, mi: IntArray) -> tuple[FloatArray, FloatArray]:
    """Scores (explicit ones where given) and breakdowns for a list of pairs, in float64."""
    breakdown = breakdown_pairs(features, li, mi)
    computed = breakdown @ features.weights
    given = override_lookup(features, li, mi)
    return np.where(np.isnan(given), computed, given), breakdown
