"""Which pairs the solvers consider, built block by block so memory stays bounded.

Scores and masks are computed for a block of leaders against all mentors at a time. Small pools
keep every feasible pair (the solvers are then exact for the instance). Large pools keep, for each
leader, its ``top_k`` best feasible mentors and, for each mentor, its ``mentor_top_k`` best feasible
leaders; those blocks are float32 and the kept pairs are scored again in float64 before solving.
The mentor side matters when mentors are scarce: without it an unpopular mentor could be left
without any edge and the pruned optimum would lose pairs.

While blocks go by, `Diagnostics` counts for each person how many partners pass each rule, which
is what the explanations of unmatched people are made of.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain

import numpy as np
from threadpoolctl import threadpool_limits

from upward.engine.constraints import STAGES, feasibility_stages, feasible_pairs
from upward.engine.scoring import Features, FloatArray, IntArray, score_block, score_pairs
from upward.engine.solvers import DENSE_CELLS, Graph

Progress = Callable[[str, int, int], None]
EXACT_PAIRS = 25_000_000  # leaders x mentors up to which every feasible pair is kept
CHUNK_CELLS = 4_000_000  # pairs per block outside the main pass: about 32 MB in float64
ROW_BLOCK = 240  # at most 255, see Diagnostics.observe
TILE_COLS = 2048
TOP_K = 48
MENTOR_TOP_K = 8
BITMAP_KEYS = 64_000_000  # leader x mentor keys up to which a membership test uses a bitmap


@dataclass
class Diagnostics:
    """Per person: partners passing each rule cumulatively, and the best score below min_score."""

    leader_counts: IntArray
    mentor_counts: IntArray
    leader_best: FloatArray
    mentor_best: FloatArray
    leader_best_with: IntArray
    mentor_best_with: IntArray

    @classmethod
    def empty(cls, n_leaders: int, n_mentors: int) -> Diagnostics:
        return cls(
            leader_counts=np.zeros((n_leaders, len(STAGES)), dtype=np.int64),
            mentor_counts=np.zeros((n_mentors, len(STAGES)), dtype=np.int64),
            leader_best=np.full(n_leaders, -1.0),
            mentor_best=np.full(n_mentors, -1.0),
            leader_best_with=np.full(n_leaders, -1, dtype=np.int64),
            mentor_best_with=np.full(n_mentors, -1, dtype=np.int64),
        )

    def observe(
        self,
        rows: IntArray,
        cols: IntArray,
        stages: list[np.ndarray],
        scores: FloatArray,
        *,
        leaders: bool,
        mentors: bool,
    ) -> None:
        for k, mask in enumerate(stages):
            if leaders:
                self.leader_counts[rows, k] += np.count_nonzero(mask, axis=1)
            if mentors and mask.shape[0] <= np.iinfo(np.uint8).max:
                # Summing 0/1 bytes down at most 255 rows cannot overflow a byte, and this
                # reduction is several times faster than count_nonzero along axis 0.
                self.mentor_counts[cols, k] += np.add.reduce(
                    mask.view(np.uint8), axis=0, dtype=np.uint8
                ).astype(np.int64)
            elif mentors:
                self.mentor_counts[cols, k] += np.count_nonzero(mask, axis=0)
        # The best score among pairs that pass every rule but min_score tells a coordinator how
        # far off the threshold someone was; only worth computing when min_score is in play.
        before_min = stages[-2] & ~stages[-1]
        if not before_min.any():
            return
        masked = np.where(before_min, scores, -1.0)
        if leaders:
            best_col = masked.argmax(axis=1)
            best = masked[np.arange(len(rows)), best_col]
            better = best > self.leader_best[rows]
            self.leader_best[rows[better]] = best[better]
            self.leader_best_with[rows[better]] = cols[best_col[better]]
        if mentors:
            best_row = masked.argmax(axis=0)
            best = masked[best_row, np.arange(len(cols))]
            better = best > self.mentor_best[cols]
            self.mentor_best[cols[better]] = best[better]
            self.mentor_best_with[cols[better]] = rows[best_row[better]]


def _chunks(items: IntArray, size: int) -> list[IntArray]:
    return [items[i : i + size] for i in range(0, len(items), max(size, 1))]


def _merge_top(
    best_vals: np.ndarray, best_idx: IntArray, group: IntArray, vals: np.ndarray, idx: IntArray
) -> None:
    """Fold candidates (group, value, index) into each group's running top-k, in place.

    Rows of ``best_vals`` stay sorted best first. Callers only pass candidates above a group's
    current k-th best, so after the first block this handles a few values per group.
    """
    if group.size == 0:
        return
    keep = best_vals.shape[1]
    groups = np.flatnonzero(np.bincount(group, minlength=best_vals.shape[0]))
    all_group = np.concatenate([np.repeat(groups, keep), group])
    all_vals = np.concatenate([best_vals[groups].ravel(), vals])
    all_idx = np.concatenate([best_idx[groups].ravel(), idx])
    # One float key (group, then value descending; values are finite scores in [0, 1] or -inf)
    # sorts much faster than a three-key lexsort; the stable sort keeps earlier entries first.
    key = all_group * 4.0 + (2.0 - np.maximum(all_vals, -1.0))
    order = np.argsort(key, kind="stable")
    all_group, all_vals, all_idx = all_group[order], all_vals[order], all_idx[order]
    starts = np.flatnonzero(np.r_[True, all_group[1:] != all_group[:-1]])
    rank = np.arange(all_group.size) - np.repeat(starts, np.diff(np.r_[starts, all_group.size]))
    top = rank < keep
    best_vals[all_group[top], rank[top]] = all_vals[top]
    best_idx[all_group[top], rank[top]] = all_idx[top]


def _top_along_rows(values: np.ndarray, keep: int) -> tuple[np.ndarray, IntArray]:
    """Each row's ``keep`` largest values (best first) and their column positions."""
    k = min(keep, values.shape[1])
    part = np.argpartition(values, values.shape[1] - k, axis=1)[:, values.shape[1] - k :]
    part_vals = np.take_along_axis(values, part, axis=1)
    order = np.argsort(-part_vals, axis=1, kind="stable")
    out_vals = np.full((values.shape[0], keep), -np.inf, dtype=values.dtype)
    out_idx = np.full((values.shape[0], keep), -1, dtype=np.int64)
    out_vals[:, :k] = np.take_along_axis(part_vals, order, axis=1)
    out_idx[:, :k] = np.take_along_axis(part, order, axis=1)
    return out_vals, out_idx


def candidate_graph(
    features: Features,
    leaders: IntArray,
    capacity: IntArray,
    diagnostics: Diagnostics,
    *,
    exact: bool | None = None,
    top_k: int = TOP_K,
    mentor_top_k: int = MENTOR_TOP_K,
    progress: Progress | None = None,
) -> Graph:
    """Feasible pairs of the given leaders with mentors that have capacity left.

    Blocks are tiles of ROW_BLOCK leaders x TILE_COLS mentors: small enough that the dozens of
    elementwise passes per tile run in cache rather than at main-memory speed.
    """
    f = features
    n_m = f.n_mentors
    if exact is None:
        exact = len(leaders) * n_m <= EXACT_PAIRS
    dtype = np.float64 if exact else np.float32
    available = capacity > 0
    found_l: list[IntArray] = [np.zeros(0, np.int64)]
    found_m: list[IntArray] = [np.zeros(0, np.int64)]
    found_s: list[FloatArray] = [np.zeros(0)]
    mentor_vals = np.full((n_m, min(mentor_top_k, len(leaders))), -np.inf, dtype=np.float32)
    mentor_rows = np.full(mentor_vals.shape, -1, dtype=np.int64)
    chunks = _chunks(leaders, ROW_BLOCK)
    # A pool that fits one dense matrix keeps its scores as one (NaN where infeasible): the
    # max_total solver takes it as is, and edge lists are derived only if asked for.
    ascending = bool(np.all(leaders[1:] > leaders[:-1]))
    # Every cell is written by exactly one tile below, so the matrix starts uninitialised.
    dense = (
        np.empty((len(leaders), n_m))
        if exact and ascending and len(leaders) * n_m <= DENSE_CELLS
        else None
    )
    # Tiles are small: one BLAS thread per product beats waking a thread pool for each one,
    # and on a busy machine a spinning pool is far slower still.
    with threadpool_limits(limits=1, user_api="blas"):
        for done, rows in enumerate(chunks):
            row_vals = np.full((len(rows), min(top_k, n_m)), -np.inf, dtype=np.float32)
            row_cols = np.full(row_vals.shape, -1, dtype=np.int64)
            for start in range(0, n_m, TILE_COLS):
                cols = slice(start, min(start + TILE_COLS, n_m))
                col_ix = np.arange(cols.start, cols.stop)
                scores = score_block(f, rows, cols, dtype)
                stages = feasibility_stages(f, rows, cols, scores)
                # Leaders' counts are only needed for the few left unmatched: computed afterwards.
                diagnostics.observe(rows, col_ix, stages, scores, leaders=False, mentors=True)
                usable = stages[-1] & available[cols][None, :]
                if dense is not None:
                    first = done * ROW_BLOCK
                    dense[first : first + len(rows), cols] = np.where(usable, scores, np.nan)
                    continue
                if exact:
                    r, c = np.nonzero(usable)
                    found_l.append(rows[r])
                    found_m.append(c + start)
                    found_s.append(scores[r, c])
                    continue
                masked = np.where(usable, scores, np.float32(-np.inf))
                # The first block of each kind fills the running top-k by partitioning; later
                # ones only merge the few values that beat the current k-th best.
                if start == 0 and row_vals.shape[1]:
                    row_vals, row_cols = _top_along_rows(masked, row_vals.shape[1])
                elif row_vals.shape[1]:
                    r, c = np.nonzero(masked > row_vals[:, -1][:, None])
                    _merge_top(row_vals, row_cols, r, masked[r, c], c + start)
                if done == 0 and mentor_vals.shape[1]:
                    top_vals, top_rows = _top_along_rows(masked.T, mentor_vals.shape[1])
                    mentor_vals[cols] = top_vals
                    mentor_rows[cols] = np.where(top_rows >= 0, rows[np.maximum(top_rows, 0)], -1)
                elif mentor_vals.shape[1]:
                    r, c = np.nonzero(masked > mentor_vals[cols, -1][None, :])
                    _merge_top(mentor_vals, mentor_rows, c + start, masked[r, c], rows[r])
            if not exact:
                r, j = np.nonzero(np.isfinite(row_vals))
                found_l.append(rows[r])
                found_m.append(row_cols[r, j])
            if progress is not None:
                progress("scoring", done + 1, len(chunks))
    if dense is not None:
        return Graph.from_dense(leaders, dense, capacity)
    if exact:
        return Graph(
            np.concatenate(found_l),
            np.concatenate(found_m),
            np.concatenate(found_s).astype(np.float64, copy=False),
            capacity,
        )
    m, j = np.nonzero(np.isfinite(mentor_vals))
    found_l.append(mentor_rows[m, j])
    found_m.append(m)
    width = max(n_m, 1)
    keys = np.sort(np.concatenate(found_l) * width + np.concatenate(found_m))
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]] if keys.size else keys
    li, mi = keys // width, keys % width
    exact_scores, _ = score_pairs(f, li, mi)
    ok = exact_scores >= f.instance.settings.min_score
    return Graph(li[ok], mi[ok], exact_scores[ok], capacity)


def diagnose(
    features: Features,
    diagnostics: Diagnostics,
    leaders: IntArray,
    mentors: IntArray,
    active: IntArray,
) -> None:
    """Fill diagnostics for these people only, against all mentors / all active leaders."""
    f = features
    all_rows, all_cols = active, np.arange(f.n_mentors)
    # Scores only matter for the min_score rule (and its "best below" hint).
    scored = f.instance.settings.min_score > 0
    for rows in _chunks(leaders, CHUNK_CELLS // max(f.n_mentors, 1)):
        scores = score_block(f, rows, None) if scored else np.zeros((len(rows), f.n_mentors))
        stages = feasibility_stages(f, rows, None, scores)
        diagnostics.observe(rows, all_cols, stages, scores, leaders=True, mentors=False)
    if all_rows.size == 0:
        return
    for cols in _chunks(mentors, CHUNK_CELLS // max(all_rows.size, 1)):
        shape = (len(all_rows), len(cols))
        scores = score_block(f, all_rows, cols) if scored else np.zeros(shape)
        stages = feasibility_stages(f, all_rows, cols, scores)
        diagnostics.observe(all_rows, cols, stages, scores, leaders=False, mentors=True)


def _id_rank(ids: list[str]) -> IntArray:
    order = sorted(range(len(ids)), key=ids.__getitem__)
    rank = np.empty(len(ids), dtype=np.int64)
    rank[order] = np.arange(len(ids))
    return rank


def _flatten(lists: list[list[int]]) -> tuple[IntArray, IntArray]:
    owners = np.repeat(np.arange(len(lists)), [len(x) for x in lists])
    items = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=owners.size)
    return owners, items


def _member(keys: IntArray, of: IntArray, space: int) -> np.ndarray:
    """``np.isin(keys, of)`` for keys in [0, space): a bitmap when the space is small enough,
    which is several times faster than isin's hashing on the 150,000-key lists of big pools."""
    if space > BITMAP_KEYS:
        return np.isin(keys, of)
    present = np.zeros(space, dtype=bool)
    present[of] = True
    return present[keys]


def _unflatten(owners: IntArray, items: IntArray, keep: np.ndarray, n: int) -> list[list[int]]:
    """Lists again, in the same order, without the items where ``keep`` is False."""
    counts = np.bincount(owners[keep], minlength=n).tolist()
    kept = items[keep].tolist()
    starts = np.r_[0, np.cumsum(counts)].tolist()
    return [kept[starts[i] : starts[i + 1]] for i in range(n)]


def preference_lists(
    features: Features, leaders: IntArray, capacity: IntArray
) -> tuple[list[list[int]], list[list[int]]]:
    """Mutually acceptable, feasible ranked lists for deferred acceptance.

    A given list is kept in its order minus infeasible partners; a missing one ranks every feasible
    partner by score, ties by id. A pair is acceptable only when each appears on the other's list.
    """
    f = features
    inst = f.instance
    active = np.zeros(f.n_leaders, dtype=bool)
    active[leaders] = True
    open_mentors = capacity > 0
    leader_lists: list[list[int]] = [[] for _ in range(f.n_leaders)]
    mentor_lists: list[list[int]] = [[] for _ in range(f.n_mentors)]
    # Given lists: check exactly the listed pairs.
    for side, given, target in (
        ("leaders", inst.leader_preferences, leader_lists),
        ("mentors", inst.mentor_preferences, mentor_lists),
    ):
        owners = [o for o in given if (active[o] if side == "leaders" else open_mentors[o])]
        lengths = [len(given[o]) for o in owners]
        own = np.repeat(np.array(owners, dtype=np.int64), lengths)
        listed = chain.from_iterable(given[o] for o in owners)
        other = np.fromiter(listed, dtype=np.int64, count=own.size)
        li, mi = (own, other) if side == "leaders" else (other, own)
        # Every score is >= 0, so scores only matter here when min_score is set.
        needs_scores = inst.settings.min_score > 0 and own.size > 0
        scores = score_pairs(f, li, mi)[0] if needs_scores else np.ones(own.size)
        ok = feasible_pairs(f, li, mi, scores)
        ok &= active[li] & open_mentors[mi]
        # Each owner's entries are contiguous: cut the kept partners back into lists.
        kept = other[ok].tolist()
        position = np.repeat(np.arange(len(owners)), lengths)
        ends = np.cumsum(np.bincount(position[ok], minlength=len(owners)))
        start = 0
        for owner, end in zip(owners, ends.tolist(), strict=True):
            target[owner] = kept[start:end]
            start = end
    # Missing lists: derive from scores, one block of people at a time.
    mentor_ids = _id_rank([p.id for p in inst.mentors])
    leader_ids = _id_rank([p.id for p in inst.leaders])
    derive_l = np.array([i for i in leaders if i not in inst.leader_preferences], dtype=np.int64)
    for rows in _chunks(derive_l, CHUNK_CELLS // max(f.n_mentors, 1)):
        scores = score_block(f, rows, None)
        feasible = feasibility_stages(f, rows, None, scores)[-1] & open_mentors[None, :]
        for r, leader in enumerate(rows.tolist()):
            cols = np.flatnonzero(feasible[r])
            leader_lists[leader] = cols[np.lexsort((mentor_ids[cols], -scores[r, cols]))].tolist()
    derive_m = np.array(
        [m for m in np.flatnonzero(open_mentors) if m not in inst.mentor_preferences],
        dtype=np.int64,
    )
    for cols in _chunks(derive_m, CHUNK_CELLS // max(f.n_leaders, 1)):
        scores = score_block(f, np.arange(f.n_leaders), cols)
        feasible = feasibility_stages(f, np.arange(f.n_leaders), cols, scores)[-1]
        feasible &= active[:, None]
        for c, mentor in enumerate(cols.tolist()):
            rows_ok = np.flatnonzero(feasible[:, c])
            order = np.lexsort((leader_ids[rows_ok], -scores[rows_ok, c]))
            mentor_lists[mentor] = rows_ok[order].tolist()
    # Mutual acceptability, vectorised: a pair survives only if it is on both sides' lists.
    width = max(f.n_mentors, 1)
    from_leaders = _flatten(leader_lists)
    from_mentors = _flatten(mentor_lists)
    keys_l = from_leaders[0] * width + from_leaders[1]
    keys_m = from_mentors[1] * width + from_mentors[0]
    space = f.n_leaders * width
    leader_lists = _unflatten(*from_leaders, _member(keys_l, keys_m, space), f.n_leaders)
    mentor_lists = _unflatten(*from_mentors, _member(keys_m, keys_l, space), f.n_mentors)
    return leader_lists, mentor_lists
