from __future__ import annotations

import pytest

from conftest import client_for
from upward.content.library import library_install
from upward.content.models import Prompt, Roadmap, StepProgress
from upward.mentoring.models import Pair
from upward.mentoring.services import safety
from upward.mentoring.tests.factories import PairFactory, ProgramFactory
from upward.people.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair() -> Pair:
    return PairFactory(program=ProgramFactory())


def test_library_install_is_idempotent_and_covers_every_stage() -> None:
    first = library_install()
    assert library_install() == first
    assert set(Prompt.objects.values_list("stage", flat=True)) == {"first", "middle", "closing"}
    assert all(r.steps.count() >= 4 for r in Roadmap.objects.all())


def test_learning_pages_render_with_empty_states(plain_user: User) -> None:
    client = client_for(plain_user)
    assert "No learning paths yet" in client.get("/learn/").content.decode()
    assert "No prompts match" in client.get("/learn/prompts/").content.decode()


def test_prompt_filter_by_stage_and_topic(plain_user: User) -> None:
    library_install()
    html = client_for(plain_user).get("/learn/prompts/?stage=closing").content.decode()
    assert "What do you do differently now" in html
    assert "Which tools did you open first" not in html
    partial = client_for(plain_user).get("/learn/prompts/?topic=inclusion", HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "left out" in partial.content.decode()


def test_pair_tracks_progress_on_a_path_and_outsiders_cannot(pair: Pair, plain_user: User) -> None:
    library_install()
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
    library_install()
    step = Roadmap.objects.get(slug="who-gets-heard").steps.first()
    safety.pair_exit(pair=pair, user=pair.leader.user, wants_rematch=False)
    response = client_for(pair.leader.user).post(
        f"/api/v1/learning/roadmaps/who-gets-heard/steps/{step.pk}/progress",
        data={"pair_id": pair.pk},
        content_type="application/json",
    )
    assert response.status_code == 409


def test_learning_api_lists_and_validates(plain_user: User) -> None:
    library_install()
    client = client_for(plain_user)
    assert len(client.get("/api/v1/learning/prompts?stage=first").json()) >= 5
    bad = client.get("/api/v1/learning/prompts?stage=later")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "stage"
    assert client.get("/api/v1/learning/resources?kind=guide").json()[0]["body"]
    assert client.get("/api/v1/learning/agenda-templates").status_code == 200
