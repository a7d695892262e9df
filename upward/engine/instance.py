"""The typed shape of a matching instance, shared by validation, scoring, solvers and the app."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from upward.engine.reasons import Reason

CRITERIA: tuple[str, ...] = ("topics", "interests", "style", "affinity", "cross_department", "text")
DEFAULT_WEIGHTS: dict[str, float] = {
    "topics": 0.45,
    "interests": 0.15,
    "style": 0.1,
    "affinity": 0.1,
    "cross_department": 0.1,
    "text": 0.1,
}
OBJECTIVES: tuple[str, ...] = ("max_total", "max_min", "stable")
PROPOSING: tuple[str, ...] = ("leaders", "mentors")
SETTINGS_KEYS: tuple[str, ...] = (
    "objective",
    "proposing",
    "min_level_gap",
    "exclude_reporting_line",
    "require_shared_language",
    "min_score",
    "weights",
)
MAX_TOPIC_LEVEL = 3
STYLE_RANGE = (1.0, 5.0)
STYLE_SPAN = STYLE_RANGE[1] - STYLE_RANGE[0]  # the largest possible difference of two answers


class InstanceError(ValueError):
    """The instance cannot be solved as given; `problems` holds one line per problem.

    Problems a person can cause through an app (a coordinator's locked pairs) also come as
    `reasons` (codes with their facts, see `upward.engine.reasons`), so the app can name people.
    """

    def __init__(self, problems: list[str], reasons: list[Reason] | None = None) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
        self.reasons = reasons or []


@dataclass(frozen=True)
class Person:
    """A leader or a mentor. Leaders always have capacity 1."""

    id: str
    level: float | None = None
    department: str | None = None
    manager_chain: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    topics: Mapping[str, int] = field(default_factory=dict)
    interests: tuple[str, ...] = ()
    affinity_groups: tuple[str, ...] = ()
    style: tuple[float, ...] = ()
    text: str = ""
    capacity: int = 1


@dataclass(frozen=True)
class Settings:
    objective: str = "max_total"
    proposing: str = "leaders"
    min_level_gap: float = 2
    exclude_reporting_line: bool = True
    require_shared_language: bool = True
    min_score: float = 0.0
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))


@dataclass(frozen=True)
class Instance:
    """A validated instance. Pairs and preferences refer to people by index into the tuples."""

    settings: Settings
    leaders: tuple[Person, ...]
    mentors: tuple[Person, ...]
    scores: tuple[tuple[int, int, float], ...] = ()
    leader_preferences: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    mentor_preferences: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    locked: tuple[tuple[int, int], ...] = ()
    forbidden: tuple[tuple[int, int], ...] = ()
