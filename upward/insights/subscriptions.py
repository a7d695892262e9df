"""What insights reacts to: its subscriptions to other apps' events (docs/architecture.md).

Connected once by `InsightsConfig.ready()`; kept out of apps.py so that its imports can sit at the
top of a module (they load models, which Django allows only once the app registry is ready).
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from upward import events
from upward.access import COORDINATOR, ORG_ADMIN, SPONSOR
from upward.home import NavEntry
from upward.insights.panels import health_panel, impact_panel
from upward.insights.selectors.objectives import ObjectiveProgress, objectives_progress
from upward.people.events import HOME_PANELS, NAV_ENTRIES
from upward.programs.events import OBJECTIVES_PROGRESS
from upward.programs.models import Program


def progress_by_objective(program: Program) -> dict[int, ObjectiveProgress]:
    """The program page's objectives, with the dashboard's progress for each."""
    return {p.objective.pk: p for p in objectives_progress(program=program)}


def connect() -> None:
    events.subscribe(HOME_PANELS, health_panel)
    events.subscribe(HOME_PANELS, impact_panel)
    events.subscribe(OBJECTIVES_PROGRESS, progress_by_objective)
    insights = NavEntry(
        pgettext_lazy("dashboards section", "Insights"),
        "insights:index",
        {COORDINATOR, SPONSOR, ORG_ADMIN},
    )
    events.subscribe(NAV_ENTRIES, insights)
