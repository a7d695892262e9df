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
from typing import TYPE_CHECKING

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

COUNT = "count"
PERCENT = "percent"
SCORE = "score"

COUNT_MAX = Decimal(1_000_000)
MEETINGS_MAX = 100


@dataclass(frozen=True)
class Measure:
    key: str
    label: StrOrPromise
    unit: str
    help: StrOrPromise
    group: StrOrPromise
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


# The check-in measures, one per role and construct, each written out whole for its translators.
_SURVEY_TEXTS: dict[tuple[str, str], tuple[StrOrPromise, StrOrPromise]] = {
    ("leader", "perceived_value"): (
        _("Check-in average: perceived value (leaders)"),
        _(
            "Average agreement of leaders (1 to 5) on perceived value, at the latest check-in "
            "enough people answered; hidden below the anonymity threshold."
        ),
    ),
    ("leader", "psychological_safety"): (
        _("Check-in average: psychological safety (leaders)"),
        _(
            "Average agreement of leaders (1 to 5) on psychological safety, at the latest "
            "check-in enough people answered; hidden below the anonymity threshold."
        ),
    ),
    ("leader", "skill_gain"): (
        _("Check-in average: skill gain (leaders)"),
        _(
            "Average agreement of leaders (1 to 5) on skill gain, at the latest check-in enough "
            "people answered; hidden below the anonymity threshold."
        ),
    ),
    ("leader", "relationship_quality"): (
        _("Check-in average: relationship quality (leaders)"),
        _(
            "Average agreement of leaders (1 to 5) on relationship quality, at the latest "
            "check-in enough people answered; hidden below the anonymity threshold."
        ),
    ),
    ("mentor", "perceived_value"): (
        _("Check-in average: perceived value (mentors)"),
        _(
            "Average agreement of mentors (1 to 5) on perceived value, at the latest check-in "
            "enough people answered; hidden below the anonymity threshold."
        ),
    ),
    ("mentor", "psychological_safety"): (
        _("Check-in average: psychological safety (mentors)"),
        _(
            "Average agreement of mentors (1 to 5) on psychological safety, at the latest "
            "check-in enough people answered; hidden below the anonymity threshold."
        ),
    ),
    ("mentor", "skill_gain"): (
        _("Check-in average: skill gain (mentors)"),
        _(
            "Average agreement of mentors (1 to 5) on skill gain, at the latest check-in enough "
            "people answered; hidden below the anonymity threshold."
        ),
    ),
    ("mentor", "relationship_quality"): (
        _("Check-in average: relationship quality (mentors)"),
        _(
            "Average agreement of mentors (1 to 5) on relationship quality, at the latest "
            "check-in enough people answered; hidden below the anonymity threshold."
        ),
    ),
}


_MEASURES: list[Measure] = [
    Measure(
        "actions_published",
        _("Actions published to the follow-through board"),
        COUNT,
        _("Actions leaders chose to show the program, counted as they are published."),
        _("Follow-through"),
        cumulative=True,
    ),
    Measure(
        "actions_done",
        _("Actions done"),
        COUNT,
        _("Actions leaders committed to and marked done."),
        _("Follow-through"),
        cumulative=True,
    ),
    Measure(
        "pairs_with_published_action_pct",
        _("Pairs with at least one published action"),
        PERCENT,
        _("Share of the program's pairs whose leader published at least one action."),
        _("Follow-through"),
        cumulative=True,
    ),
    Measure(
        "behaviour_changes",
        _("Behaviour changes recorded"),
        COUNT,
        _("Tools adopted, policies and practices changed, as recorded on the dashboard."),
        _("Follow-through"),
        cumulative=True,
    ),
    Measure(
        "pairs_min_meetings_pct",
        _("Pairs that held at least N meetings"),
        PERCENT,
        _("Share of the program's pairs (ended ones included) that held at least N meetings."),
        _("Meetings"),
        cumulative=True,
        needs_meetings=True,
    ),
    Measure(
        "meeting_adherence_pct",
        _("Meeting adherence"),
        PERCENT,
        _("Meetings held against what the program's cadence expects so far."),
        _("Meetings"),
    ),
    Measure(
        "pairs_ended_early",
        _("Pairs ended early"),
        COUNT,
        _("Pairs one of the two ended before the program's close (a no-fault exit)."),
        _("Meetings"),
    ),
    Measure(
        "checkin_response_pct",
        _("Check-in response rate"),
        PERCENT,
        _("Answers to the 3- and 6-month check-ins against the people asked."),
        _("Check-ins"),
    ),
    Measure(
        "mentor_retention_pct",
        _("Mentors still employed"),
        PERCENT,
        _("Share of the program's mentors still employed (hidden below the anonymity threshold)."),
        _("Retention"),
        anonymous=True,
    ),
    *[
        Measure(
            survey_measure_key(role, construct),
            label,
            SCORE,
            help_text,
            _("Check-ins"),
            anonymous=True,
        )
        for (role, construct), (label, help_text) in _SURVEY_TEXTS.items()
    ],
    Measure(
        "recorded_count",
        _("A count you record"),
        COUNT,
        _("A figure Upward cannot count (e.g. policies reviewed): record it with its date."),
        _("Recorded by the coordinator"),
        cumulative=True,
        recorded=True,
    ),
    Measure(
        "recorded_pct",
        _("A percentage you record"),
        PERCENT,
        _("A percentage from elsewhere (e.g. an engagement survey): record it with its date."),
        _("Recorded by the coordinator"),
        recorded=True,
    ),
]

MEASURES: dict[str, Measure] = {m.key: m for m in _MEASURES}


def measure_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """For a select: measures grouped as the catalogue lists them (in the active language)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for m in _MEASURES:
        if m.unit == PERCENT:
            label = gettext("%(measure)s (%%)") % {"measure": m.label}
        elif m.unit == SCORE:
            label = gettext("%(measure)s (1 to 5)") % {"measure": m.label}
        else:
            label = str(m.label)
        groups.setdefault(str(m.group), []).append((m.key, label))
    return list(groups.items())


def measure_label(key: str, min_meetings: int | None = None) -> str:
    m = MEASURES.get(key)
    if m is None:
        return gettext("No measure chosen yet")
    if m.needs_meetings and min_meetings:
        return ngettext(
            "Pairs that held at least %(n)d meeting",
            "Pairs that held at least %(n)d meetings",
            min_meetings,
        ) % {"n": min_meetings}
    return str(m.label)


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
        return gettext("A percentage is between 0 and 100.")
    if measure.unit == SCORE and not Decimal(1) <= value <= Decimal(5):
        return gettext("An average agreement is between 1 and 5.")
    if measure.unit == COUNT:
        if value < 0:
            return gettext("A count cannot be negative.")
        if value != value.to_integral_value():
            return gettext("A count is a whole number.")
        if value > COUNT_MAX:
            return gettext("At most %(max)s.") % {"max": f"{COUNT_MAX:,}"}
    if value.as_tuple().exponent < -2:  # type: ignore[operator]  # int for finite numbers
        return gettext("At most two decimal places.")
    return None


def format_value(unit: str, value: Decimal | float | None) -> str:
    """A figure in words a sponsor reads: "12", "75%", "4.2 of 5"."""
    if value is None:
        return "–"
    number = Decimal(str(value))
    if unit == SCORE:
        return gettext("%(value)s of 5") % {
            "value": f"{number.quantize(Decimal('0.01')).normalize():f}"
        }
    text = f"{number.quantize(Decimal('0.01')).normalize():f}"
    if "." not in text:
        text = f"{int(number):,}"
    return f"{text}%" if unit == PERCENT else text


def target_text(measure_key: str, direction: str, target: Decimal | None) -> str:
    """ "at least 80%", "at most 40", "4 of 5 or more" in words; "no target yet" without one."""
    m = MEASURES.get(measure_key)
    if m is None or target is None:
        return gettext("no target yet")
    value = format_value(m.unit, target)
    if direction == "at_most":
        return gettext("at most %(value)s") % {"value": value}
    return gettext("at least %(value)s") % {"value": value}
