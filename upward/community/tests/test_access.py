"""Crossing each boundary of program spaces and learning paths: what you may not see or do
answers 404 (401 for anonymous API calls; pages send anonymous visitors to sign in)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.http import Http404
from django.test import Client

from conftest import client_for
from upward.community.models import CheckIn, Post
from upward.community.services import (
    checkin_cancel,
    checkin_create,
    checkin_rsvp,
    post_create,
    post_delete,
)
from upward.content.models import Roadmap, StepProgress
from upward.content.services import step_progress_set
from upward.mentoring.tests.factories import PairFactory, ProgramFactory
from upward.people.models import User
from upward.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen_time() -> object:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(coordinator_user: User, sponsor_user: User) -> dict[str, Any]:
    program = ProgramFactory(slug="space", sponsor=sponsor_user)
    program.coordinators.add(coordinator_user)
    pair = PairFactory(program=program)
    other_pair = PairFactory(program=program)
    elsewhere = ProgramFactory(slug="elsewhere")
    elsewhere_pair = PairFactory(program=elsewhere)
    elsewhere_coordinator = UserFactory(email="olga@example.com", is_coordinator=True)
    elsewhere.coordinators.add(elsewhere_coordinator)
    checkin = checkin_create(
        program=program,
        actor=coordinator_user,
        title="Circle",
        starts_at=NOW + dt.timedelta(days=7),
    )
    post = post_create(program=program, actor=pair.leader.user, body="Hello")
    return {
        "program": program,
        "pair": pair,
        "checkin": checkin,
        "post": post,
        "coordinator": coordinator_user,
        "sponsor": sponsor_user,
        "other_coordinator": elsewhere_coordinator,
        "other_participant": elsewhere_pair.leader.user,
        "other_pair_member": other_pair.mentor.user,
    }


OUTSIDERS = ("other_coordinator", "other_participant")


def test_outsiders_get_404_on_every_space_page_and_endpoint(world: dict[str, Any]) -> None:
    checkin: CheckIn = world["checkin"]
    post: Post = world["post"]
    pages = [
        ("get", "/community/space/"),
        ("get", f"/community/space/check-ins/{checkin.pk}/"),
        ("post", f"/community/space/check-ins/{checkin.pk}/rsvp/"),
        ("post", f"/community/posts/{post.pk}/delete/"),
    ]
    endpoints = [
        ("get", "/api/v1/community/spaces/space/posts"),
        ("post", "/api/v1/community/spaces/space/posts"),
        ("get", f"/api/v1/community/check-ins/{checkin.pk}/rsvp"),
        ("get", f"/api/v1/community/check-ins/{checkin.pk}/rsvps"),
        ("post", f"/api/v1/community/check-ins/{checkin.pk}/cancel"),
        ("delete", f"/api/v1/community/posts/{post.pk}"),
    ]
    for role in OUTSIDERS:
        client = client_for(world[role])
        for method, url in pages:
            assert getattr(client, method)(url).status_code == 404, (role, url)
        for method, url in endpoints:
            status = getattr(client, method)(
                url, data={"body": "x"}, content_type="application/json"
            ).status_code
            assert status == 404, (role, method, url, status)
    for method, url in pages:
        assert getattr(Client(), method)(url).status_code == 302, url
    for method, url in endpoints:
        status = getattr(Client(), method)(url, content_type="application/json").status_code
        assert status == 401, (method, url, status)
    assert CheckIn.objects.filter(cancelled=False).count() == 1
    assert Post.objects.count() == 1


def test_inside_the_space_what_a_role_may_not_do_answers_404(world: dict[str, Any]) -> None:
    checkin: CheckIn = world["checkin"]
    post: Post = world["post"]
    sponsor = client_for(world["sponsor"])
    member = client_for(world["other_pair_member"])
    refused = [
        (sponsor, "post", "/api/v1/community/spaces/space/posts", {"body": "hi"}),
        (sponsor, "post", f"/api/v1/community/check-ins/{checkin.pk}/rsvp", {"response": "going"}),
        (member, "get", f"/api/v1/community/check-ins/{checkin.pk}/rsvps", None),
        (member, "post", f"/api/v1/community/check-ins/{checkin.pk}/cancel", None),
        (member, "delete", f"/api/v1/community/posts/{post.pk}", None),
    ]
    for client, method, url, body in refused:
        status = getattr(client, method)(
            url, data=body or {}, content_type="application/json"
        ).status_code
        assert status == 404, (method, url, status)
    assert member.post(f"/community/posts/{post.pk}/delete/").status_code == 404
    assert member.post(f"/community/space/check-ins/{checkin.pk}/cancel/").status_code == 404
    assert Post.objects.count() == 1 and not CheckIn.objects.get().cancelled


def test_space_services_refuse_as_not_found(world: dict[str, Any]) -> None:
    checkin: CheckIn = world["checkin"]
    for role in ("sponsor", *OUTSIDERS):
        with pytest.raises(Http404):
            post_create(program=world["program"], actor=world[role], body="hi")
        with pytest.raises(Http404):
            checkin_rsvp(checkin=checkin, actor=world[role], response="going")
    for role in ("sponsor", "other_pair_member", *OUTSIDERS):
        with pytest.raises(Http404):
            checkin_cancel(checkin=checkin, actor=world[role])
        with pytest.raises(Http404):
            post_delete(post=world["post"], actor=world[role])


def test_another_pair_cannot_track_or_read_a_pairs_learning_path(world: dict[str, Any]) -> None:
    pair = world["pair"]
    roadmap = Roadmap.objects.get(slug="ai-in-my-week")
    step = roadmap.steps.first()
    assert step is not None
    for role in ("other_pair_member", "coordinator", "sponsor", *OUTSIDERS):
        client = client_for(world[role])
        api = client.post(
            f"/api/v1/learning/roadmaps/{roadmap.slug}/steps/{step.pk}/progress",
            data={"pair_id": pair.pk},
            content_type="application/json",
        )
        assert api.status_code == 404, role
        read = client.get(f"/api/v1/learning/roadmaps/{roadmap.slug}?pair_id={pair.pk}")
        assert read.status_code == 404, role
        page = client.post(
            f"/learn/paths/{roadmap.slug}/steps/{step.pk}/", {"pair": pair.pk, "done": "1"}
        )
        assert page.status_code == 404, role
        with pytest.raises(Http404):
            step_progress_set(pair=pair, step=step, actor=world[role], done=True)
    anonymous = Client().post(
        f"/api/v1/learning/roadmaps/{roadmap.slug}/steps/{step.pk}/progress",
        data={"pair_id": pair.pk},
        content_type="application/json",
    )
    assert anonymous.status_code == 401
    assert not StepProgress.objects.filter(pair=pair).exists()
