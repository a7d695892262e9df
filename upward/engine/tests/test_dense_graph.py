"""A pool held as a dense score matrix is solved and explained exactly as the same pool held as
edge lists: the dense path is a shortcut, never a different answer."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from upward.engine.engine import _best_partners
from upward.engine.solvers import Graph, max_total, max_total_pairs

Pool = tuple[np.ndarray, np.ndarray, np.ndarray]


@st.composite
def pools(draw: st.DrawFn) -> Pool:
    n_rows = draw(st.integers(1, 9))
    n_m = draw(st.integers(1, 9))
    rows = np.array(sorted(draw(st.sets(st.integers(0, 12), min_size=n_rows, max_size=n_rows))))
    # Few distinct scores, so ties (and their order) are exercised.
    cells = draw(
        st.lists(
            st.one_of(st.none(), st.sampled_from([0.25, 0.5, 0.75, 1.0])),
            min_size=rows.size * n_m,
            max_size=rows.size * n_m,
        )
    )
    dense = np.array([np.nan if c is None else c for c in cells]).reshape(rows.size, n_m)
    capacity = np.array(draw(st.lists(st.integers(0, 3), min_size=n_m, max_size=n_m)))
    return rows.astype(np.int64), dense, capacity.astype(np.int64)


def _as_edges(rows: np.ndarray, dense: np.ndarray, capacity: np.ndarray) -> Graph:
    r, c = np.nonzero(~np.isnan(dense))
    return Graph(rows[r], c.astype(np.int64), dense[r, c], capacity)


@settings(max_examples=300, deadline=None)
@given(pools())
def test_max_total_on_the_matrix_matches_max_total_on_the_edges(pool: Pool) -> None:
    rows, dense, capacity = pool
    edges = _as_edges(rows, dense, capacity)
    chosen = max_total(edges)
    led, m, s = max_total_pairs(Graph.from_dense(rows, dense, capacity))

    assert led.size == chosen.size  # same cardinality
    assert np.isclose(s.sum(), edges.scores[chosen].sum())  # same optimal total
    assert np.all(np.bincount(m, minlength=capacity.size) <= capacity)
    assert np.array_equal(s, dense[np.searchsorted(rows, led), m])  # scores are the pairs' own


@settings(max_examples=300, deadline=None)
@given(pools())
def test_best_partners_read_off_the_matrix_match_the_edge_lists(pool: Pool) -> None:
    rows, dense, capacity = pool
    from_dense = Graph.from_dense(rows, dense, capacity)
    edges = _as_edges(rows, dense, capacity)
    leader_ids = [f"L{i}" for i in range(13)]
    mentor_ids = [f"M{j}" for j in range(dense.shape[1])]
    people_l = rows
    people_m = np.arange(dense.shape[1])

    assert _best_partners(
        from_dense, people_l, leaders_side=True, id_of=mentor_ids
    ) == _best_partners(edges, people_l, leaders_side=True, id_of=mentor_ids)
    assert _best_partners(
        from_dense, people_m, leaders_side=False, id_of=leader_ids
    ) == _best_partners(edges, people_m, leaders_side=False, id_of=leader_ids)


def test_edge_lists_are_derived_from_the_matrix_in_leader_then_mentor_order() -> None:
    dense = np.array([[0.5, np.nan], [np.nan, 0.25]])
    graph = Graph.from_dense(np.array([3, 7]), dense, np.array([1, 1]))
    assert graph.leaders.tolist() == [3, 7]
    assert graph.mentors.tolist() == [0, 1]
    assert graph.scores.tolist() == [0.5, 0.25]
