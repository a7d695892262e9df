"""What a program objective may be measured by: the catalogue of measures and their units.

Programs owns the objectives (they are part of a program's design), so the catalogue lives
here; `upward.insights.objectives` computes each measure from the figures the dashboard already
shows (a test there checks that every measure below has a computation, and that the survey
constructs named here are the feedback app's constructs).

Three units, each with the targets that make sense for it:

- COUNT: a whole number, 0 or more (actions published, behaviour changes recorded);
- PERCENT: 0 to 100 (meeting adherence, pairs that met at least N times);
- SCORE: an average agreement from 1 to 5 (a check-in construct), shown only where at least the
  program's anonymity threshold answered; below it the objective reads "not enough answers".

A measure is either computed (Upward counts it) or recorded (the coordinator records a figure
with its date; the latest one counts, the earlier ones are its history).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

COUNT = "count"
PERCENT = "percent"
SCORE = "score"

COUNT_MAX = Decimal(1_000_000)
MEETINGS_MAX = 100


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str
    help: str
    group: str
    # Grows as the program runs (a count, a share reached): progress is paced against the time
    # the program has run. A level (a rate, an average) is met or not at any time.
    cumulative: bool = False
    # The coordinator records the figure (with its date) instead of Upward computing it.
    recorded: bool = False
    # Takes "at least N meetings" (pairs_min_meetings_pct).
    needs_meetings: bool = False
    # A figure about answers or people: hidden below the program's anonymity threshold.
    anonymous: bool = False


# The check-in constructs (upward.feedback.models.Construct; insights' tests keep them equal).
CONSTRUCTS: tuple[tuple[str, str], ...] = (
    ("perceived_value", "perceived value"),
    ("psychological_safety", "psychological safety"),
    ("skill_gain", "skill gain"),
    ("relationship_quality", "relationship quality"),
)
ROLES: tuple[tuple[str, str], ...] = (("leader", "leaders"), ("mentor", "mentors"))


def survey_measure_key(role: str, construct: str) -> str:
    return f"survey_{role}_{construct}"


_MEASURES: list[Measure] = [
    Measure(
        "actions_published",
        "Actions published to the follow-through board",
        COUNT,
        "Actions leaders chose to show the program, counted as they are published.",
        "Follow-through",
        cumulative=True,
    ),
    Measure(
        "actions_done",
        "Actions done",
        COUNT,
        "Actions leaders committed to and marked done.",
        "Follow-through",
        cumulative=True,
    ),
    Measure(
        "pairs_with_published_action_pct",
        "Pairs with at least one published action",
        PERCENT,
        "Share of the program's pairs whose leader published at least one action.",
        "Follow-through",
        cumulative=True,
    ),
    Measure(
        "behaviour_changes",
        "Behaviour changes recorded",
        COUNT,
        "Tools adopted, policies and practices changed, as recorded on the dashboard.",
        "Follow-through",
        cumulative=True,
    ),
    Measure(
        "pairs_min_meetings_pct",
        "Pairs that held at least N meetings",
        PERCENT,
        "Share of the program's pairs (ended ones included) that held at least N meetings.",
        "Meetings",
        cumulative=True,
        needs_meetings=True,
    ),
    Measure(
        "meeting_adherence_pct",
        "Meeting adherence",
        PERCENT,
        "Meetings held against what the program's cadence expects so far.",
        "Meetings",
    ),
    Measure(
        "pairs_ended_early",
        "Pairs ended early",
        COUNT,
        "Pairs one of the two ended before the program's close (a no-fault exit).",
        "Meetings",
    ),
    Measure(
        "checkin_response_pct",
        "Check-in response rate",
        PERCENT,
        "Answers to the 3- and 6-month check-ins against the people asked.",
        "Check-ins",
    ),
    Measure(
        "mentor_retention_pct",
        "Mentors still employed",
        PERCENT,
        "Share of the program's mentors still employed (hidden below the anonymity threshold).",
        "Retention",
        anonymous=True,
    ),
    *[
        Measure(
            survey_measure_key(role, construct),
            f"Check-in average: {label} ({role_label})",
            SCORE,
            f"Average agreement of {role_label} (1 to 5) on {label}, at the latest check-in "
            "enough people answered; hidden below the anonymity threshold.",
            "Check-ins",
            anonymous=True,
        )
        for role, role_label in ROLES
        for construct, label in CONSTRUCTS
    ],
    Measure(
        "recorded_count",
        "A count you record",
        COUNT,
        "A figure Upward cannot count (e.g. policies reviewed): record it with its date.",
        "Recorded by the coordinator",
        cumulative=True,
        recorded=True,
    ),
    Measure(
        "recorded_pct",
        "A percentage you record",
        PERCENT,
        "A percentage from elsewhere (e.g. an engagement survey): record it with its date.",
        "Recorded by the coordinator",
        recorded=True,
    ),
]

MEASURES: dict[str, Measure] = {m.key: m for m in _MEASURES}


def measure_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """For a select: measures grouped as the catalogue lists them."""
    groups: dict[str, list[tuple[str, str]]] = {}
    suffix = {COUNT: "", PERCENT: " (%)", SCORE: " (1 to 5)"}
    for m in _MEASURES:
        groups.setdefault(m.group, []).append((m.key, m.label + suffix[m.unit]))
    return list(groups.items())


def measure_label(key: str, min_meetings: int | None = None) -> str:
    m = MEASURES.get(key)
    if m is None:
        return "No measure chosen yet"
    if m.needs_meetings and min_meetings:
        return m.label.replace(
            "N meetings", f"{min_meetings} meeting{'s' if min_meetings != 1 else ''}"
        )
    return m.label


def as_decimal(value: object) -> Decimal | None:
    """A number from a form or JSON, or None when it is not one (NaN and infinities included)."""
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def value_problem(measure: Measure, value: Decimal) -> str | None:
    """Why `value` cannot be a target (or a recorded figure) of `measure`, or None."""
    if measure.unit == PERCENT and not Decimal(0) <= value <= Decimal(100):
        return "A percentage is between 0 and 100."
    if measure.unit == SCORE and not Decimal(1) <= value <= Decimal(5):
        return "An average agreement is between 1 and 5."
    if measure.unit == COUNT:
        if value < 0:
            return "A count cannot be negative."
        if value != value.to_integral_value():
            return "A count is a whole number."
        if value > COUNT_MAX:
            return f"At most {COUNT_MAX:,}."
    if value.as_tuple().exponent < -2:  # type: ignore[operator]  # int for finite numbers
        return "At most two decimal places."
    return None


def format_value(unit: str, value: Decimal | float | None) -> str:
    """A figure in words a sponsor reads: "12", "75%", "4.2 of 5"."""
    if value is None:
        return "–"
    number = Decimal(str(value))
    if unit == SCORE:
        return f"{number.quantize(Decimal('0.01')).normalize():f} of 5"
    text = f"{number.quantize(Decimal('0.01')).normalize():f}"
    if "." not in text:
        text = f"{int(number):,}"
    return f"{text}%" if unit == PERCENT else text


def target_text(measure_key: str, direction: str, target: Decimal | None) -> str:
    """ "at least 80%", "at most 40", "4 of 5 or more" in words; "no target yet" without one."""
    m = MEASURES.get(measure_key)
    if m is None or target is None:
        return "no target yet"
    word = "at most" if direction == "at_most" else "at least"
    return f"{word} {format_value(m.unit, target)}"
