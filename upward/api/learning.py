"""/api/v1/learning: the prompt library, agenda templates, learning paths and resources."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router, Schema

from upward.api.errors import field_error
from upward.content import selectors, services
from upward.content.models import Stage
from upward.mentoring.selectors import pair_for_member

router = Router(tags=["learning"])


class PromptOut(Schema):
    id: int
    slug: str
    text: str
    stage: str
    audience: str
    topic: str | None
    why: str


class TemplateOut(Schema):
    slug: str
    name: str
    stage: str
    description: str
    items: list[str]


class StepOut(Schema):
    id: int
    order: int
    kind: str
    title: str
    body: str
    resource_slug: str | None
    prompt_id: int | None
    done: bool | None = None


class RoadmapOut(Schema):
    slug: str
    title: str
    topic: str | None
    summary: str
    steps: list[StepOut]


class ResourceOut(Schema):
    slug: str
    title: str
    kind: str
    audience: str
    summary: str
    url: str
    body: str
    topic: str | None
    minutes: int


class ProgressIn(Schema):
    pair_id: int
    done: bool = True


@router.get(
    "/prompts",
    response=list[PromptOut],
    summary="Prompt library (filter by stage, topic slug, text)",
)
def list_prompts(
    request: HttpRequest, stage: str = "", topic: str = "", q: str = ""
) -> list[PromptOut]:
    if stage and stage not in Stage.values:
        raise field_error("stage", f"Choose one of: {', '.join(Stage.values)}.")
    return [
        PromptOut(
            id=p.pk,
            slug=p.slug,
            text=p.text,
            stage=p.stage,
            audience=p.audience,
            topic=p.topic.name if p.topic_id else None,  # type: ignore[union-attr]
            why=p.why,
        )
        for p in selectors.prompts(stage=stage, topic_slug=topic, q=q)
    ]


@router.get("/agenda-templates", response=list[TemplateOut])
def list_templates(request: HttpRequest, stage: str = "") -> list[TemplateOut]:
    return [
        TemplateOut(
            slug=t.slug, name=t.name, stage=t.stage, description=t.description, items=list(t.items)
        )
        for t in selectors.agenda_templates_for(stage=stage)
    ]


def _roadmap_out(r: object, done: set[int] | None) -> RoadmapOut:
    return RoadmapOut(
        slug=r.slug,  # type: ignore[attr-defined]
        title=r.title,  # type: ignore[attr-defined]
        topic=r.topic.name if r.topic_id else None,  # type: ignore[attr-defined]
        summary=r.summary,  # type: ignore[attr-defined]
        steps=[
            StepOut(
                id=s.pk,
                order=s.order,
                kind=s.kind,
                title=s.title,
                body=s.body,
                resource_slug=s.resource.slug if s.resource_id else None,
                prompt_id=s.prompt_id,
                done=(s.pk in done) if done is not None else None,
            )
            for s in r.steps.select_related("resource")  # type: ignore[attr-defined]
        ],
    )


@router.get("/roadmaps", response=list[RoadmapOut], summary="Learning paths")
def list_roadmaps(request: HttpRequest) -> list[RoadmapOut]:
    return [_roadmap_out(r, None) for r in selectors.roadmaps()]


@router.get(
    "/roadmaps/{slug}",
    response=RoadmapOut,
    summary="One path; with ?pair_id= shows that pair's progress",
)
def get_roadmap(request: HttpRequest, slug: str, pair_id: int | None = None) -> RoadmapOut:
    roadmap = selectors.roadmap_by_slug(slug=slug)
    if roadmap is None:
        raise Http404("No such learning path.")
    done = None
    if pair_id is not None:
        access = pair_for_member(user=request.user, pair_id=pair_id)
        done = selectors.progress_of(user=request.user, pair=access.pair, roadmap=roadmap)
    return _roadmap_out(roadmap, done)


@router.post(
    "/roadmaps/{slug}/steps/{step_id}/progress",
    response=StepOut,
    summary="Tick or untick a step for my pair",
)
def set_progress(request: HttpRequest, slug: str, step_id: int, payload: ProgressIn) -> StepOut:
    roadmap = selectors.roadmap_by_slug(slug=slug)
    step = roadmap.steps.filter(pk=step_id).first() if roadmap else None
    if step is None:
        raise Http404("No such step.")
    access = pair_for_member(user=request.user, pair_id=payload.pair_id)
    try:
        done = services.step_progress_set(
            pair=access.pair, step=step, user=request.user, done=payload.done
        )
    except PermissionDenied as exc:
        raise field_error("pair_id", str(exc), status=409) from exc
    return StepOut(
        id=step.pk,
        order=step.order,
        kind=step.kind,
        title=step.title,
        body=step.body,
        resource_slug=step.resource.slug if step.resource_id else None,  # type: ignore[union-attr]
        prompt_id=step.prompt_id,
        done=done,
    )


@router.get("/resources", response=list[ResourceOut], summary="Resource hub: guides and links")
def list_resources(request: HttpRequest, kind: str = "", q: str = "") -> list[ResourceOut]:
    return [
        ResourceOut(
            slug=r.slug,
            title=r.title,
            kind=r.kind,
            audience=r.audience,
            summary=r.summary,
            url=r.url,
            body=r.body,
            topic=r.topic.name if r.topic_id else None,  # type: ignore[union-attr]
            minutes=r.minutes,
        )
        for r in selectors.resources(kind=kind, q=q)
    ]
