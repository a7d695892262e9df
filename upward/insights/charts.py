"""Chart specifications for the dashboard: one source for the canvas and its table fallback.

Each chart is plain data (labels, datasets) that `insights/charts.js` hands to Chart.js, and the
same numbers as a table that screen readers, printing and people without JavaScript get.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from upward import humane
from upward.feedback.models import Construct
from upward.feedback.selectors.results import SUPPRESSED_MESSAGE
from upward.insights.selectors.metrics import ProgramMetrics
from upward.mentoring.selectors.health import STATUS_LABELS

LEADER_COLOUR = "#2f5d50"
MENTOR_COLOUR = "#d9822b"
GREY = "#9aa5ad"
STATUS_COLOURS = {
    "at_risk": "#b3261e",
    "needs_checkin": "#b26a00",
    "on_track": "#2e7d32",
    "too_early": "#9aa5ad",
}


@dataclass
class Chart:
    id: str
    title: str
    description: str
    type: str
    labels: list[Any]  # a label that is a list is drawn as lines
    datasets: list[dict[str, Any]]
    table_head: list[str]
    table_rows: list[list[Any]]
    options: dict[str, Any] = field(default_factory=dict)
    note: str = ""

    def spec(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "labels": self.labels,
            "datasets": self.datasets,
            "options": self.options,
        }


def _fmt(value: float | None, suppressed: bool) -> str:
    if suppressed:
        return _("Not enough responses")
    return "–" if value is None else formats.number_format(value, 2)


def _pct(value: float | None) -> str:
    """A percentage as the reader writes it ("45%", "45 %", "12,5 %"), "–" when there is none."""
    if value is None:
        return "–"
    return _("%(value)s%%") % {"value": formats.number_format(value)}


def _suppressed_note(trends: list[Any]) -> str:
    three = bool(trends and trends[0].suppressed_3)
    six = bool(trends and trends[0].suppressed_6)
    if three and six:
        return _("3 months and 6 months: %(message)s.") % {"message": _lowered(SUPPRESSED_MESSAGE)}
    if three:
        return _("3 months: %(message)s.") % {"message": _lowered(SUPPRESSED_MESSAGE)}
    if six:
        return _("6 months: %(message)s.") % {"message": _lowered(SUPPRESSED_MESSAGE)}
    return ""


def _lowered(message: object) -> str:
    """A sentence continued after a colon: only its first letter (German nouns keep theirs)."""
    text = str(message)
    return text[:1].lower() + text[1:]


# The funnel keeps its English stage names (cached, exported, the API); pages show these.
STAGES = {
    "Invited": pgettext_lazy("people at a funnel stage", "Invited"),
    "Opted in": pgettext_lazy("people at a funnel stage", "Opted in"),
    "Paired": pgettext_lazy("people at a funnel stage", "Paired"),
    "Still paired or completed": pgettext_lazy(
        "people at a funnel stage", "Still paired or completed"
    ),
}


def _stage(stage: str) -> str:
    return str(STAGES.get(stage, stage))


def _construct(key: str, fallback: str) -> str:
    try:
        return str(Construct(key).label)
    except ValueError:
        return fallback


def _status(key: str) -> str:
    # The pair-health names are English (gettext_noop); the mentoring catalogue translates them.
    return _(str(STATUS_LABELS[key]))


def dashboard_charts(m: ProgramMetrics) -> list[Chart]:
    charts: list[Chart] = []
    charts.append(
        Chart(
            id="participation",
            title=_("Participation and retention through the phases"),
            description=_("People at each stage, leaders and mentors."),
            type="bar",
            labels=[_stage(f.stage) for f in m.funnel],
            datasets=[
                {
                    "label": _("Leaders"),
                    "data": [f.leaders for f in m.funnel],
                    "backgroundColor": LEADER_COLOUR,
                },
                {
                    "label": _("Mentors"),
                    "data": [f.mentors for f in m.funnel],
                    "backgroundColor": MENTOR_COLOUR,
                },
            ],
            table_head=[_("Stage"), _("Leaders"), _("Mentors")],
            table_rows=[
                [
                    _stage(f.stage),
                    formats.number_format(f.leaders),
                    formats.number_format(f.mentors),
                ]
                for f in m.funnel
            ],
        )
    )
    for role, colour in (("leader", LEADER_COLOUR), ("mentor", MENTOR_COLOUR)):
        trends = [t for t in m.survey_trends if t.role == role]
        charts.append(
            Chart(
                id=f"trends-{role}",
                title=(
                    _("Check-ins: leaders at 3 vs 6 months")
                    if role == "leader"
                    else _("Check-ins: mentors at 3 vs 6 months")
                ),
                description=_(
                    "Average agreement from 1 (strongly disagree) to 5 (strongly agree). "
                    "Groups under %(k)d responses are left out."
                )
                % {"k": m.anonymity_threshold},
                type="bar",
                labels=[_construct(t.construct, t.label) for t in trends],
                datasets=[
                    {
                        "label": _("3 months (n=%(n)d)") % {"n": trends[0].n_3 if trends else 0},
                        "data": [t.checkin_3 for t in trends],
                        "backgroundColor": colour + "88",
                    },
                    {
                        "label": _("6 months (n=%(n)d)") % {"n": trends[0].n_6 if trends else 0},
                        "data": [t.checkin_6 for t in trends],
                        "backgroundColor": colour,
                    },
                ],
                table_head=[_("Measure"), _("3 months"), _("6 months")],
                table_rows=[
                    [
                        _construct(t.construct, t.label),
                        _fmt(t.checkin_3, t.suppressed_3),
                        _fmt(t.checkin_6, t.suppressed_6),
                    ]
                    for t in trends
                ],
                options={"scales": {"y": {"min": 1, "max": 5}}},
                note=_suppressed_note(trends),
            )
        )
    a = m.actions
    charts.append(
        Chart(
            id="actions",
            title=_("Actions leaders committed to"),
            description=_("Committed (not dropped), done, and published to the program."),
            type="bar",
            labels=[
                pgettext("actions chart", "Committed"),
                pgettext("actions chart", "In progress"),
                pgettext("actions chart", "Done"),
                pgettext("actions chart", "Published"),
            ],
            datasets=[
                {
                    "label": pgettext("actions chart", "Actions"),
                    "data": [a["committed"], a["in_progress"], a["done"], a["published"]],
                    "backgroundColor": [LEADER_COLOUR, GREY, "#2e7d32", MENTOR_COLOUR],
                }
            ],
            table_head=[pgettext("actions chart", "Actions"), _("Count")],
            table_rows=[
                [pgettext("actions chart", "Committed"), formats.number_format(a["committed"])],
                [pgettext("actions chart", "In progress"), formats.number_format(a["in_progress"])],
                [pgettext("actions chart", "Done"), formats.number_format(a["done"])],
                [pgettext("actions chart", "Published"), formats.number_format(a["published"])],
                [pgettext("actions chart", "Dropped"), formats.number_format(a["dropped"])],
            ],
            options={"plugins": {"legend": {"display": False}}},
        )
    )
    mt = m.meetings
    charts.append(
        Chart(
            id="meetings",
            title=_("Meeting adherence"),
            description=_(
                "Meetings held against what the program's cadence expects so far; adherence "
                "counts a pair's extra meetings as on cadence, never above 100%."
            ),
            type="bar",
            labels=[
                _("Expected so far"),
                pgettext("meetings chart", "Held"),
                _("Cancelled by leader"),
                _("Cancelled by mentor"),
            ],
            datasets=[
                {
                    "label": _("Meetings"),
                    "data": [
                        mt["expected"],
                        mt["held"],
                        mt["cancelled_by_leader"],
                        mt["cancelled_by_mentor"],
                    ],
                    "backgroundColor": [GREY, LEADER_COLOUR, "#b3261e", MENTOR_COLOUR],
                }
            ],
            table_head=[_("Meetings"), _("Count")],
            table_rows=[
                [_("Expected so far"), formats.number_format(mt["expected"])],
                [pgettext("meetings chart", "Held"), formats.number_format(mt["held"])],
                [_("Expected meetings held"), formats.number_format(mt["held_of_expected"])],
                [_("Adherence"), _pct(mt["adherence_pct"])],
                [_("Cancelled by leader"), formats.number_format(mt["cancelled_by_leader"])],
                [_("Cancelled by mentor"), formats.number_format(mt["cancelled_by_mentor"])],
                [_("Coming up"), formats.number_format(mt["upcoming"])],
            ],
            options={"indexAxis": "y", "plugins": {"legend": {"display": False}}},
        )
    )
    r = m.retention
    charts.append(
        Chart(
            id="retention",
            title=_("Retention of junior staff"),
            description=_(
                "Share still employed: mentors in the program against colleagues at the same "
                "levels (%(levels)s) who were not, %(start)s to %(end)s."
            )
            % {
                "levels": ", ".join(str(v) for v in r.levels) or _("none"),
                "start": humane.day(r.period_start) if r.period_start else "–",
                "end": humane.day(r.period_end),
            },
            type="bar",
            labels=[_("Mentors in the program"), _("Same levels, not in it")],
            datasets=[
                {
                    "label": _("Still employed (%)"),
                    "data": [r.participants_rate, r.others_rate],
                    "backgroundColor": [MENTOR_COLOUR, GREY],
                }
            ],
            table_head=[_("Group"), _("People"), _("Still employed")],
            table_rows=[
                [
                    _("Mentors in the program"),
                    formats.number_format(r.participants),
                    str(SUPPRESSED_MESSAGE) if r.suppressed else _pct(r.participants_rate),
                ],
                [
                    _("Same levels, not in it"),
                    formats.number_format(r.others),
                    _pct(r.others_rate),
                ],
            ],
            options={
                "scales": {"y": {"min": 0, "max": 100}},
                "plugins": {"legend": {"display": False}},
            },
        )
    )
    if m.health:
        charts.append(
            Chart(
                id="health",
                title=_("Pair health today"),
                description=_("Active pairs by status, from meeting, charter and action facts."),
                type="doughnut",
                labels=[_status(s) for s in m.health],
                datasets=[
                    {
                        "label": _("Pairs"),
                        "data": list(m.health.values()),
                        "backgroundColor": [STATUS_COLOURS[s] for s in m.health],
                    }
                ],
                table_head=[_("Status"), _("Pairs")],
                table_rows=[[_status(s), formats.number_format(n)] for s, n in m.health.items()],
            )
        )
    return charts


OBJECTIVE_COLOURS = {
    "met": "#2e7d32",
    "on_track": "#7fb685",
    "behind": "#b26a00",
    "not_met": "#b3261e",
    "no_data": "#9aa5ad",
}


def sponsor_charts(rows: list[dict[str, Any]]) -> list[Chart]:
    """The sponsor's home: each program's headline figures side by side.

    `rows` are `insights.panels.impact_panel`'s: program, metrics and objective status counts.
    """
    # Chart.js draws a list as lines: long program names wrap instead of being cut on phones.
    names: list[Any] = [textwrap.wrap(r["program"].name, 18) or [""] for r in rows]
    charts = [
        Chart(
            id="home-follow-through",
            title=_("Follow-through by program"),
            description=_(
                "Actions leaders marked done, actions they published to the program, "
                "and behaviour changes recorded."
            ),
            type="bar",
            labels=names,
            datasets=[
                {
                    "label": _("Actions done"),
                    "data": [r["m"].actions["done"] for r in rows],
                    "backgroundColor": LEADER_COLOUR,
                },
                {
                    "label": _("Actions published"),
                    "data": [r["m"].actions["published"] for r in rows],
                    "backgroundColor": MENTOR_COLOUR,
                },
                {
                    "label": _("Behaviour changes"),
                    "data": [r["m"].behaviour_change_total for r in rows],
                    "backgroundColor": GREY,
                },
            ],
            table_head=[
                _("Program"),
                _("Actions done"),
                _("Actions published"),
                _("Behaviour changes"),
            ],
            table_rows=[
                [
                    r["program"].name,
                    formats.number_format(r["m"].actions["done"]),
                    formats.number_format(r["m"].actions["published"]),
                    formats.number_format(r["m"].behaviour_change_total),
                ]
                for r in rows
            ],
        ),
        Chart(
            id="home-adherence",
            title=_("Meeting adherence by program"),
            description=_("Meetings held against what each program's cadence expects so far."),
            type="bar",
            labels=names,
            datasets=[
                {
                    "label": _("Adherence (%)"),
                    "data": [r["m"].meetings["adherence_pct"] for r in rows],
                    "backgroundColor": LEADER_COLOUR,
                }
            ],
            table_head=[
                _("Program"),
                _("Adherence"),
                pgettext("meetings chart", "Held"),
                _("Expected so far"),
            ],
            table_rows=[
                [
                    r["program"].name,
                    _pct(r["m"].meetings["adherence_pct"]),
                    formats.number_format(r["m"].meetings["held"]),
                    formats.number_format(r["m"].meetings["expected"]),
                ]
                for r in rows
            ],
            options={
                "indexAxis": "y",
                "scales": {"x": {"min": 0, "max": 100}},
                "plugins": {"legend": {"display": False}},
            },
        ),
    ]
    statuses = [s for s in OBJECTIVE_COLOURS]
    labels = {
        "met": _("Met"),
        "on_track": _("On track"),
        "behind": _("Behind"),
        "not_met": _("Not met"),
        "no_data": _("No figure yet"),
    }
    charts.append(
        Chart(
            id="home-objectives",
            title=_("Objectives by status"),
            description=_(
                "Each program's objectives: met, on track, behind, not met (closed "
                "programs), or no figure yet (including survey figures with too few answers)."
            ),
            type="bar",
            labels=names,
            datasets=[
                {
                    "label": labels[s],
                    "data": [r["objectives"][s] for r in rows],
                    "backgroundColor": OBJECTIVE_COLOURS[s],
                }
                for s in statuses
            ],
            table_head=[_("Program"), *[labels[s] for s in statuses]],
            table_rows=[
                [
                    r["program"].name,
                    *[formats.number_format(r["objectives"][s]) for s in statuses],
                ]
                for r in rows
            ],
            options={
                "indexAxis": "y",
                "scales": {
                    "x": {"stacked": True, "ticks": {"precision": 0}},
                    "y": {"stacked": True},
                },
            },
        )
    )
    return charts
