"""Reads of the conversation library. Everything here is open to any signed-in user, except
per-pair progress, which only the pair's two members see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from upward.access import AnyUser, member_pairs, member_role
from upward.content.models import AgendaTemplate, Prompt, Resource, Roadmap, Stage, StepProgress
from upward.inputs import is_id
from upward.mentoring.events import AgendaSuggestions
from upward.mentoring.models import Pair
from upward.queryshapes import QueryShape


def prompts(*, stage: str = "", topic_slug: str = "", q: str = "") -> QuerySet[Prompt]:
    qs = Prompt.objects.select_related("topic")
    if stage:
        qs = qs.filter(stage=stage)
    if topic_slug:
        qs = qs.filter(topic__slug=topic_slug)
    if q:
        qs = qs.filter(Q(text__icontains=q) | Q(why__icontains=q))
    return qs


def prompts_for(*, stage: str, topic_ids: list[int]) -> QuerySet[Prompt]:
    """Prompts for a meeting: the stage's general ones and those on the program's topics."""
    qs = Prompt.objects.filter(stage=stage).select_related("topic")
    if topic_ids:
        qs = qs.filter(Q(topic__isnull=True) | Q(topic_id__in=topic_ids))
    return qs.order_by("topic_id", "pk")


def prompt_by_id(*, prompt_id: str | int) -> Prompt | None:
    if not is_id(prompt_id):
        return None
    return Prompt.objects.filter(pk=int(prompt_id)).first()


def agenda_templates_for(*, stage: str = "") -> QuerySet[AgendaTemplate]:
    qs = AgendaTemplate.objects.all()
    return qs.filter(stage=stage) if stage else qs


def agenda_template_by_slug(*, slug: str) -> AgendaTemplate | None:
    return AgendaTemplate.objects.filter(slug=slug).first()


# Every meeting page asks for its stage's prompts and templates: composed once per connection
# and per stage (upward/queryshapes.py; only the program's topic ids vary, and a program with
# none runs the ordinary queryset: every prompt of the stage).
_STAGE_SHAPES: dict[tuple[str, int], tuple[QueryShape[Prompt], QueryShape[AgendaTemplate]]] = {}


def _stage_shapes(stage: str, limit: int) -> tuple[QueryShape[Prompt], QueryShape[AgendaTemplate]]:
    shapes = _STAGE_SHAPES.get((stage, limit))
    if shapes is None:
        shapes = (
            QueryShape(lambda ids: prompts_for(stage=stage, topic_ids=ids)[:limit]),
            QueryShape(lambda: agenda_templates_for(stage=stage)),
        )
        _STAGE_SHAPES[(stage, limit)] = shapes
    return shapes


def agenda_suggestions(*, stage: str, topic_ids: list[int], limit: int) -> AgendaSuggestions:
    """`agenda.suggestions` (mentoring's meeting page): prompts and templates for the stage."""
    if stage not in Stage.values:  # only the three stages get shapes; anything else asks as is
        return AgendaSuggestions(
            prompts=list(prompts_for(stage=stage, topic_ids=topic_ids)[:limit]),
            templates=list(agenda_templates_for(stage=stage)),
        )
    prompts, templates = _stage_shapes(stage, limit)
    return AgendaSuggestions(prompts=prompts(list(topic_ids)), templates=templates())


def agenda_template_items(*, slug: str) -> list[str] | None:
    """`agenda.template` (mentoring): the items of a template, None when there is none."""
    template = agenda_template_by_slug(slug=slug)
    # The shipped items in the reader's language: they become the meeting's own agenda items.
    return template.shown_items if template is not None else None


def roadmaps() -> QuerySet[Roadmap]:
    return Roadmap.objects.select_related("topic").prefetch_related("steps")


def roadmap_by_slug(*, slug: str) -> Roadmap | None:
    return roadmaps().filter(slug=slug).first()


def resources(*, kind: str = "", topic_slug: str = "", q: str = "") -> QuerySet[Resource]:
    qs = Resource.objects.select_related("topic")
    if kind:
        qs = qs.filter(kind=kind)
    if topic_slug:
        qs = qs.filter(topic__slug=topic_slug)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    return qs


def learning_pairs(*, user: AnyUser) -> list[Pair]:
    """Pairs whose roadmap progress the user may see and tick: their own, newest first."""
    return member_pairs(user=user)


def progress_of(*, user: AnyUser, pair: Pair, roadmap: Roadmap) -> set[int]:
    if member_role(user=user, pair=pair) is None:
        return set()
    return set(
        StepProgress.objects.filter(pair=pair, step__roadmap=roadmap).values_list(
            "step_id", flat=True
        )
    )


def progress_summary(*, user: AnyUser, pair: Pair) -> dict[int, int]:
    """roadmap id -> steps done by this pair."""
    if member_role(user=user, pair=pair) is None:
        return {}
    summary: dict[int, int] = {}
    for roadmap_id in StepProgress.objects.filter(pair=pair).values_list(
        "step__roadmap_id", flat=True
    ):
        summary[roadmap_id] = summary.get(roadmap_id, 0) + 1
    return summary
