"""Crossing a boundary answers 404, through pages, the API and the services alike.

Each test tries one way across: another pair's member, a coordinator reaching for content, the
sponsor, an org admin, anonymous, and ids of one pair smuggled into another pair's URLs. What a
user may not see does not exist for them, so nobody learns which pairs, notes or meetings exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.http import Http404
from django.test import Client
from django.utils import timezone

from conftest import client_for
from upward.mentoring.models import Meeting, Note, Pair
from upward.mentoring.services import charters, closing, journal, meetings, safety
from upward.mentoring.tests.factories import ProgramFactory
from upward.people.models import User
from upward.people.tests.factories import UserFactory
from upward.programs.models import Program

pytestmark = pytest.mark.django_db

OUTSIDERS = ["other_pair_leader", "coordinator", "other_coordinator", "sponsor", "org_admin"]


@dataclass
class Room:
    pair: Pair
    meeting: Meeting
    note: Note
    users: dict[str, User]


@pytest.fixture
def room(
    program: Program,
    pair: Pair,
    other_pair: Pair,
    coordinator_user: User,
    sponsor_user: User,
    admin_user: User,
) -> Room:
    leader = pair.leader.user
    assert leader is not None and other_pair.leader.user is not None
    other_coordinator = UserFactory(email="oscar@example.com", is_coordinator=True)
    ProgramFactory(slug="elsewhere").coordinators.add(other_coordinator)
    meeting = meetings.meeting_schedule(
        pair=pair, actor=leader, starts_at=timezone.now() + dt.timedelta(days=3)
    )
    note = journal.note_create(pair=pair, actor=leader, body="shared", visibility="shared")
    return Room(
        pair=pair,
        meeting=meeting,
        note=note,
        users={
            "leader": leader,
            "other_pair_leader": other_pair.leader.user,
            "coordinator": coordinator_user,
            "other_coordinator": other_coordinator,
            "sponsor": sponsor_user,
            "org_admin": admin_user,
        },
    )


def _content_pages(r: Room) -> list[str]:
    p, m, n = r.pair.pk, r.meeting.pk, r.note.pk
    return [
        f"/pairs/{p}/charter/",
        f"/pairs/{p}/meetings/",
        f"/pairs/{p}/meetings/{m}/",
        f"/pairs/{p}/meetings/{m}.ics",
        f"/pairs/{p}/meetings/{m}/reschedule/",
        f"/pairs/{p}/notes/",
        f"/pairs/{p}/notes/{n}/edit/",
        f"/pairs/{p}/growth/",
        f"/pairs/{p}/actions/",
        f"/pairs/{p}/safety/",
        f"/pairs/{p}/close/",
    ]


def _content_api(r: Room) -> list[str]:
    p, m, n = r.pair.pk, r.meeting.pk, r.note.pk
    base = f"/api/v1/pairs/{p}"
    return [
        f"{base}/charter",
        f"{base}/notes",
        f"{base}/notes/{n}",
        f"{base}/insights",
        f"{base}/growth",
        f"{base}/learning-goals",
        f"{base}/meetings/{m}/agenda",
        f"{base}/meetings/{m}/reflections",
    ]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_get_404_for_every_content_page(room: Room, role: str) -> None:
    client = client_for(room.users[role])
    for url in _content_pages(room):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_get_404_for_every_content_endpoint(room: Room, role: str) -> None:
    client = client_for(room.users[role])
    for url in _content_api(room):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("role", ["other_pair_leader", "other_coordinator", "sponsor", "org_admin"])
def test_the_room_and_its_health_are_404_beyond_its_members_and_coordinators(
    room: Room, role: str
) -> None:
    client = client_for(room.users[role])
    assert client.get(f"/pairs/{room.pair.pk}/").status_code == 404
    assert client.get(f"/api/v1/pairs/{room.pair.pk}").status_code == 404
    assert client.get(f"/api/v1/pairs/{room.pair.pk}/meetings").status_code == 404


def test_anonymous_is_sent_to_sign_in_and_told_nothing(room: Room) -> None:
    anonymous = Client()
    for url in _content_pages(room):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url
    for url in _content_api(room):
        assert anonymous.get(url).status_code == 401, url


def test_a_member_cannot_reach_another_pairs_objects_through_their_own_pair(
    room: Room, other_pair: Pair
) -> None:
    """Ids of pair A inside the URLs of pair B, by B's leader: 404, never A's content."""
    client = client_for(room.users["other_pair_leader"])
    mine, m, n = other_pair.pk, room.meeting.pk, room.note.pk
    for url in [
        f"/pairs/{mine}/meetings/{m}/",
        f"/pairs/{mine}/meetings/{m}.ics",
        f"/pairs/{mine}/notes/{n}/",
        f"/pairs/{mine}/notes/{n}/edit/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/pairs/{mine}/notes/{n}/delete/").status_code == 404
    assert client.get(f"/api/v1/pairs/{mine}/notes/{n}").status_code == 404
    assert client.get(f"/api/v1/pairs/{mine}/meetings/{m}/agenda").status_code == 404
    assert client.delete(f"/api/v1/pairs/{mine}/notes/{n}").status_code == 404
    assert Note.objects.filter(pk=n).exists()


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_cannot_write_through_the_api(room: Room, role: str) -> None:
    client = client_for(room.users[role])
    base = f"/api/v1/pairs/{room.pair.pk}"
    when = (timezone.now() + dt.timedelta(days=9)).isoformat()
    for url, data in [
        (f"{base}/meetings", {"starts_at": when}),
        (f"{base}/meetings/{room.meeting.pk}/cancel", {"reason": "x"}),
        (f"{base}/meetings/{room.meeting.pk}/agenda", {"text": "x"}),
        (f"{base}/growth", {"text": "x", "visibility": "pair"}),
        (f"{base}/actions", {"title": "x", "due_on": "2030-01-01"}),
        (f"{base}/concerns", {"text": "x"}),
    ]:
        response = client.post(url, data=data, content_type="application/json")
        assert response.status_code == 404, url
    room.meeting.refresh_from_db()
    assert room.meeting.status == Meeting.Status.SCHEDULED


def test_the_concern_inbox_does_not_exist_for_non_coordinators(room: Room) -> None:
    safety.concern_raise(pair=room.pair, actor=room.users["leader"], text="MK-CONCERN")
    for role in ["leader", "sponsor", "org_admin"]:
        assert client_for(room.users[role]).get("/pairs/concerns/").status_code == 404, role
    elsewhere = client_for(room.users["other_coordinator"]).get("/pairs/concerns/")
    assert elsewhere.status_code == 200 and b"MK-CONCERN" not in elsewhere.content
    mine = client_for(room.users["coordinator"]).get("/pairs/concerns/")
    assert mine.status_code == 200 and b"MK-CONCERN" in mine.content


def _service_calls(r: Room) -> list[Callable[[User], object]]:
    when = timezone.now() + dt.timedelta(days=9)
    return [
        lambda u: journal.note_create(pair=r.pair, actor=u, body="x"),
        lambda u: journal.note_update(note=r.note, actor=u, body="x"),
        lambda u: journal.growth_entry_create(pair=r.pair, actor=u, text="x"),
        lambda u: charters.charter_sign(
            pair=r.pair, actor=u, version=charters.charter_get_or_create(pair=r.pair).version
        ),
        lambda u: meetings.meeting_schedule(pair=r.pair, actor=u, starts_at=when),
        lambda u: meetings.meeting_cancel(meeting=r.meeting, actor=u, reason="x"),
        lambda u: meetings.agenda_item_add(meeting=r.meeting, actor=u, text="x"),
        lambda u: safety.concern_raise(pair=r.pair, actor=u, text="x"),
        lambda u: safety.pair_exit(pair=r.pair, actor=u, wants_rematch=False),
    ]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_services_refuse_an_actor_outside_the_pair(room: Room, role: str) -> None:
    """A view that forgot its check still could not write into someone else's pair."""
    for call in _service_calls(room):
        with pytest.raises(Http404):
            call(room.users[role])
    room.pair.refresh_from_db()
    assert room.pair.is_open


def test_only_the_programs_coordinators_handle_its_concerns_and_close_its_pairs(
    room: Room, program: Program
) -> None:
    concern = safety.concern_raise(pair=room.pair, actor=room.users["leader"], text="help")
    for role in ["leader", "other_coordinator", "sponsor"]:
        with pytest.raises(Http404):
            safety.concern_update(concern=concern, actor=room.users[role], status="resolved")
        with pytest.raises(Http404):
            closing.pairs_closing_invite(program=program, actor=room.users[role])
        with pytest.raises(Http404):
            closing.pairs_close_for_program(program=program, actor=room.users[role])
