"""Program-wide reads of what pairs chose to publish: the action board, growth and themes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import Http404

from upward.access import AnyUser, program_space_role, space_shows_people
from upward.mentoring.models import (
    Action,
    GrowthEntry,
    Insight,
)
from upward.programs.models import Program

# --- program-wide, published only ------------------------------------------------------------


def program_for_board(*, user: AnyUser, slug: str) -> Program:
    """The program whose board the user may read (anyone in its space); else 404."""
    program = Program.objects.filter(slug=slug).first()
    if program is None or program_space_role(user=user, program=program) is None:
        raise Http404("No such program.")
    return program


def board_shows_names(*, user: AnyUser, program: Program) -> bool:
    """Leaders' (and credited mentors') names on the board: for the space's members and
    coordinators; a sponsor sees the published actions without them."""
    return space_shows_people(user=user, program=program)


def published_actions(*, user: AnyUser, program: Program) -> QuerySet[Action]:
    if program_space_role(user=user, program=program) is None:
        return Action.objects.none()
    return (
        Action.objects.filter(pair__program=program, published=True)
        .select_related("pair__leader__person", "pair__mentor__person", "topic")
        .order_by("-published_at", "-pk")
    )


def published_growth_entries(*, user: AnyUser, program: Program) -> QuerySet[GrowthEntry]:
    """Entries people published to the program, for its members and coordinators; a sponsor
    is not in the space and sees none (they are individual posts, with their writer's name)."""
    if not space_shows_people(user=user, program=program):
        return GrowthEntry.objects.none()
    return (
        GrowthEntry.objects.filter(pair__program=program, visibility=GrowthEntry.Visibility.PROGRAM)
        .select_related("author")
        .order_by("-published_at", "-pk")
    )


@dataclass
class Theme:
    topic: str
    published_actions: int
    insights: int | None  # None when below the anonymity threshold


def program_themes(*, user: AnyUser, program: Program) -> list[Theme]:
    """Counts by topic, no names. Small insight counts are hidden (program anonymity threshold)."""
    if program_space_role(user=user, program=program) is None:
        return []
    threshold = max(program.anonymity_threshold, 1)
    actions = dict(
        Action.objects.filter(pair__program=program, published=True)
        .values_list("topic__name")
        .annotate(n=Count("pk"))
        .values_list("topic__name", "n")
    )
    insights = dict(
        Insight.objects.filter(pair__program=program)
        .values_list("topic__name")
        .annotate(n=Count("pk"))
        .values_list("topic__name", "n")
    )
    names = sorted({*actions, *insights}, key=lambda n: (n is None, n or ""))
    themes = [
        Theme(
            topic=name or "Other",
            published_actions=actions.get(name, 0),
            insights=insights.get(name, 0) if insights.get(name, 0) >= threshold else None,
        )
        for name in names
    ]
    return sorted(themes, key=lambda t: (-(t.published_actions), -(t.insights or 0), t.topic))
