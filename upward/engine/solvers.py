"""Exact solvers on a candidate graph of feasible (leader, mentor) edges.

A mentor with capacity c becomes c identical "slots" (only as many as they have candidate leaders,
since more could never be used), which turns the capacitated problem into a plain assignment
problem that scipy solves exactly:

- ``max_total``: cardinality first, then total score. Every real edge is worth ``BIG + score``
  with ``BIG`` larger than any possible total, so one more pair always beats any score gain.
  Dense instances go to ``scipy.optimize.linear_sum_assignment``; sparse ones (pruned pools) to
  ``scipy.sparse.csgraph.min_weight_full_bipartite_matching`` with a private "stay unmatched"
  column per leader so a full matching always exists.
- ``max_min``: the largest cardinality (Hopcroft-Karp), then a binary search over the sorted
  distinct scores for the highest threshold that still allows that cardinality, then ``max_total``
  restricted to edges at or above the threshold.
- ``stable``: deferred acceptance with capacities, proposing side optimal.

scipy is imported inside the solvers that use it (and ``linear_sum_assignment`` on its own, see
``lsap.py``): its optimize and sparse packages cost a large share of a small run's start-up, and
``stable`` (plain Python) never needs them.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from upward.engine.lsap import linear_sum_assignment
from upward.engine.scoring import FloatArray, IntArray

# A dense cost matrix up to this many cells (about 160 MB of float64) is solved with
# linear_sum_assignment, which is fastest when most pairs are feasible.
DENSE_CELLS = 20_000_000
DENSE_MIN_DENSITY = 0.05


class Graph:
    """Candidate edges (unique leader-mentor pairs, in leader then mentor order) and each mentor's
    remaining capacity.

    Built either from edge lists or, for pools small enough to hold whole, from a dense matrix of
    scores (one row per listed leader, one column per mentor, NaN where infeasible). The dense
    form lets `max_total_pairs` hand the matrix to the solver without listing millions of edges;
    the edge lists are then derived only if something asks for them.
    """

    def __init__(
        self,
        leaders: IntArray,
        mentors: IntArray,
        scores: FloatArray,
        capacity: IntArray,
    ) -> None:
        self._edges: tuple[IntArray, IntArray, FloatArray] | None = (leaders, mentors, scores)
        self.capacity = capacity
        self.dense: FloatArray | None = None
        self.dense_rows: IntArray | None = None

    @classmethod
    def from_dense(cls, rows: IntArray, dense: FloatArray, capacity: IntArray) -> Graph:
        """``rows`` are the leaders of the matrix's rows, ascending."""
        graph = cls.__new__(cls)
        graph._edges = None
        graph.capacity = capacity
        graph.dense = dense
        graph.dense_rows = rows
        return graph

    def _edge_lists(self) -> tuple[IntArray, IntArray, FloatArray]:
        if self._edges is None:
            assert self.dense is not None and self.dense_rows is not None
            r, c = np.nonzero(~np.isnan(self.dense))
            self._edges = (self.dense_rows[r], c.astype(np.int64), self.dense[r, c])
        return self._edges

    @property
    def leaders(self) -> IntArray:
        return self._edge_lists()[0]

    @property
    def mentors(self) -> IntArray:
        return self._edge_lists()[1]

    @property
    def scores(self) -> FloatArray:
        return self._edge_lists()[2]

    def subset(self, keep: np.ndarray) -> Graph:
        return Graph(self.leaders[keep], self.mentors[keep], self.scores[keep], self.capacity)


def _slots(graph: Graph) -> tuple[IntArray, IntArray]:
    """Slots per mentor (capacity, capped by how many candidate leaders they have) and offsets."""
    degree = np.bincount(graph.mentors, minlength=graph.capacity.size)
    slots = np.minimum(np.maximum(graph.capacity, 0), degree)
    return slots, np.concatenate([[0], np.cumsum(slots)[:-1]]).astype(np.int64)


@dataclass(frozen=True)
class _Expanded:
    """Edges repeated once per slot of their mentor; rows renumbered densely."""

    n_rows: int
    n_slots: int
    row: IntArray  # per expanded edge
    slot: IntArray
    edge: IntArray  # index of the original edge


def _expand(graph: Graph) -> _Expanded:
    slots, offset = _slots(graph)
    edges = np.flatnonzero(slots[graph.mentors] > 0)
    mentors = graph.mentors[edges]
    row_ids, row = np.unique(graph.leaders[edges], return_inverse=True)
    repeat = slots[mentors]
    edge_of = np.repeat(np.arange(edges.size), repeat)
    start = np.repeat(np.cumsum(repeat) - repeat, repeat)
    slot = offset[mentors][edge_of] + (np.arange(edge_of.size) - start)
    return _Expanded(row_ids.size, int(slots.sum()), row[edge_of], slot, edges[edge_of])


def max_total(graph: Graph) -> IntArray:
    """Indices of the edges of a maximum-cardinality, then maximum-score, matching."""
    slots, _ = _slots(graph)
    usable = slots[graph.mentors] > 0
    if not usable.any():
        return np.zeros(0, dtype=np.int64)
    n_rows = int(np.count_nonzero(np.bincount(graph.leaders[usable])))
    n_slots = int(slots.sum())
    cells = n_rows * n_slots
    if cells <= DENSE_CELLS and int(slots[graph.mentors].sum()) >= DENSE_MIN_DENSITY * cells:
        # Usually every edge is usable (slots come from the edges): then no copy is made.
        edge_ids = None if usable.all() else np.flatnonzero(usable)
        return _dense_assignment(
            graph if edge_ids is None else graph.subset(usable), slots, edge_ids
        )
    ex = _expand(graph)
    return np.sort(ex.edge[_sparse_assignment(ex, graph.scores[ex.edge])])


def max_total_pairs(graph: Graph) -> tuple[IntArray, IntArray, FloatArray]:
    """`max_total` as (leaders, mentors, scores) of the chosen pairs, in leader order.

    A graph that holds its dense matrix is solved from the matrix itself: at 2,000 x 2,000 this
    skips listing four million edges and finding the chosen ones among them again.
    """
    if graph.dense is not None and graph.dense_rows is not None:
        picked = _dense_matrix_assignment(graph.dense, graph.dense_rows, graph.capacity)
        if picked is not None:
            return picked
    chosen = max_total(graph)
    return graph.leaders[chosen], graph.mentors[chosen], graph.scores[chosen]


def _dense_matrix_assignment(
    dense: FloatArray, dense_rows: IntArray, capacity: IntArray
) -> tuple[IntArray, IntArray, FloatArray] | None:
    """The dense branch of `max_total` on a score matrix; None when the pool is too sparse
    for it (the caller then takes the sparse path on the edge lists)."""
    feasible = ~np.isnan(dense)
    degree = np.count_nonzero(feasible, axis=0)
    slots = np.minimum(np.maximum(capacity, 0), degree)
    col_ids = np.flatnonzero(slots > 0)
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
    if col_ids.size == 0:
        return empty
    row_pos = np.flatnonzero(feasible[:, col_ids].any(axis=1))
    counts = slots[col_ids]
    n_slots = int(counts.sum())
    cells = row_pos.size * n_slots
    if cells > DENSE_CELLS or int((degree * slots).sum()) < DENSE_MIN_DENSITY * cells:
        return None
    # The same matrix `_dense_assignment` builds from edges, so the same optimum is found. The
    # costs are computed on the leaders x mentors matrix, then one gather widens it to a column
    # per slot: the arithmetic runs on the smaller matrix (a quarter faster at 2,000 x 2,800).
    big = float(min(row_pos.size, n_slots) + 1)
    slot_owner = np.repeat(np.arange(col_ids.size), counts)
    source = dense if row_pos.size == dense.shape[0] else dense[row_pos]
    cost = np.subtract(-big, source)
    cost[np.isnan(cost)] = 0.0
    value = cost.take(col_ids[slot_owner], axis=1)
    del cost
    rows, cols = linear_sum_assignment()(value)
    real = value[rows, cols] < 0
    r, c = row_pos[rows[real]], col_ids[slot_owner[cols[real]]]
    order = np.lexsort((c, r))
    r, c = r[order], c[order]
    return dense_rows[r], c.astype(np.int64), dense[r, c]


def _renumber(present: np.ndarray, ids: IntArray) -> tuple[IntArray, IntArray]:
    """The present ids in order and each of ``ids``'s position among them (a linear np.unique)."""
    distinct = np.flatnonzero(present)
    if distinct.size == present.size:  # the usual dense case: nothing to renumber
        return distinct, ids
    return distinct, (np.cumsum(present) - 1)[ids]


def _edge_positions(graph: Graph, leaders: IntArray, mentors: IntArray) -> IntArray:
    """Where each (leader, mentor) pair sits among the graph's edges (all pairs are edges)."""
    width = graph.capacity.size
    keys = graph.leaders * width + graph.mentors
    wanted = leaders * width + mentors
    if keys.size and not (keys[1:] > keys[:-1]).all():  # edges come sorted unless tiles split
        order = np.argsort(keys, kind="stable")
        return np.asarray(order[np.searchsorted(keys[order], wanted)])
    return np.searchsorted(keys, wanted)


def _dense_assignment(graph: Graph, slots: IntArray, edge_ids: IntArray | None) -> IntArray:
    """linear_sum_assignment on the leaders x slots matrix; the edges it picks."""
    row_ids, row = _renumber(np.bincount(graph.leaders) > 0, graph.leaders)
    col_ids, col = _renumber(slots > 0, graph.mentors)  # a mentor has slots only if it has edges
    counts = slots[col_ids]
    n_slots = int(counts.sum())
    # Any matching's total score is below min(rows, slots) + 1, so BIG makes cardinality dominate.
    big = float(min(row_ids.size, n_slots) + 1)
    # A leaders x mentors matrix widened to one column per slot by `take` along the columns,
    # which gathers whole rows at once (about 3x faster than assigning copied columns into a
    # matrix built at its final width, measured at 2,000 x 2,800).
    base = np.zeros((row_ids.size, col_ids.size))
    base.ravel()[row * col_ids.size + col] = -(big + graph.scores)
    slot_owner = np.repeat(np.arange(col_ids.size), counts)
    value = base.take(slot_owner, axis=1)
    rows, cols = linear_sum_assignment()(value)
    real = value[rows, cols] < 0  # every real edge costs at most -BIG; the rest are 0
    picked = _edge_positions(graph, row_ids[rows[real]], col_ids[slot_owner[cols[real]]])
    return np.sort(picked if edge_ids is None else edge_ids[picked])


def _sparse_assignment(ex: _Expanded, scores: FloatArray) -> np.ndarray:
    import scipy.sparse as sp  # heavy: see the module docstring
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    # Real edges cost 2 - score (in [1, 2], never an implicit zero); each leader also has a private
    # dummy column costing more than any real edge could save: with k real pairs the cost is at
    # least k + (n - k) * dummy, so dummy > n + 2 makes one more real pair always cheaper.
    n = ex.n_rows
    dummy = float(n + 3)
    rows = np.concatenate([ex.row, np.arange(n)])
    cols = np.concatenate([ex.slot, ex.n_slots + np.arange(n)])
    weights = np.concatenate([2.0 - scores, np.full(n, dummy)])
    matrix = sp.csr_matrix((weights, (rows, cols)), shape=(n, ex.n_slots + n))
    row_ind, col_ind = min_weight_full_bipartite_matching(matrix)
    real = col_ind < ex.n_slots
    key = ex.row.astype(np.int64) * (ex.n_slots + 1) + ex.slot
    order = np.argsort(key, kind="stable")
    wanted = row_ind[real].astype(np.int64) * (ex.n_slots + 1) + col_ind[real]
    return np.asarray(order[np.searchsorted(key[order], wanted)])


def _max_cardinality(ex: _Expanded, keep: np.ndarray) -> int:
    import scipy.sparse as sp  # heavy: see the module docstring
    from scipy.sparse.csgraph import maximum_bipartite_matching

    if not keep.any():
        return 0
    matrix = sp.csr_matrix(
        (np.ones(int(keep.sum()), dtype=np.int8), (ex.row[keep], ex.slot[keep])),
        shape=(ex.n_rows, ex.n_slots),
    )
    return int((maximum_bipartite_matching(matrix, perm_type="column") >= 0).sum())


def max_min(graph: Graph, *, floor: float | None = None) -> IntArray:
    """Maximum cardinality, then the largest smallest score, then the largest total.

    ``floor`` is the smallest score among locked pairs: the result's minimum can never exceed it,
    so any threshold above it buys nothing and would only cost total score.
    """
    ex = _expand(graph)
    if ex.row.size == 0:
        return np.zeros(0, dtype=np.int64)
    scores = graph.scores[ex.edge]
    target = _max_cardinality(ex, np.ones(ex.row.size, dtype=bool))
    levels = np.unique(scores)
    lo, hi = 0, levels.size - 1  # levels[lo] always keeps the target cardinality
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _max_cardinality(ex, scores >= levels[mid]) == target:
            lo = mid
        else:
            hi = mid - 1
    threshold = float(levels[lo]) if floor is None else min(float(levels[lo]), floor)
    keep = graph.scores >= threshold
    return np.flatnonzero(keep)[max_total(graph.subset(keep))]


def stable_leaders_propose(
    leader_lists: Sequence[Sequence[int]],
    mentor_lists: Sequence[Sequence[int]],
    capacity: Sequence[int],
) -> list[int]:
    """Leader-optimal stable matching; returns each leader's mentor or -1.

    Lists must already hold only mutually acceptable, feasible partners with capacity > 0.
    """
    rank = [{leader: r for r, leader in enumerate(lst)} for lst in mentor_lists]
    held: list[list[tuple[int, int]]] = [[] for _ in mentor_lists]  # max-heap on rank via -rank
    next_choice = [0] * len(leader_lists)
    match = [-1] * len(leader_lists)
    free = [li for li in range(len(leader_lists) - 1, -1, -1) if leader_lists[li]]
    while free:
        leader = free.pop()
        choices = leader_lists[leader]
        while next_choice[leader] < len(choices):
            mentor = choices[next_choice[leader]]
            next_choice[leader] += 1
            r = rank[mentor][leader]
            pool = held[mentor]
            if len(pool) < capacity[mentor]:
                heapq.heappush(pool, (-r, leader))
                match[leader] = mentor
                break
            if -pool[0][0] > r:  # the mentor prefers this leader to their worst current one
                _, bumped = heapq.heapreplace(pool, (-r, leader))
                match[leader], match[bumped] = mentor, -1
                free.append(bumped)
                break
    return match


def stable_mentors_propose(
    leader_lists: Sequence[Sequence[int]],
    mentor_lists: Sequence[Sequence[int]],
    capacity: Sequence[int],
) -> list[int]:
    """Mentor-optimal stable matching; returns each leader's mentor or -1."""
    rank = [{mentor: r for r, mentor in enumerate(lst)} for lst in leader_lists]
    match = [-1] * len(leader_lists)
    room = list(capacity)
    next_choice = [0] * len(mentor_lists)
    active = [m for m in range(len(mentor_lists) - 1, -1, -1) if mentor_lists[m] and room[m] > 0]
    while active:
        mentor = active.pop()
        choices = mentor_lists[mentor]
        while room[mentor] > 0 and next_choice[mentor] < len(choices):
            leader = choices[next_choice[mentor]]
            next_choice[mentor] += 1
            current = match[leader]
            if current == -1:
                match[leader] = mentor
                room[mentor] -= 1
            elif rank[leader][mentor] < rank[leader][current]:
                match[leader] = mentor
                room[mentor] -= 1
                room[current] += 1
                active.append(current)
    return match
