from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from upward.access import AuthedRequest
from upward.content import selectors, services
from upward.content.models import Resource, RoadmapStep, Stage
from upward.humane import percent
from upward.inputs import is_id
from upward.mentoring.models import Pair
from upward.programs.models import Topic


def _current_pair(request: AuthedRequest) -> Pair | None:
    pairs = list(selectors.learning_pairs(user=request.user))
    wanted = request.GET.get("pair") or request.POST.get("pair")
    if wanted and is_id(wanted):
        return next((p for p in pairs if p.pk == int(wanted)), None)
    return next((p for p in pairs if p.is_open), pairs[0] if pairs else None)


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    pair = _current_pair(request)
    summary = selectors.progress_summary(user=request.user, pair=pair) if pair else {}
    roadmaps = [(r, summary.get(r.pk, 0), len(r.steps.all())) for r in selectors.roadmaps()]
    return render(
        request,
        "content/index.html",
        {
            "roadmaps": roadmaps,
            "pair": pair,
            "guides": selectors.resources(kind=Resource.Kind.GUIDE)[:6],
            "templates": selectors.agenda_templates_for(),
            "prompt_count": selectors.prompts().count(),
        },
    )


@login_required
def prompt_library(request: AuthedRequest) -> HttpResponse:
    stage = request.GET.get("stage", "")
    topic = request.GET.get("topic", "")
    q = request.GET.get("q", "").strip()
    if stage not in Stage.values:
        stage = ""
    qs = selectors.prompts(stage=stage, topic_slug=topic, q=q)
    template = "content/_prompts.html" if request.htmx else "content/prompts.html"
    return render(
        request,
        template,
        {
            "prompts": qs,
            "stage": stage,
            "topic": topic,
            "q": q,
            "stages": Stage.choices,
            "topics": Topic.objects.filter(prompts__isnull=False).distinct(),
            "templates": selectors.agenda_templates_for(stage=stage),
        },
    )


@login_required
def roadmap(request: AuthedRequest, slug: str) -> HttpResponse:
    found = selectors.roadmap_by_slug(slug=slug)
    if found is None:
        raise Http404("No such learning path.")
    pair = _current_pair(request)
    done = selectors.progress_of(user=request.user, pair=pair, roadmap=found) if pair else set()
    steps = list(found.steps.select_related("resource", "prompt"))
    return render(
        request,
        "content/roadmap.html",
        {
            "roadmap": found,
            "steps": steps,
            "done": done,
            "pair": pair,
            "pairs": list(selectors.learning_pairs(user=request.user)),
            "percent": percent(len(done), len(steps)) or 0,
        },
    )


@login_required
@require_POST
def step_toggle(request: AuthedRequest, slug: str, step_id: int) -> HttpResponse:
    found = selectors.roadmap_by_slug(slug=slug)
    step = RoadmapStep.objects.filter(pk=step_id, roadmap=found).first() if found else None
    pair = _current_pair(request)
    if step is None or pair is None or found is None:
        raise Http404("No such step, or you have no pair to track it for.")
    done = services.step_progress_set(
        pair=pair, step=step, actor=request.user, done=request.POST.get("done") == "1"
    )
    if request.htmx:
        return render(
            request,
            "content/_step.html",
            {"step": step, "done": {step.pk} if done else set(), "pair": pair, "roadmap": found},
        )
    return redirect(f"{reverse('content:roadmap', args=[found.slug])}?pair={pair.pk}")


@login_required
def resource_hub(request: AuthedRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in Resource.Kind.values:
        kind = ""
    q = request.GET.get("q", "").strip()
    return render(
        request,
        "content/resources.html",
        {
            "resources": selectors.resources(kind=kind, q=q),
            "kind": kind,
            "q": q,
            "kinds": Resource.Kind.choices,
        },
    )


@login_required
def resource_detail(request: AuthedRequest, slug: str) -> HttpResponse:
    found = selectors.resources().filter(slug=slug).first()
    if found is None:
        raise Http404("No such resource.")
    paragraphs = [p.strip() for p in found.shown_body.split("\n\n") if p.strip()]
    return render(request, "content/resource.html", {"resource": found, "paragraphs": paragraphs})
