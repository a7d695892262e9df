"""Pairs born from a published match run.

Matching sits below mentoring, so it does not create pairs itself: publishing a run announces
`match_run.published` (upward.matching.events) and this service, subscribed in
`MentoringConfig.ready`, creates the pairs in the publishing transaction.
"""

from __future__ import annotations

import datetime as dt

from upward import events
from upward.matching.models import MatchRun, ProposedPair
from upward.mentoring.events import PAIR_CREATED
from upward.mentoring.models import Pair


def pairs_from_match_run(
    *, run: MatchRun, proposals: list[ProposedPair], started_on: dt.date
) -> list[Pair]:
    """An active pair for each proposal whose leader has none yet (a pair made since the run
    started stands: late joiners never disturb existing pairs)."""
    busy = set(
        Pair.objects.filter(program=run.program, status=Pair.Status.ACTIVE).values_list(
            "leader_id", flat=True
        )
    )
    created = [
        Pair.objects.create(
            program=run.program,
            leader=proposal.leader,
            mentor=proposal.mentor,
            score=proposal.score,
            started_on=started_on,
        )
        for proposal in proposals
        if proposal.leader_id not in busy
    ]
    for pair in created:
        events.publish(PAIR_CREATED, pair=pair)
    return created
