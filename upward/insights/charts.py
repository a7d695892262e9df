"""Chart specifications for the dashboard: one source for the canvas and its table fallback.

Each chart is plain data (labels, datasets) that `insights/charts.js` hands to Chart.js, and the
same numbers as a table that screen readers, printing and people without JavaScript get.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any

from upward import humane
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
        return "Not enough responses"
    return "–" if value is None else f"{value:.2f}"


def _suppressed_note(trends: list[Any]) -> str:
    hidden = [
        label
        for label, suppressed in (
            ("3 months", trends and trends[0].suppressed_3),
            ("6 months", trends and trends[0].suppressed_6),
        )
        if suppressed
    ]
    return f"{' and '.join(hidden)}: {SUPPRESSED_MESSAGE.lower()}." if hidden else ""


def dashboard_charts(m: ProgramMetrics) -> list[Chart]:
    charts: list[Chart] = []
    charts.append(
        Chart(
            id="participation",
            title="Participation and retention through the phases",
            description="People at each stage, leaders and mentors.",
            type="bar",
            labels=[f.stage for f in m.funnel],
            datasets=[
                {
                    "label": "Leaders",
                    "data": [f.leaders for f in m.funnel],
                    "backgroundColor": LEADER_COLOUR,
                },
                {
                    "label": "Mentors",
                    "data": [f.mentors for f in m.funnel],
                    "backgroundColor": MENTOR_COLOUR,
                },
            ],
            table_head=["Stage", "Leaders", "Mentors"],
            table_rows=[[f.stage, f.leaders, f.mentors] for f in m.funnel],
        )
    )
    for role, colour in (("leader", LEADER_COLOUR), ("mentor", MENTOR_COLOUR)):
        trends = [t for t in m.survey_trends if t.role == role]
        charts.append(
            Chart(
                id=f"trends-{role}",
                title=f"Check-ins: {role}s at 3 vs 6 months",
                description=(
                    "Average agreement from 1 (strongly disagree) to 5 (strongly agree). "
                    f"Groups under {m.anonymity_threshold} responses are left out."
                ),
                type="bar",
                labels=[t.label for t in trends],
                datasets=[
                    {
                        "label": f"3 months (n={trends[0].n_3 if trends else 0})",
                        "data": [t.checkin_3 for t in trends],
                        "backgroundColor": colour + "88",
                    },
                    {
                        "label": f"6 months (n={trends[0].n_6 if trends else 0})",
                        "data": [t.checkin_6 for t in trends],
                        "backgroundColor": colour,
                    },
                ],
                table_head=["Measure", "3 months", "6 months"],
                table_rows=[
                    [t.label, _fmt(t.checkin_3, t.suppressed_3), _fmt(t.checkin_6, t.suppressed_6)]
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
            title="Actions leaders committed to",
            description="Committed (not dropped), done, and published to the program.",
            type="bar",
            labels=["Committed", "In progress", "Done", "Published"],
            datasets=[
                {
                    "label": "Actions",
                    "data": [a["committed"], a["in_progress"], a["done"], a["published"]],
                    "backgroundColor": [LEADER_COLOUR, GREY, "#2e7d32", MENTOR_COLOUR],
                }
            ],
            table_head=["Actions", "Count"],
            table_rows=[
                ["Committed", a["committed"]],
                ["In progress", a["in_progress"]],
                ["Done", a["done"]],
                ["Published", a["published"]],
                ["Dropped", a["dropped"]],
            ],
            options={"plugins": {"legend": {"display": False}}},
        )
    )
    mt = m.meetings
    charts.append(
        Chart(
            id="meetings",
            title="Meeting adherence",
            description=(
                "Meetings held against what the program's cadence expects so far; adherence "
                "counts a pair's extra meetings as on cadence, never above 100%."
            ),
            type="bar",
            labels=["Expected so far", "Held", "Cancelled by leader", "Cancelled by mentor"],
            datasets=[
                {
                    "label": "Meetings",
                    "data": [
                        mt["expected"],
                        mt["held"],
                        mt["cancelled_by_leader"],
                        mt["cancelled_by_mentor"],
                    ],
                    "backgroundColor": [GREY, LEADER_COLOUR, "#b3261e", MENTOR_COLOUR],
                }
            ],
            table_head=["Meetings", "Count"],
            table_rows=[
                ["Expected so far", mt["expected"]],
                ["Held", mt["held"]],
                ["Expected meetings held", mt["held_of_expected"]],
                [
                    "Adherence",
                    f"{mt['adherence_pct']}%" if mt["adherence_pct"] is not None else "–",
                ],
                ["Cancelled by leader", mt["cancelled_by_leader"]],
                ["Cancelled by mentor", mt["cancelled_by_mentor"]],
                ["Coming up", mt["upcoming"]],
            ],
            options={"indexAxis": "y", "plugins": {"legend": {"display": False}}},
        )
    )
    r = m.retention
    charts.append(
        Chart(
            id="retention",
            title="Retention of junior staff",
            description=(
                "Share still employed: mentors in the program against colleagues at the same "
                f"levels ({', '.join(str(v) for v in r.levels) or 'none'}) who were not, "
                f"{humane.day(r.period_start) if r.period_start else '–'} to "
                f"{humane.day(r.period_end)}."
            ),
            type="bar",
            labels=["Mentors in the program", "Same levels, not in it"],
            datasets=[
                {
                    "label": "Still employed (%)",
                    "data": [r.participants_rate, r.others_rate],
                    "backgroundColor": [MENTOR_COLOUR, GREY],
                }
            ],
            table_head=["Group", "People", "Still employed"],
            table_rows=[
                [
                    "Mentors in the program",
                    r.participants,
                    SUPPRESSED_MESSAGE
                    if r.suppressed
                    else (f"{r.participants_rate}%" if r.participants_rate is not None else "–"),
                ],
                [
                    "Same levels, not in it",
                    r.others,
                    f"{r.others_rate}%" if r.others_rate is not None else "–",
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
                title="Pair health today",
                description="Active pairs by status, from meeting, charter and action facts.",
                type="doughnut",
                labels=[STATUS_LABELS[s] for s in m.health],
                datasets=[
                    {
                        "label": "Pairs",
                        "data": list(m.health.values()),
                        "backgroundColor": [STATUS_COLOURS[s] for s in m.health],
                    }
                ],
                table_head=["Status", "Pairs"],
                table_rows=[[STATUS_LABELS[s], n] for s, n in m.health.items()],
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
            title="Follow-through by program",
            description="Actions leaders marked done, actions they published to the program, "
            "and behaviour changes recorded.",
            type="bar",
            labels=names,
            datasets=[
                {
                    "label": "Actions done",
                    "data": [r["m"].actions["done"] for r in rows],
                    "backgroundColor": LEADER_COLOUR,
                },
                {
                    "label": "Actions published",
                    "data": [r["m"].actions["published"] for r in rows],
                    "backgroundColor": MENTOR_COLOUR,
                },
                {
                    "label": "Behaviour changes",
                    "data": [r["m"].behaviour_change_total for r in rows],
                    "backgroundColor": GREY,
                },
            ],
            table_head=["Program", "Actions done", "Actions published", "Behaviour changes"],
            table_rows=[
                [
                    r["program"].name,
                    r["m"].actions["done"],
                    r["m"].actions["published"],
                    r["m"].behaviour_change_total,
                ]
                for r in rows
            ],
        ),
        Chart(
            id="home-adherence",
            title="Meeting adherence by program",
            description="Meetings held against what each program's cadence expects so far.",
            type="bar",
            labels=names,
            datasets=[
                {
                    "label": "Adherence (%)",
                    "data": [r["m"].meetings["adherence_pct"] for r in rows],
                    "backgroundColor": LEADER_COLOUR,
                }
            ],
            table_head=["Program", "Adherence", "Held", "Expected so far"],
            table_rows=[
                [
                    r["program"].name,
                    f"{r['m'].meetings['adherence_pct']}%"
                    if r["m"].meetings["adherence_pct"] is not None
                    else "–",
                    r["m"].meetings["held"],
                    r["m"].meetings["expected"],
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
        "met": "Met",
        "on_track": "On track",
        "behind": "Behind",
        "not_met": "Not met",
        "no_data": "No figure yet",
    }
    charts.append(
        Chart(
            id="home-objectives",
            title="Objectives by status",
            description="Each program's objectives: met, on track, behind, not met (closed "
            "programs), or no figure yet (including survey figures with too few answers).",
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
            table_head=["Program", *[labels[s] for s in statuses]],
            table_rows=[[r["program"].name, *[r["objectives"][s] for s in statuses]] for r in rows],
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
