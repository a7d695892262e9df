"""Writes for match runs, split by sub-domain: `runs` (start, execute, what-if, publish, discard),
`review` (lock, forbid, swap, rules) and `consultation` (ask, extend, answer).

Every service takes the acting user and asks `upward.access` itself: a coordinator action is
refused with 404 to anyone but the program's coordinators and org admins, and a consultation
answer to anyone but the person asked. Refusals are `upward.errors.ServiceError`.
"""

from upward.matching.services.common import EDITABLE
from upward.matching.services.consultation import (
    consultation_extend,
    consultation_start,
    proposal_respond,
)
from upward.matching.services.recovery import Recovered, run_cancel, runs_recover_stale
from upward.matching.services.review import (
    proposal_forbid,
    proposal_lock,
    proposal_swap,
    rule_delete,
    rules_after_exit,
)
from upward.matching.services.runs import (
    RUNNABLE_PHASES,
    Preview,
    clean_settings_override,
    run_discard,
    run_execute,
    run_preview,
    run_publish,
    run_start,
)

__all__ = [
    "EDITABLE",
    "RUNNABLE_PHASES",
    "Preview",
    "Recovered",
    "clean_settings_override",
    "consultation_extend",
    "consultation_start",
    "proposal_forbid",
    "proposal_lock",
    "proposal_respond",
    "proposal_swap",
    "rule_delete",
    "rules_after_exit",
    "run_cancel",
    "run_discard",
    "run_execute",
    "run_preview",
    "run_publish",
    "run_start",
    "runs_recover_stale",
]
