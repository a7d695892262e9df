"""/api/v1/learning: the prompt library, agenda templates, learning paths and resources."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext
from ninja import Router, Schema

from upward.access import AuthedRequest, pair_for_member
from upward.content import selectors, services
from upward.content.models import Roadmap, Stage
from upward.errors import ServiceError

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
    request: AuthedRequest, stage: str = "", topic: str = "", q: str = ""
) -> list[PromptOut]:
    if stage and stage not in Stage.values:
        raise ServiceError(
            gettext("Choose one of: %(choices)s.") % {"choices": ", ".join(Stage.values)},
            field="stage",
        )
    return [
        PromptOut(
            id=p.pk,
            slug=p.slug,
            text=p.text,
            stage=p.stage,
            audience=p.audience,
            topic=p.topic.name if p.topic is not None else None,
            why=p.why,
        )
        for p in selectors.prompts(stage=stage, topic_slug=topic, q=q)
    ]


@router.get("/agenda-templates", response=list[TemplateOut])
def list_templates(request: AuthedRequest, stage: str = "") -> list[TemplateOut]:
    return [
        TemplateOut(
            slug=t.slug, name=t.name, stage=t.stage, description=t.description, items=list(t.items)
        )
        for t in selectors.agenda_templates_for(stage=stage)
    ]


def _roadmap_out(r: Roadmap, done: set[int] | None) -> RoadmapOut:
    return RoadmapOut(
        slug=r.slug,
        title=r.title,
        topic=r.topic.name if r.topic is not None else None,
        summary=r.summary,
        steps=[
            StepOut(
                id=s.pk,
                order=s.order,
                kind=s.kind,
                title=s.title,
                body=s.body,
                resource_slug=s.resource.slug if s.resource is not None else None,
                prompt_id=s.prompt_id,
                done=(s.pk in done) if done is not None else None,
            )
            for s in r.steps.select_related("resource")
        ],
    )


@router.get("/roadmaps", response=list[RoadmapOut], summary="Learning paths")
def list_roadmaps(request: AuthedRequest) -> list[RoadmapOut]:
    return [_roadmap_out(r, None) for r in selectors.roadmaps()]


@router.get(
    "/roadmaps/{slug}",
    response=RoadmapOut,
    summary="One path; with ?pair_id= shows that pair's progress",
)
def get_roadmap(request: AuthedRequest, slug: str, pair_id: int | None = None) -> RoadmapOut:
    roadmap = selectors.roadmap_by_slug(slug=slug)
    if roadmap is None:
        raise Http404(gettext("No such learning path."))
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
def set_progress(request: AuthedRequest, slug: str, step_id: int, payload: ProgressIn) -> StepOut:
    roadmap = selectors.roadmap_by_slug(slug=slug)
    step = roadmap.steps.filter(pk=step_id).first() if roadmap else None
    if step is None:
        raise Http404(gettext("No such step."))
    access = pair_for_member(user=request.user, pair_id=payload.pair_id)
    done = services.step_progress_set(
        pair=access.pair, step=step, actor=request.user, done=payload.done
    )
    return StepOut(
        id=step.pk,
        order=step.order,
        kind=step.kind,
        title=step.title,
        body=step.body,
        resource_slug=step.resource.slug if step.resource is not None else None,
        prompt_id=step.prompt_id,
        done=done,
    )


@router.get("/resources", response=list[ResourceOut], summary="Resource hub: guides and links")
def list_resources(request: AuthedRequest, kind: str = "", q: str = "") -> list[ResourceOut]:
    return [
        ResourceOut(
            slug=r.slug,
            title=r.title,
            kind=r.kind,
            audience=r.audience,
            summary=r.summary,
            url=r.url,
            body=r.body,
            topic=r.topic.name if r.topic is not None else None,
            minutes=r.minutes,
        )
        for r in selectors.resources(kind=kind, q=q)
    ]
