"""Progress against a program's objectives, from the figures the dashboard already shows.

Each objective's measure (`upward.programs.measures`) is read from the program's metrics, never
from anything finer: a survey-based measure shows a value only where the dashboard shows it
(at least the program's anonymity threshold answered); below it the objective reads "not
enough answers", with no figure. Objectives are measured across the whole program, whatever
cohort the dashboard is filtered to.

Status, for an objective with a figure:

- met: the figure reaches the target (at least / at most);
- a closed program's objective that is not met: not met;
- on track: a cumulative measure (a count, a share reached) at or above the target times the
  share of the program's time gone by (half-way through, half the target is on track);
- behind: anything else (a rate or an average under its target, a lower-is-better figure over
  it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from upward.feedback.selectors.results import SUPPRESSED_MESSAGE
from upward.insights.selectors.metrics import ProgramMetrics, program_metrics
from upward.programs.measures import (
    MEASURES,
    SCORE,
    Measure,
    format_value,
    measure_label,
    target_text,
)
from upward.programs.models import Objective, Program
from upward.programs.selectors import objectives_of

MET = "met"
ON_TRACK = "on_track"
BEHIND = "behind"
NOT_MET = "not_met"
NO_DATA = "no_data"
UNMEASURED = "unmeasured"

STATUS_LABELS = {
    MET: gettext_lazy("Met"),
    ON_TRACK: gettext_lazy("On track"),
    BEHIND: gettext_lazy("Behind"),
    NOT_MET: gettext_lazy("Not met"),
    NO_DATA: gettext_lazy("No figure yet"),
    UNMEASURED: gettext_lazy("Not measured yet"),
}
STATUS_BADGES = {
    MET: "badge-ok",
    ON_TRACK: "badge-ok",
    BEHIND: "badge-warn",
    NOT_MET: "badge-risk",
    NO_DATA: "badge-muted",
    UNMEASURED: "badge-muted",
}
NOT_ENOUGH_ANSWERS = gettext_lazy("Not enough answers")


@dataclass
class Reading:
    """A measure's figure now, or why there is none."""

    value: Decimal | None
    note: str = ""
    as_of: dt.date | None = None
    suppressed: bool = False


@dataclass
class ObjectiveProgress:
    objective: Objective
    measure_label: str
    target_text: str
    value: Decimal | None
    value_text: str
    # How far along the bar is, 0 to 100 (the <progress> element and its words).
    percent: int
    status: str
    note: str = ""
    as_of: dt.date | None = None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def recorded(self) -> bool:
        """Measured by a figure the coordinator records (not computed)."""
        measure = MEASURES.get(self.objective.measure)
        return measure is not None and measure.recorded

    @property
    def has_bar(self) -> bool:
        return self.value is not None and self.objective.target is not None

    @property
    def summary(self) -> str:
        """The progress bar in words (its text alternative)."""
        if self.status == UNMEASURED:
            return _("Not measured yet: no measure or target chosen.")
        if self.value is None:
            return _("%(measure)s: %(value)s; target %(target)s.") % {
                "measure": self.measure_label,
                # "not enough answers": only the first letter, nouns keep theirs (German).
                "value": self.value_text[:1].lower() + self.value_text[1:],
                "target": self.target_text,
            }
        return _(
            "%(measure)s: %(value)s against a target of %(target)s (%(percent)s%% of the way). "
            "%(status)s."
        ) % {
            "measure": self.measure_label,
            "value": self.value_text,
            "target": self.target_text,
            "percent": self.percent,
            "status": self.status_label,
        }


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _survey(m: ProgramMetrics, role: str, construct: str) -> Reading:
    trend = next((t for t in m.survey_trends if t.role == role and t.construct == construct), None)
    if trend is None:
        return Reading(None, str(SUPPRESSED_MESSAGE), suppressed=True)
    # The latest check-in whose figure the dashboard shows; neither shown: no figure at all.
    if not trend.suppressed_6 and trend.checkin_6 is not None:
        return Reading(
            Decimal(str(trend.checkin_6)),
            ngettext("6-month check-in, %(n)d answer", "6-month check-in, %(n)d answers", trend.n_6)
            % {"n": trend.n_6},
        )
    if not trend.suppressed_3 and trend.checkin_3 is not None:
        return Reading(
            Decimal(str(trend.checkin_3)),
            ngettext("3-month check-in, %(n)d answer", "3-month check-in, %(n)d answers", trend.n_3)
            % {"n": trend.n_3},
        )
    return Reading(
        None,
        _("Shown once at least %(k)d people answer.") % {"k": m.anonymity_threshold},
        suppressed=True,
    )


def _of_pairs(n: int, pairs: int) -> str:
    if not pairs:
        return _("No pairs yet.")
    return ngettext("%(n)d of %(pairs)d pair", "%(n)d of %(pairs)d pairs", pairs) % {
        "n": n,
        "pairs": pairs,
    }


def _computed(key: str, m: ProgramMetrics, min_meetings: int | None) -> Reading:
    pairs = m.pairs["total"]
    if key == "actions_published":
        return Reading(Decimal(m.actions["published"]))
    if key == "actions_done":
        return Reading(Decimal(m.actions["done"]))
    if key == "behaviour_changes":
        return Reading(Decimal(m.behaviour_change_total))
    if key == "pairs_ended_early":
        return Reading(Decimal(m.pairs["ended"]))
    if key == "pairs_with_published_action_pct":
        n = sum(1 for f in m.facts if f.actions_published)
        return Reading(_pct(n, pairs), _of_pairs(n, pairs))
    if key == "pairs_min_meetings_pct":
        n = sum(1 for f in m.facts if f.meetings_held >= (min_meetings or 1))
        return Reading(_pct(n, pairs), _of_pairs(n, pairs))
    if key == "meeting_adherence_pct":
        mt = m.meetings
        if mt["adherence_pct"] is None:
            return Reading(None, _("No meeting expected yet."))
        return Reading(
            Decimal(mt["adherence_pct"]),
            _("%(held)d held of %(expected)d") % {"held": mt["held"], "expected": mt["expected"]},
        )
    if key == "checkin_response_pct":
        rows = [r for r in m.survey_response_rates if r["kind"] in ("checkin_3", "checkin_6")]
        asked = sum(r["asked"] for r in rows)
        answered = sum(r["answered"] for r in rows)
        if not asked:
            return Reading(None, _("No check-in sent yet."))
        return Reading(
            _pct(answered, asked),
            _("%(answered)d answered of %(asked)d asked") % {"answered": answered, "asked": asked},
        )
    if key == "mentor_retention_pct":
        r = m.retention
        if r.suppressed or r.participants_rate is None:
            return Reading(
                None,
                _("Shown once the program has %(k)d mentors.") % {"k": m.anonymity_threshold},
                suppressed=True,
            )
        return Reading(
            Decimal(str(r.participants_rate)),
            ngettext("%(n)d mentor", "%(n)d mentors", r.participants) % {"n": r.participants},
        )
    for role in ("leader", "mentor"):
        prefix = f"survey_{role}_"
        if key.startswith(prefix):
            return _survey(m, role, key.removeprefix(prefix))
    raise KeyError(key)


def _recorded(objective: Objective) -> Reading:
    latest = next(iter(objective.readings.all()), None)  # prefetched, newest first
    if latest is None:
        return Reading(None, _("No figure recorded yet."))
    return Reading(latest.value, latest.note, as_of=latest.recorded_on)


def measure_reading(objective: Objective, m: ProgramMetrics | None) -> Reading:
    measure = MEASURES[objective.measure]
    if measure.recorded:
        return _recorded(objective)
    assert m is not None, "computed measures need the program's metrics"
    return _computed(measure.key, m, objective.min_meetings)


def elapsed_share(program: Program, today: dt.date) -> Decimal:
    """How much of the program's time has gone by, 0 to 1 (0 before it starts)."""
    start = program.starts_on
    if start is None or today <= start:
        return Decimal(0)
    end = program.ends_on or start + dt.timedelta(days=30 * program.duration_months)
    if program.phase == Program.Phase.CLOSED or today >= end or end <= start:
        return Decimal(1)
    return Decimal((today - start).days) / Decimal((end - start).days)


def _status(
    measure: Measure, objective: Objective, value: Decimal, program: Program, share: Decimal
) -> tuple[str, int]:
    target = objective.target
    assert target is not None
    if objective.direction == Objective.Direction.AT_MOST:
        met = value <= target
        percent = 100 if met else int(100 * target / value) if value else 100
    else:
        met = value >= target
        percent = 100 if met or not target else int(100 * value / target)
    if met:
        return MET, 100
    if program.phase == Program.Phase.CLOSED:
        return NOT_MET, max(0, min(percent, 99))
    if (
        measure.cumulative
        and objective.direction == Objective.Direction.AT_LEAST
        and value >= target * share
    ):
        return ON_TRACK, max(0, min(percent, 99))
    return BEHIND, max(0, min(percent, 99))


def objective_progress(
    *, objective: Objective, m: ProgramMetrics | None, program: Program, share: Decimal
) -> ObjectiveProgress:
    measure = MEASURES.get(objective.measure)
    label = measure_label(objective.measure, objective.min_meetings)
    target = target_text(objective.measure, objective.direction, objective.target)
    if measure is None or objective.target is None:
        return ObjectiveProgress(objective, label, target, None, "–", 0, UNMEASURED)
    reading = measure_reading(objective, m)
    if reading.value is None:
        text = str(NOT_ENOUGH_ANSWERS) if reading.suppressed else _("No figure yet")
        return ObjectiveProgress(
            objective, label, target, None, text, 0, NO_DATA, reading.note, reading.as_of
        )
    status, percent = _status(measure, objective, reading.value, program, share)
    shown = reading.value
    if measure.unit == SCORE:
        shown = reading.value.quantize(Decimal("0.01"))
    return ObjectiveProgress(
        objective,
        label,
        target,
        reading.value,
        format_value(measure.unit, shown),
        percent,
        status,
        reading.note,
        reading.as_of,
    )


def objectives_progress(
    *,
    program: Program,
    metrics: ProgramMetrics | None = None,
    today: dt.date | None = None,
) -> list[ObjectiveProgress]:
    """Each objective of the program with its figure, target, bar and status.

    `metrics` are the program-wide metrics when the caller has them (a dashboard without a
    cohort filter); otherwise they are read here, only when an objective needs them."""
    today = today or timezone.localdate()
    objectives = objectives_of(program=program)
    if not objectives:
        return []
    needs_metrics = any(
        o.measure in MEASURES and not MEASURES[o.measure].recorded for o in objectives
    )
    if metrics is None or metrics.cohort is not None:
        metrics = program_metrics(program=program, today=today) if needs_metrics else None
    share = elapsed_share(program, today)
    out = []
    for objective in objectives:
        objective.program = program
        out.append(
            objective_progress(
                objective=objective,
                m=metrics,
                program=program,
                share=share,
            )
        )
    return out


def status_counts(progress: list[ObjectiveProgress]) -> dict[str, int]:
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for p in progress:
        counts[p.status] += 1
    return counts
