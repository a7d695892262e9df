from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from conftest import client_for
from upward.community.models import CheckIn, Post
from upward.community.services import checkin_cancel, checkin_create, post_create
from upward.mentoring.tests.factories import PairFactory, ProgramFactory
from upward.people.models import User
from upward.programs.models import Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(coordinator_user: User, sponsor_user: User) -> Program:
    program = ProgramFactory(slug="space", sponsor=sponsor_user)
    program.coordinators.add(coordinator_user)
    return program


def test_members_post_sponsors_see_figures_outsiders_get_404(
    program: Program, coordinator_user: User, sponsor_user: User, plain_user: User
) -> None:
    pair = PairFactory(program=program)
    leader = pair.leader.user
    response = client_for(leader).post("/community/space/", {"form": "post", "body": "Hello all"})
    assert response.status_code == 302
    assert Post.objects.get().kind == Post.Kind.POST
    sponsor_page = client_for(sponsor_user).get("/community/space/").content.decode()
    assert "Hello all" not in sponsor_page and "The space in figures" in sponsor_page
    assert client_for(plain_user).get("/community/space/").status_code == 404
    sponsor_post = client_for(sponsor_user).post(
        "/api/v1/community/spaces/space/posts", data={"body": "hi"}, content_type="application/json"
    )
    assert sponsor_post.status_code == 404
    empty = client_for(leader).post(
        "/api/v1/community/spaces/space/posts", data={"body": " "}, content_type="application/json"
    )
    assert empty.status_code == 400 and empty.json()["errors"][0]["field"] == "body"


def test_only_author_or_coordinator_removes_a_post(
    program: Program, coordinator_user: User
) -> None:
    pair = PairFactory(program=program)
    post = post_create(program=program, actor=pair.leader.user, body="mine")
    assert (
        client_for(pair.mentor.user).post(f"/community/posts/{post.pk}/delete/").status_code == 404
    )
    assert (
        "Remove this post?"
        in client_for(coordinator_user).get(f"/community/posts/{post.pk}/delete/").content.decode()
    )
    client_for(coordinator_user).post(f"/community/posts/{post.pk}/delete/")
    assert not Post.objects.exists()


def test_checkins_are_coordinator_only_and_reach_members_calendars(
    program: Program, coordinator_user: User, sponsor_user: User
) -> None:
    pair = PairFactory(program=program)
    outsider_pair = PairFactory(program=ProgramFactory(slug="elsewhere"))
    when = timezone.now() + dt.timedelta(days=5)
    with pytest.raises(Http404):
        checkin_create(program=program, actor=pair.leader.user, title="x", starts_at=when)
    checkin = checkin_create(
        program=program, actor=coordinator_user, title="Circle", starts_at=when
    )
    feed = Client().get(f"/calendar/{pair.mentor.user.calendar_token}.ics").content
    uids = [str(e["UID"]) for e in Calendar.from_ical(feed).walk("VEVENT")]
    assert checkin.uid in uids
    other = Client().get(f"/calendar/{outsider_pair.leader.user.calendar_token}.ics").content
    assert checkin.uid.encode() not in other
    checkin_cancel(checkin=checkin, actor=coordinator_user)
    ics = client_for(pair.leader.user).get(f"/community/space/check-ins/{checkin.pk}/?format=ics")
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1
    assert CheckIn.objects.get().cancelled


def test_checkin_form_errors_and_api(program: Program, coordinator_user: User) -> None:
    client = client_for(coordinator_user)
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    page = client.post(
        "/community/space/",
        {"form": "checkin", "title": "T", "date": past, "time": "10:00", "duration_minutes": 45},
    )
    assert "Pick a time in the future" in page.content.decode()
    api = client.post(
        "/api/v1/community/spaces/space/check-ins",
        data={"title": "T", "starts_at": (timezone.now() + dt.timedelta(days=2)).isoformat()},
        content_type="application/json",
    )
    assert api.status_code == 201
