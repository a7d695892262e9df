"""Mentoring models, split by sub-domain: pairs, charters, meetings, the journal, safety."""

from upward.mentoring.models.charters import Charter, CharterVersion
from upward.mentoring.models.followup import CoordinatorCheckIn, PairNudge
from upward.mentoring.models.journal import (
    Action,
    GrowthEntry,
    Insight,
    LearningGoal,
    Note,
    Reflection,
    Visibility,
)
from upward.mentoring.models.meetings import AgendaItem, Meeting
from upward.mentoring.models.messages import Message
from upward.mentoring.models.pairs import Pair, Role
from upward.mentoring.models.safety import ClosureChoice, Concern, ConcernEntry

__all__ = [
    "Action",
    "AgendaItem",
    "Charter",
    "CharterVersion",
    "ClosureChoice",
    "Concern",
    "ConcernEntry",
    "CoordinatorCheckIn",
    "GrowthEntry",
    "Insight",
    "LearningGoal",
    "Meeting",
    "Message",
    "Note",
    "Pair",
    "PairNudge",
    "Reflection",
    "Role",
    "Visibility",
]
