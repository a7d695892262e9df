from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from conftest import client_for
from upward import events
from upward.matching import services
from upward.matching.events import ACTIVE_PAIRS, MATCH_RUN_PUBLISHED
from upward.matching.models import MatchRun
from upward.matching.selectors import active_pairs
from upward.matching.tests.factories import run_consulting, run_finished
from upward.mentoring.models import Pair
from upward.mentoring.selectors.pairs import active_pair_ids
from upward.mentoring.services.pairs import pairs_from_match_run
from upward.people.models import User
from upward.programs.tests.factories import matching_program

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_match_runs_api_end_to_end(
    coordinator_user: User,
    coordinator_client: Client,
    sponsor_user: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    program = matching_program(coordinator_user, leaders=2, mentors=2)
    program.sponsor = sponsor_user
    program.save()
    url = f"/api/v1/programs/{program.pk}/match-runs"
    bad = post(coordinator_client, url, {"objective": "best"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "objective"
    bad = post(coordinator_client, url, {"weights": {"topics": -1}})
    assert bad.json()["errors"][0]["field"] == "weights.topics"
    with django_capture_on_commit_callbacks(execute=True):
        started = post(coordinator_client, url, {"weights": {"topics": 1, "interests": 1}})
    assert started.status_code == 202
    run_id = started.json()["id"]
    body = coordinator_client.get(f"{url}/{run_id}").json()
    assert body["status"] == "done" and body["progress"] == 1.0
    assert len(body["pairs"]) == 2 and 0 <= body["pairs"][0]["score"] <= 100
    assert body["pairs"][0]["reasons"]
    assert MatchRun.objects.get().settings["weights"] == {"topics": 0.5, "interests": 0.5}
    first = body["pairs"][0]["id"]
    locked = post(coordinator_client, f"{url}/{run_id}/pairs/{first}", {"action": "lock"})
    assert locked.json()["pairs"][0]["locked"] or locked.json()["pairs"][1]["locked"]
    assert (
        post(coordinator_client, f"{url}/{run_id}/pairs/{first}", {"action": "boom"}).status_code
        == 422
    )
    published = post(coordinator_client, f"{url}/{run_id}/publish", {"confirm": True})
    assert len(published.json()["pairs"]) == 2
    assert Pair.objects.filter(program=program).count() == 2
    assert client_for(sponsor_user).get(url).status_code == 404
    assert len(coordinator_client.get(url).json()) == 1


def test_match_runs_api_refuses_outside_matching(
    coordinator_user: User, coordinator_client: Client
) -> None:
    program = matching_program(coordinator_user, leaders=1, mentors=1)
    program.phase = "recruiting"
    program.save()
    refused = post(coordinator_client, f"/api/v1/programs/{program.pk}/match-runs", {})
    assert refused.status_code == 409 and refused.json()["errors"][0]["field"] == "program"
    assert coordinator_client.get(f"/api/v1/programs/{program.pk}/match-runs/999").status_code == (
        404
    )


def test_publishing_with_unanswered_proposals_is_409_listing_the_warnings(
    coordinator_user: User, coordinator_client: Client
) -> None:
    run = run_consulting(coordinator_user, leaders=2)
    url = f"/api/v1/programs/{run.program_id}/match-runs/{run.pk}/publish"
    refused = post(coordinator_client, url, {})
    body = refused.json()
    assert refused.status_code == 409 and body["errors"][0]["field"] == "confirm"
    assert any("still waiting for an answer" in w for w in body["warnings"])
    assert not Pair.objects.exists()
    assert len(post(coordinator_client, url, {"confirm": True}).json()["pairs"]) == 2


def test_pairs_come_from_mentoring_through_the_matching_events(coordinator_user: User) -> None:
    """Matching sits below mentoring: it announces a published run and asks who is paired."""
    assert pairs_from_match_run in events.subscribers(MATCH_RUN_PUBLISHED)
    assert active_pair_ids in events.subscribers(ACTIVE_PAIRS)
    run = run_finished(coordinator_user, leaders=2)
    created = services.run_publish(actor=coordinator_user, run=run, confirm=True)
    assert sorted(active_pairs(run.program)) == sorted((p.leader_id, p.mentor.pk) for p in created)
