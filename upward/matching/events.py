"""What matching tells the apps above it (`upward.events`; docs/architecture.md).

Matching sits below mentoring, so it never imports pairs: publishing a run announces
`MATCH_RUN_PUBLISHED` and mentoring creates the pairs (in the same transaction); building a pool
asks `ACTIVE_PAIRS` and mentoring answers who is already paired. Each name is declared here, at
import time, so a subscriber that imports this module can never miss it.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Protocol

from upward import events
from upward.programs.models import Participant


class PublishedPair(Protocol):
    """What matching reads of a pair mentoring created: enough to introduce the two people."""

    @property
    def pk(self) -> Any: ...

    @property
    def leader(self) -> Participant: ...

    @property
    def mentor(self) -> Participant: ...

    @property
    def leader_id(self) -> int: ...


MATCH_RUN_PUBLISHED = events.declare(
    "match_run.published",
    "run=MatchRun, proposals=list[ProposedPair], started_on=date: a coordinator published the "
    "run; each proposal (not declined, both people still opted in) becomes an active pair "
    "unless its leader already has one. Answer: the list of pairs created (PublishedPair).",
)
ACTIVE_PAIRS = events.declare(
    "match_run.active_pairs",
    "program=Program: answer [(leader participant id, mentor participant id), ...] for the "
    "program's active pairs; a new run leaves those leaders out and counts mentors' load.",
)


class FormerPair(NamedTuple):
    """A pair of the program that is over (ended early or closed), as mentoring answers
    `FORMER_PAIRS`: who it was, how it ended, and who asked for a new partner."""

    leader_id: int  # participant ids
    mentor_id: int
    ended_early: bool  # a no-fault exit (or a withdrawal); False: the pair completed
    ended_by: str  # "leader" | "mentor" | "" (which side ended it early)
    leader_wants_new: bool
    mentor_wants_new: bool


FORMER_PAIRS = events.declare(
    "match_run.former_pairs",
    "program=Program: answer [FormerPair, ...] for the program's pairs that are over; a new run "
    "never proposes (nor locks) a former pair again, and leaves out whoever ended their pair "
    "without asking for a new partner.",
)
