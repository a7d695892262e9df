"""The privacy matrix: roles x objects x actions, through pages AND the API.

Every object carries a unique marker. Each role fetches every page and API endpoint that could
show it; the markers they see must be exactly what ARCHITECTURE.md allows. Private notes, shared
notes and unpublished entries never reach anyone else, coordinators included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from conftest import client_for
from upward.mentoring.models import Pair
from upward.mentoring.services import charters, followup, journal, meetings, safety
from upward.mentoring.tests.factories import PairFactory, ProgramFactory
from upward.people.models import User
from upward.people.tests.factories import UserFactory
from upward.programs.models import Program

pytestmark = pytest.mark.django_db

PRIVATE_NOTE = "MK-PRIVATE-NOTE"
SHARED_NOTE = "MK-SHARED-NOTE"
MENTOR_PRIVATE_NOTE = "MK-MENTOR-PRIVATE-NOTE"
LEADER_REFLECTION = "MK-LEADER-REFLECTION"
MENTOR_UNSHARED_REFLECTION = "MK-MENTOR-UNSHARED-REFLECTION"
GROWTH_PRIVATE = "MK-GROWTH-PRIVATE"
GROWTH_PAIR = "MK-GROWTH-PAIR"
GROWTH_PROGRAM = "MK-GROWTH-PROGRAM"
INSIGHT = "MK-INSIGHT"
ACTION_UNPUBLISHED = "MK-ACTION-UNPUBLISHED"
ACTION_PUBLISHED = "MK-ACTION-PUBLISHED"
CONCERN = "MK-CONCERN"
CHARTER = "MK-CHARTER-GOALS"
AGENDA = "MK-AGENDA"
# The coordinators' follow-up: a private check-in note, and a reply in the concern's thread.
CHECKIN_NOTE = "MK-CHECKIN-NOTE"
CONCERN_REPLY = "MK-CONCERN-REPLY"
ALL = {
    PRIVATE_NOTE,
    SHARED_NOTE,
    MENTOR_PRIVATE_NOTE,
    LEADER_REFLECTION,
    MENTOR_UNSHARED_REFLECTION,
    GROWTH_PRIVATE,
    GROWTH_PAIR,
    GROWTH_PROGRAM,
    INSIGHT,
    ACTION_UNPUBLISHED,
    ACTION_PUBLISHED,
    CONCERN,
    CHARTER,
    AGENDA,
    CHECKIN_NOTE,
    CONCERN_REPLY,
}
PUBLISHED = {GROWTH_PROGRAM, ACTION_PUBLISHED}

EXPECTED = {
    "leader": ALL - {MENTOR_PRIVATE_NOTE, MENTOR_UNSHARED_REFLECTION, CHECKIN_NOTE},
    "mentor": ALL - {PRIVATE_NOTE, GROWTH_PRIVATE, CONCERN, CONCERN_REPLY, CHECKIN_NOTE},
    "other_leader": PUBLISHED,
    "coordinator": PUBLISHED | {CONCERN, CONCERN_REPLY, CHECKIN_NOTE},
    "other_coordinator": set(),
    # A sponsor is not in the space: published actions (without names), no growth entries.
    "sponsor": {ACTION_PUBLISHED},
    "org_admin": set(),
    "anonymous": set(),
}


@dataclass
class World:
    pair: Pair
    program: Program
    users: dict[str, User | None]
    meeting_id: int
    note_ids: dict[str, int]
    entry_ids: dict[str, int]
    action_ids: dict[str, int]
    concern_id: int


@pytest.fixture
def world(
    program: Program,
    pair: Pair,
    other_pair: Pair,
    coordinator_user: User,
    sponsor_user: User,
    admin_user: User,
) -> World:
    leader, mentor = pair.leader.user, pair.mentor.user
    other_program = ProgramFactory(slug="other-program")
    other_coordinator = UserFactory(email="oscar@example.com", is_coordinator=True)
    other_program.coordinators.add(other_coordinator)
    PairFactory(program=other_program)

    charters.charter_update(
        pair=pair,
        actor=leader,
        goals=CHARTER,
        meeting_frequency="m",
        channel="c",
        confidentiality="x",
        success_definition="s",
    )
    when = timezone.now() + dt.timedelta(days=2)
    meeting = meetings.meeting_schedule(pair=pair, actor=leader, starts_at=when)
    meetings.agenda_item_add(meeting=meeting, actor=leader, text=AGENDA)
    with time_machine.travel(when + dt.timedelta(minutes=10)):
        journal.reflection_save(
            meeting=meeting,
            actor=leader,
            first=LEADER_REFLECTION,
            second="",
            shared_with_partner=True,
        )
        # Not told to share: private by default.
        journal.reflection_save(
            meeting=meeting, actor=mentor, first=MENTOR_UNSHARED_REFLECTION, second=""
        )
    notes = {
        "private": journal.note_create(pair=pair, actor=leader, body=PRIVATE_NOTE).pk,
        "shared": journal.note_create(
            pair=pair, actor=leader, body=SHARED_NOTE, visibility="shared", meeting=meeting
        ).pk,
        "mentor_private": journal.note_create(pair=pair, actor=mentor, body=MENTOR_PRIVATE_NOTE).pk,
    }
    entries = {
        v: journal.growth_entry_create(pair=pair, actor=leader, text=text, visibility=v).pk
        for v, text in [
            ("private", GROWTH_PRIVATE),
            ("pair", GROWTH_PAIR),
            ("program", GROWTH_PROGRAM),
        ]
    }
    journal.insight_create(pair=pair, actor=leader, text=INSIGHT)
    due = timezone.localdate() + dt.timedelta(days=20)
    unpublished = journal.action_create(
        pair=pair, actor=leader, title=ACTION_UNPUBLISHED, due_on=due
    )
    published = journal.action_create(pair=pair, actor=leader, title=ACTION_PUBLISHED, due_on=due)
    journal.action_publish(action=published, actor=leader)
    concern = safety.concern_raise(pair=pair, actor=leader, text=CONCERN)
    safety.concern_reply(concern=concern, actor=coordinator_user, text=CONCERN_REPLY)
    followup.checkin_note_add(actor=coordinator_user, pair=pair, note=CHECKIN_NOTE)
    return World(
        pair=pair,
        program=program,
        users={
            "leader": leader,
            "mentor": mentor,
            "other_leader": other_pair.leader.user,
            "coordinator": coordinator_user,
            "other_coordinator": other_coordinator,
            "sponsor": sponsor_user,
            "org_admin": admin_user,
            "anonymous": None,
        },
        meeting_id=meeting.pk,
        note_ids=notes,
        entry_ids=entries,
        action_ids={"unpublished": unpublished.pk, "published": published.pk},
        concern_id=concern.pk,
    )


def _client(user: User | None) -> Client:
    return client_for(user) if user is not None else Client()


def _seen(client: Client, urls: list[str]) -> str:
    text = []
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        text.append(response.content.decode(errors="replace"))
    return "\n".join(text)


def _page_urls(w: World) -> list[str]:
    p, m = w.pair.pk, w.meeting_id
    return [
        "/",
        "/pairs/?all=1",
        f"/pairs/{p}/",
        f"/pairs/{p}/charter/",
        f"/pairs/{p}/meetings/",
        f"/pairs/{p}/meetings/{m}/",
        f"/pairs/{p}/notes/",
        f"/pairs/{p}/notes/?show=private",
        f"/pairs/{p}/growth/",
        f"/pairs/{p}/actions/",
        f"/pairs/{p}/safety/",
        f"/pairs/{p}/close/",
        f"/pairs/board/{w.program.slug}/",
        "/pairs/concerns/",
        f"/pairs/concerns/{w.concern_id}/",
        f"/community/{w.program.slug}/",
        *[f"/pairs/{p}/notes/{n}/edit/" for n in w.note_ids.values()],
        *[f"/pairs/{p}/growth/{e}/edit/" for e in w.entry_ids.values()],
        f"/pairs/closing/{w.program.slug}/",
    ]


def _api_urls(w: World) -> list[str]:
    p, m = w.pair.pk, w.meeting_id
    base = "/api/v1/pairs"
    return [
        base,
        f"{base}/{p}",
        f"{base}/{p}/meetings",
        f"{base}/{p}/charter",
        f"{base}/{p}/notes",
        *[f"{base}/{p}/notes/{n}" for n in w.note_ids.values()],
        f"{base}/{p}/actions",
        f"{base}/{p}/insights",
        f"{base}/{p}/growth",
        f"{base}/{p}/learning-goals",
        f"{base}/{p}/meetings/{m}/reflections",
        f"{base}/{p}/meetings/{m}/agenda",
        f"{base}/concerns",
        f"{base}/concerns/{w.concern_id}",
        f"{base}/{p}/follow-up",
        f"/api/v1/community/spaces/{w.program.slug}/posts",
        f"/api/v1/community/spaces/{w.program.slug}/board",
    ]


@pytest.mark.parametrize("role", list(EXPECTED))
def test_pages_show_each_role_exactly_what_it_may_see(world: World, role: str) -> None:
    seen = _seen(_client(world.users[role]), _page_urls(world))
    visible = {marker for marker in ALL if marker in seen}
    assert visible == EXPECTED[role]


@pytest.mark.parametrize("role", list(EXPECTED))
def test_api_shows_each_role_exactly_what_it_may_see(world: World, role: str) -> None:
    seen = _seen(_client(world.users[role]), _api_urls(world))
    visible = {marker for marker in ALL if marker in seen}
    # The concern reaches the coordinator through the API too; published growth entries are
    # read through pages (the board), so the API shows the pair's members only.
    expected = EXPECTED[role] - ({GROWTH_PROGRAM} if role not in ("leader", "mentor") else set())
    if role not in ("leader", "mentor", "coordinator", "other_leader", "sponsor"):
        expected = set()
    assert visible == expected


@pytest.mark.parametrize(
    ("role", "note", "status"),
    [
        ("leader", "private", 200),
        ("leader", "shared", 200),
        ("mentor", "private", 404),
        ("mentor", "shared", 404),
        ("coordinator", "private", 404),
        ("coordinator", "shared", 404),
        ("other_leader", "shared", 404),
        ("sponsor", "shared", 404),
        ("org_admin", "shared", 404),
        ("anonymous", "shared", 401),
    ],
)
def test_only_the_author_edits_a_note_through_the_api(
    world: World, role: str, note: str, status: int
) -> None:
    url = f"/api/v1/pairs/{world.pair.pk}/notes/{world.note_ids[note]}"
    response = _client(world.users[role]).patch(
        url, data={"body": "changed"}, content_type="application/json"
    )
    assert response.status_code == status


@pytest.mark.parametrize("role", ["mentor", "coordinator", "other_leader", "org_admin"])
def test_nobody_but_the_author_deletes_a_note(world: World, role: str) -> None:
    note_id = world.note_ids["shared"]
    client = _client(world.users[role])
    assert client.delete(f"/api/v1/pairs/{world.pair.pk}/notes/{note_id}").status_code == 404
    page = client.post(f"/pairs/{world.pair.pk}/notes/{note_id}/delete/")
    assert page.status_code == 404
    author = _client(world.users["leader"])
    assert author.delete(f"/api/v1/pairs/{world.pair.pk}/notes/{note_id}").status_code == 204


@pytest.mark.parametrize(
    ("role", "status"),
    [("leader", 200), ("mentor", 404), ("coordinator", 404), ("other_leader", 404)],
)
def test_only_the_author_changes_a_growth_entry(world: World, role: str, status: int) -> None:
    url = f"/api/v1/pairs/{world.pair.pk}/growth/{world.entry_ids['pair']}"
    response = _client(world.users[role]).patch(
        url, data={"visibility": "private"}, content_type="application/json"
    )
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("leader", 200), ("mentor", 403), ("coordinator", 404), ("sponsor", 404)],
)
def test_only_the_leader_updates_actions(world: World, role: str, status: int) -> None:
    url = f"/api/v1/pairs/{world.pair.pk}/actions/{world.action_ids['unpublished']}"
    response = _client(world.users[role]).patch(
        url, data={"status": "in_progress"}, content_type="application/json"
    )
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("coordinator", 200), ("leader", 404), ("mentor", 404), ("other_coordinator", 404)],
)
def test_only_the_programs_coordinators_handle_a_concern(
    world: World, role: str, status: int
) -> None:
    response = _client(world.users[role]).patch(
        f"/api/v1/pairs/concerns/{world.concern_id}",
        data={"status": "acknowledged"},
        content_type="application/json",
    )
    assert response.status_code == status


def test_coordinator_reads_health_but_not_the_charter(world: World) -> None:
    client = _client(world.users["coordinator"])
    detail = client.get(f"/api/v1/pairs/{world.pair.pk}").json()
    assert detail["your_role"] == "coordinator"
    assert detail["health"]["charter_signed"] is False
    assert client.get(f"/api/v1/pairs/{world.pair.pk}/charter").status_code == 404
    assert client.get(f"/api/v1/pairs/{world.pair.pk}/notes").status_code == 404
    meetings_json = client.get(f"/api/v1/pairs/{world.pair.pk}/meetings").json()
    assert meetings_json[0]["location"] is None and meetings_json[0]["ics_url"] is None
    page = client.get(f"/pairs/{world.pair.pk}/")
    assert b"health" in page.content


@pytest.mark.parametrize("role", ["coordinator", "other_leader", "sponsor", "org_admin"])
def test_outsiders_cannot_write_into_a_pair(world: World, role: str) -> None:
    client = _client(world.users[role])
    p = world.pair.pk
    assert (
        client.post(
            f"/api/v1/pairs/{p}/notes", data={"body": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        client.post(f"/pairs/{p}/notes/", {"body": "x", "visibility": "shared"}).status_code == 404
    )
    assert (
        client.post(
            f"/api/v1/pairs/{p}/charter/sign", {"version": 1}, content_type="application/json"
        ).status_code
        == 404
    )
