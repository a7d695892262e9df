"""Mentoring models, split by sub-domain: the pair and its agreements, meetings, the journal."""

from upward.mentoring.models.journal import Action, GrowthEntry, Insight, LearningGoal
from upward.mentoring.models.meetings import AgendaItem, Meeting, Note, Reflection
from upward.mentoring.models.pairs import (
    Charter,
    CharterVersion,
    ClosureChoice,
    Concern,
    Pair,
)

__all__ = [
    "Action",
    "AgendaItem",
    "Charter",
    "CharterVersion",
    "ClosureChoice",
    "Concern",
    "GrowthEntry",
    "Insight",
    "LearningGoal",
    "Meeting",
    "Note",
    "Pair",
    "Reflection",
]
