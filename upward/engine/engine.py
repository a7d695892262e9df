"""`solve`: from a version-1 instance to the result the contract describes.

Steps: validate, encode features, fix the locked pairs (checking them against the rules), build
candidate pairs for the rest, run the objective's solver, then explain every pair and every
unmatched person. Nothing here depends on wall-clock time except ``stats.seconds``, so the same
instance always gives the same pairs, scores and reasons.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from upward.engine.candidates import (
    Diagnostics,
    Progress,
    candidate_graph,
    diagnose,
    preference_lists,
)
from upward.engine.constraints import feasible_pairs
from upward.engine.explain import pair_reasons, unmatched_leader_reason, unmatched_mentor_reason
from upward.engine.instance import CRITERIA, Instance, InstanceError
from upward.engine.reasons import NAMES_SHOWN, Reason, render
from upward.engine.scoring import Features, FloatArray, IntArray, build_features, score_pairs
from upward.engine.solvers import (
    Graph,
    max_min,
    max_total_pairs,
    stable_leaders_propose,
    stable_mentors_propose,
)
from upward.engine.validation import validate_instance

DECIMALS = 4


def _check_locked(features: Features, li: IntArray, mi: IntArray, scores: FloatArray) -> None:
    """Rules 1-3 and `forbidden` are checked in validation; min_score needs the scores."""
    ok = feasible_pairs(features, li, mi, scores)
    inst = features.instance
    broken = np.flatnonzero(~ok).tolist()
    reasons: list[Reason] = [
        {
            "code": "locked_infeasible",
            "leader": inst.leaders[li[k]].id,
            "mentor": inst.mentors[mi[k]].id,
            "rule": "below_min_score",
            "score": float(scores[k]),
            "min_score": inst.settings.min_score,
        }
        for k in broken
    ]
    if reasons:
        # Locked pairs are scored in the instance's order, so k is also the position to name.
        problems = [f"locked[{k}]: {render(r)}" for k, r in zip(broken, reasons, strict=True)]
        raise InstanceError(problems, reasons)


def _best_partners(
    graph: Graph, people: IntArray, *, leaders_side: bool, id_of: list[str]
) -> dict[int, tuple[list[str], int]]:
    """For each listed person: their best few candidate partners' ids and how many there are."""
    if graph.dense is not None and graph.dense_rows is not None:
        return _best_partners_dense(graph.dense, graph.dense_rows, people, leaders_side, id_of)
    own = graph.leaders if leaders_side else graph.mentors
    other = graph.mentors if leaders_side else graph.leaders
    lookup = np.zeros(max(int(own.max(initial=-1)), int(np.max(people, initial=-1))) + 1, bool)
    lookup[people] = True
    wanted = np.flatnonzero(lookup[own])
    # One float key (person, then score descending) sorts much faster than a lexsort; the
    # stable sort keeps the graph's (leader, mentor) order among equal scores.
    key = own[wanted] * 4.0 + (2.0 - graph.scores[wanted])
    order = wanted[np.argsort(key, kind="stable")]
    owners = own[order]
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]]) if owners.size else owners
    counts = np.diff(np.r_[starts, owners.size])
    out: dict[int, tuple[list[str], int]] = {int(p): ([], 0) for p in people}
    for start, count in zip(starts.tolist(), counts.tolist(), strict=True):
        best = other[order[start : start + min(count, NAMES_SHOWN)]].tolist()
        out[int(owners[start])] = ([id_of[p] for p in best], count)
    return out


def _best_partners_dense(
    dense: FloatArray, rows: IntArray, people: IntArray, leaders_side: bool, id_of: list[str]
) -> dict[int, tuple[list[str], int]]:
    """`_best_partners` read off the dense score matrix: one row or column per person, best
    score first and ties in partner order, as the edge-list version orders them."""
    out: dict[int, tuple[list[str], int]] = {}
    position = np.full(int(rows.max(initial=-1)) + 1, -1, dtype=np.int64)
    position[rows] = np.arange(rows.size)
    wanted = people.tolist()
    # One gather of the wanted columns, as rows: reading a column in place strides across the
    # whole matrix once per person.
    columns = dense[:0] if leaders_side else np.ascontiguousarray(dense[:, people].T)
    for k, p in enumerate(wanted):
        if leaders_side:
            at = int(position[p]) if p < position.size else -1
            line = dense[at] if at >= 0 else np.zeros(0)
        else:
            line = columns[k]
        found = np.flatnonzero(~np.isnan(line))
        count, values = int(found.size), line[found]
        if count > NAMES_SHOWN:
            # Only values at least the NAMES_SHOWN-th best can be shown: partition (linear) finds
            # that threshold, and the few at or above it are sorted as the full sort would.
            cut = values.size - NAMES_SHOWN
            threshold = np.partition(values, cut)[cut]
            near = np.flatnonzero(values >= threshold)
            found, values = found[near], values[near]
        best = found[np.argsort(-values, kind="stable")[:NAMES_SHOWN]]
        ids = best if leaders_side else rows[best]
        out[p] = ([id_of[i] for i in ids.tolist()], count)
    return out


def solve(
    data: Mapping[str, Any] | Instance,
    *,
    progress: Progress | None = None,
    exact: bool | None = None,
) -> dict[str, Any]:
    """Solve an instance (parsed JSON or validated `Instance`) and return the result dict.

    ``exact`` forces keeping every feasible pair (True) or pruning to top-k candidates (False);
    by default pools up to 25 million leader-mentor pairs are solved exactly.
    Raises `InstanceError` for invalid input.
    """
    started = time.perf_counter()
    inst = data if isinstance(data, Instance) else validate_instance(data)
    settings = inst.settings
    features = build_features(inst)
    n_l, n_m = len(inst.leaders), len(inst.mentors)
    locked_l = np.array([p[0] for p in inst.locked], dtype=np.int64)
    locked_m = np.array([p[1] for p in inst.locked], dtype=np.int64)
    locked_scores, _ = score_pairs(features, locked_l, locked_m)
    _check_locked(features, locked_l, locked_m, locked_scores)
    capacity = np.array([m.capacity for m in inst.mentors], dtype=np.int64)
    capacity -= np.bincount(locked_m, minlength=n_m)
    active = np.setdiff1d(np.arange(n_l), locked_l)
    diagnostics = Diagnostics.empty(n_l, n_m)
    mentor_ids = [m.id for m in inst.mentors]
    leader_ids = [p.id for p in inst.leaders]
    stable = settings.objective == "stable"
    if stable:
        leader_lists, mentor_lists = preference_lists(features, active, capacity)
        propose = (
            stable_leaders_propose if settings.proposing == "leaders" else stable_mentors_propose
        )
        match = np.array(propose(leader_lists, mentor_lists, capacity.tolist()), dtype=np.int64)
        chosen_l = np.flatnonzero(match >= 0)
        chosen_m = match[chosen_l]
        chosen_s, _ = score_pairs(features, chosen_l, chosen_m)
    else:
        graph = candidate_graph(
            features, active, capacity, diagnostics, exact=exact, progress=progress
        )
        if settings.objective == "max_total":
            chosen_l, chosen_m, chosen_s = max_total_pairs(graph)
        else:
            floor = float(locked_scores.min()) if locked_scores.size else None
            picked = max_min(graph, floor=floor)
            chosen_l, chosen_m, chosen_s = (
                graph.leaders[picked],
                graph.mentors[picked],
                graph.scores[picked],
            )
    if progress is not None:
        progress("explaining", 0, 1)
    all_l = np.concatenate([locked_l, chosen_l])
    all_m = np.concatenate([locked_m, chosen_m])
    all_s = np.concatenate([locked_scores, chosen_s])
    order = np.lexsort((all_m, all_l))  # leader input order, deterministic
    _, breakdowns = score_pairs(features, all_l, all_m)
    given = {(li, mi): s for li, mi, s in inst.scores}
    locked_set = set(inst.locked)
    pairs = []
    for k in order.tolist():
        li, mi = int(all_l[k]), int(all_m[k])
        breakdown = {
            c: round(float(v), DECIMALS) for c, v in zip(CRITERIA, breakdowns[k], strict=True)
        }
        given_score = given.get((li, mi))
        criteria_score = float(breakdowns[k] @ features.weights)
        reasons = pair_reasons(
            features,
            li,
            mi,
            {c: float(v) for c, v in zip(CRITERIA, breakdowns[k], strict=True)},
            locked=(li, mi) in locked_set,
            given_score=given_score,
            computed_score=criteria_score,
        )
        pairs.append(
            {
                "leader": leader_ids[li],
                "mentor": mentor_ids[mi],
                # A given score is reported exactly as given; computed ones are rounded.
                "score": given_score
                if given_score is not None
                else round(float(all_s[k]), DECIMALS),
                "breakdown": breakdown,
                "reasons": reasons,
            }
        )
        if stable and (li, mi) not in locked_set:
            reasons[:0] = [
                {
                    "code": "stable_ranks",
                    "leader": leader_ids[li],
                    "mentor": mentor_ids[mi],
                    "leader_rank": leader_lists[li].index(mi) + 1,
                    "mentor_rank": mentor_lists[mi].index(li) + 1,
                }
            ]
    matched_l = np.zeros(n_l, dtype=bool)
    matched_l[all_l] = True
    load = np.bincount(all_m, minlength=n_m)
    lonely_l = np.flatnonzero(~matched_l)
    lonely_m = np.flatnonzero(load == 0)
    if stable:
        diagnose(features, diagnostics, lonely_l, lonely_m, active)
        partners_l = {
            int(li): (
                [mentor_ids[m] for m in leader_lists[li][:NAMES_SHOWN]],
                len(leader_lists[li]),
            )
            for li in lonely_l
        }
        partners_m = {
            int(mi): (
                [leader_ids[li] for li in mentor_lists[mi][:NAMES_SHOWN]],
                len(mentor_lists[mi]),
            )
            for mi in lonely_m
        }
    else:
        # Mentors' counts came with the scoring pass; leaders' are only needed for these few.
        diagnose(features, diagnostics, lonely_l, np.zeros(0, dtype=np.int64), active)
        partners_l = _best_partners(graph, lonely_l, leaders_side=True, id_of=mentor_ids)
        partners_m = _best_partners(graph, lonely_m, leaders_side=False, id_of=leader_ids)
    unmatched_leaders = [
        {
            "id": leader_ids[li],
            "reason": unmatched_leader_reason(
                features, diagnostics, int(li), *partners_l[int(li)], stable=stable
            ),
        }
        for li in lonely_l.tolist()
    ]
    unmatched_mentors = []
    for mi in lonely_m.tolist():
        left = int(capacity[mi])  # nobody is matched to this mentor, not even a locked leader
        reason: Reason
        if active.size == 0 and inst.mentors[mi].capacity > 0:
            reason = {"code": "all_leaders_locked", "capacity_left": left}
        else:
            reason = unmatched_mentor_reason(
                features, diagnostics, mi, left, *partners_m[mi], stable=stable
            )
        unmatched_mentors.append({"id": mentor_ids[mi], "reason": reason})
    return {
        "pairs": pairs,
        "unmatched_leaders": unmatched_leaders,
        "unmatched_mentors": unmatched_mentors,
        "stats": {
            "objective": settings.objective,
            "pairs": len(pairs),
            "total_score": round(float(all_s.sum()), DECIMALS),
            "min_score": round(float(all_s.min()), DECIMALS) if all_s.size else None,
            "seconds": round(time.perf_counter() - started, 3),
        },
    }
