from __future__ import annotations

import importlib
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from conftest import client_for
from upward.content.library import (
    AGENDA_TEMPLATES,
    GUIDES,
    LINKS,
    PROMPTS,
    ROADMAPS,
    library_ensure,
    library_install,
)
from upward.content.models import (
    AgendaTemplate,
    Prompt,
    Resource,
    Roadmap,
    RoadmapStep,
    StepProgress,
)
from upward.demo import content as demo
from upward.demo.context import DemoContext
from upward.mentoring.models import Pair
from upward.mentoring.services import safety
from upward.mentoring.tests.factories import PairFactory, ProgramFactory
from upward.people.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair() -> Pair:
    return PairFactory(program=ProgramFactory())


EXPECTED = {
    "prompts": len(PROMPTS),
    "templates": len(AGENDA_TEMPLATES),
    "resources": len(GUIDES) + len(LINKS),
    "roadmaps": len(ROADMAPS),
}


def _library_counts() -> dict[str, int]:
    return {
        "prompts": Prompt.objects.count(),
        "templates": AgendaTemplate.objects.count(),
        "resources": Resource.objects.count(),
        "roadmaps": Roadmap.objects.count(),
    }


def test_a_fresh_migrate_installs_the_whole_library() -> None:
    # The test database was built by running every migration: no install call here.
    assert _library_counts() == EXPECTED
    assert RoadmapStep.objects.count() == sum(len(steps) for *_, steps in ROADMAPS)
    assert set(Prompt.objects.values_list("stage", flat=True)) == {"first", "middle", "closing"}
    assert all(r.steps.count() >= 4 for r in Roadmap.objects.all())
    assert Prompt.objects.filter(topic__isnull=False).exists()


def test_the_migration_works_with_historical_models_and_re_runs_safely() -> None:
    Roadmap.objects.all().delete()
    Prompt.objects.all().delete()
    migration = importlib.import_module("upward.content.migrations.0002_install_library")
    state = MigrationExecutor(connection).loader.project_state(("content", "0002_install_library"))
    migration.install_library(state.apps, None)
    assert _library_counts() == EXPECTED
    migration.install_library(state.apps, None)
    assert _library_counts() == EXPECTED


def test_install_demo_and_command_never_duplicate_the_library() -> None:
    extra = Prompt.objects.create(slug="our-own", text="A prompt a deployment added", stage="first")
    assert library_install() == EXPECTED | {"prompts": len(PROMPTS) + 1}
    logged: list[str] = []
    demo.seed(DemoContext(log=logged.append))
    out = io.StringIO()
    call_command("install_library", stdout=out)
    assert f"{len(PROMPTS) + 1} prompts" in out.getvalue()
    assert library_ensure()["prompts"] == len(PROMPTS) + 1
    assert Prompt.objects.filter(pk=extra.pk).exists()
    assert f"{len(PROMPTS) + 1} prompts" in logged[0]


def test_library_ensure_reinstalls_after_a_flush() -> None:
    Roadmap.objects.all().delete()
    Prompt.objects.all().delete()
    assert library_ensure() == EXPECTED


def test_learning_pages_render_with_empty_states(plain_user: User) -> None:
    Roadmap.objects.all().delete()
    Prompt.objects.all().delete()
    client = client_for(plain_user)
    assert "No learning paths yet" in client.get("/learn/").content.decode()
    assert "No prompts match" in client.get("/learn/prompts/").content.decode()


def test_prompt_filter_by_stage_and_topic(plain_user: User) -> None:
    html = client_for(plain_user).get("/learn/prompts/?stage=closing").content.decode()
    assert "What do you do differently now" in html
    assert "Which tools did you open first" not in html
    partial = client_for(plain_user).get("/learn/prompts/?topic=inclusion", HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "left out" in partial.content.decode()


def test_pair_tracks_progress_on_a_path_and_outsiders_cannot(pair: Pair, plain_user: User) -> None:
    roadmap = Roadmap.objects.get(slug="ai-in-my-week")
    step = roadmap.steps.first()
    leader = pair.leader.user
    url = f"/learn/paths/{roadmap.slug}/steps/{step.pk}/"
    client_for(leader).post(url, {"pair": pair.pk, "done": "1"})
    assert StepProgress.objects.filter(pair=pair, step=step).exists()
    page = client_for(pair.mentor.user).get(f"/learn/paths/{roadmap.slug}/").content.decode()
    assert "Mark as not done" in page
    assert client_for(plain_user).post(url, {"pair": pair.pk, "done": "0"}).status_code == 404
    api = client_for(pair.mentor.user).get(
        f"/api/v1/learning/roadmaps/{roadmap.slug}?pair_id={pair.pk}"
    )
    assert api.json()["steps"][0]["done"] is True
    assert (
        client_for(plain_user)
        .get(f"/api/v1/learning/roadmaps/{roadmap.slug}?pair_id={pair.pk}")
        .status_code
        == 404
    )


def test_progress_is_frozen_after_the_pair_ends(pair: Pair) -> None:
    step = Roadmap.objects.get(slug="who-gets-heard").steps.first()
    safety.pair_exit(pair=pair, actor=pair.leader.user, wants_rematch=False)
    response = client_for(pair.leader.user).post(
        f"/api/v1/learning/roadmaps/who-gets-heard/steps/{step.pk}/progress",
        data={"pair_id": pair.pk},
        content_type="application/json",
    )
    assert response.status_code == 409


def test_learning_api_lists_and_validates(plain_user: User) -> None:
    client = client_for(plain_user)
    assert len(client.get("/api/v1/learning/prompts?stage=first").json()) >= 5
    bad = client.get("/api/v1/learning/prompts?stage=later")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "stage"
    assert client.get("/api/v1/learning/resources?kind=guide").json()[0]["body"]
    assert client.get("/api/v1/learning/agenda-templates").status_code == 200
