"""Reads for match runs, split by sub-domain: `pool` (the engine's input), `runs` (runs,
proposals, rules, totals), `review` (compare, what-if) and `consultation` (answers; what a
consulted participant sees). Fetches by id ask `upward.access` and answer 404 to outsiders."""

from upward.matching.selectors.consultation import (
    ConsultationSummary,
    PartnerSummary,
    consultation_summary,
    partner_summary,
    proposal_for_participant,
    proposals_awaiting_answer,
    proposals_for_participant,
    side_of,
)
from upward.matching.selectors.pool import Pool, active_pairs, build_pool, engine_id
from upward.matching.selectors.review import (
    Comparison,
    PreviewPair,
    compare_pairs,
    compare_runs,
    preview_pairs,
    preview_pairs_by_leader,
    run_pairs_by_leader,
)
from upward.matching.selectors.runs import (
    RunTotals,
    active_or_queued,
    proposal_get,
    proposals_of,
    publish_warnings,
    rule_get,
    rules_for,
    run_get,
    run_totals,
    runs_of,
)

__all__ = [
    "Comparison",
    "ConsultationSummary",
    "PartnerSummary",
    "Pool",
    "PreviewPair",
    "RunTotals",
    "active_or_queued",
    "active_pairs",
    "build_pool",
    "compare_pairs",
    "compare_runs",
    "consultation_summary",
    "engine_id",
    "partner_summary",
    "preview_pairs",
    "preview_pairs_by_leader",
    "proposal_for_participant",
    "proposal_get",
    "proposals_awaiting_answer",
    "proposals_for_participant",
    "proposals_of",
    "publish_warnings",
    "rule_get",
    "rules_for",
    "run_get",
    "run_pairs_by_leader",
    "run_totals",
    "runs_of",
    "side_of",
]
