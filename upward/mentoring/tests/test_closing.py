"""Closing a program's pairs: the invitation at "closing", the coordinators' close at "closed"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from conftest import client_for
from upward.community.models import Post
from upward.errors import ServiceError
from upward.mentoring.models import Meeting, Note, Pair
from upward.mentoring.services import closing, journal, meetings, safety
from upward.mentoring.tests.factories import ProgramFactory, user_of
from upward.people.models import User
from upward.people.tests.factories import UserFactory
from upward.programs.models import Program
from upward.programs.services import program_transition

pytestmark = pytest.mark.django_db


def _phase(program: Program, phase: str) -> None:
    program.phase = phase
    program.save(update_fields=["phase"])


def _hold_a_meeting(pair: Pair) -> Meeting:
    return Meeting.objects.create(
        pair=pair,
        starts_at=timezone.now() - dt.timedelta(days=5),
        status=Meeting.Status.HELD,
        held_at=timezone.now() - dt.timedelta(days=5),
    )


def test_moving_to_closing_invites_open_pairs_once(
    program: Program, pair: Pair, other_pair: Pair, coordinator_user: User, leader: User
) -> None:
    safety.pair_exit(pair=other_pair, actor=other_pair.leader.user, wants_rematch=False)
    with pytest.raises(ServiceError) as early:
        closing.pairs_closing_invite(program=program, actor=coordinator_user)
    assert early.value.field == "phase" and early.value.status == 409
    # The phase change itself invites the open pairs (a phase hook registered by mentoring).
    program_transition(actor=coordinator_user, program=program, to_phase="closing", confirm=True)
    program.refresh_from_db()
    pair.refresh_from_db()
    assert pair.closing_invited_at is not None
    assert closing.pairs_closing_invite(program=program, actor=coordinator_user) == 0
    assert closing.pairs_closing_invite(program=program) == 0  # idempotent; system call
    pair.refresh_from_db()
    other_pair.refresh_from_db()
    assert pair.closing_invited_at is not None and other_pair.closing_invited_at is None
    with pytest.raises(Http404):
        closing.pairs_closing_invite(program=program, actor=leader)
    room = client_for(leader).get(f"/pairs/{pair.pk}/").content.decode()
    assert "Your program is coming to an end" in room and "Write my final reflection" in room
    home = client_for(leader).get("/").content.decode()
    assert "Your program is ending." in home


def test_invitation_disappears_once_i_answered(program: Program, pair: Pair, leader: User) -> None:
    _phase(program, Program.Phase.CLOSING)
    safety.closure_submit(pair=pair, actor=leader, choice="group", final_reflection="Listened.")
    room = client_for(leader).get(f"/pairs/{pair.pk}/").content.decode()
    assert "Write my final reflection" not in room and "change your answer" in room


def test_close_for_program_closes_open_pairs_keeps_history_and_frees_calendars(
    program: Program, pair: Pair, other_pair: Pair, coordinator_user: User, leader: User
) -> None:
    _phase(program, Program.Phase.ACTIVE)
    upcoming = meetings.meeting_schedule(
        pair=pair, actor=leader, starts_at=timezone.now() + dt.timedelta(days=3)
    )
    note = journal.note_create(pair=pair, actor=leader, body="kept for the record")
    held = _hold_a_meeting(pair)
    # The other pair chose to end early, on purpose, and both wrote their final reflection.
    safety.pair_end_early(
        pair=other_pair, actor=other_pair.leader.user, reason="New roles for both.", confirm=True
    )
    safety.closure_submit(
        pair=other_pair, actor=other_pair.leader.user, choice="pause", final_reflection="x"
    )
    safety.closure_submit(
        pair=other_pair, actor=other_pair.mentor.user, choice="pause", final_reflection="y"
    )
    _phase(program, Program.Phase.CLOSING)
    with pytest.raises(ServiceError) as too_soon:
        closing.pairs_close_for_program(program=program, actor=coordinator_user)
    assert too_soon.value.field == "phase"
    _phase(program, Program.Phase.CLOSED)
    with pytest.raises(Http404):
        closing.pairs_close_for_program(program=program, actor=leader)

    assert closing.pairs_close_for_program(program=program, actor=coordinator_user) == 1
    assert closing.pairs_close_for_program(program=program, actor=coordinator_user) == 0
    pair.refresh_from_db()
    other_pair.refresh_from_db()
    upcoming.refresh_from_db()
    held.refresh_from_db()
    assert pair.status == Pair.Status.CLOSED and pair.closed_by == coordinator_user
    assert pair.ended_on == timezone.localdate()
    assert other_pair.closed_by is None  # it had closed itself
    assert upcoming.status == Meeting.Status.CANCELLED and upcoming.sequence == 1
    assert held.status == Meeting.Status.HELD
    assert Note.objects.filter(pk=note.pk).exists()
    # The room is read-only: the service refuses and the page says so.
    with pytest.raises(ServiceError) as read_only:
        journal.note_create(pair=pair, actor=leader, body="late")
    assert read_only.value.status == 409
    notes_page = client_for(leader).get(f"/pairs/{pair.pk}/notes/").content.decode()
    assert "kept for the record" in notes_page and "read-only" in notes_page
    assert "Save note" not in notes_page
    # The cancelled meeting leaves the calendar as a CANCELLED update of the same event.
    feed = Client().get(f"/calendar/{leader.calendar_token}.ics").content
    events = {str(e["UID"]): e for e in Calendar.from_ical(feed).walk("VEVENT")}
    assert str(events[upcoming.uid]["STATUS"]) == "CANCELLED"
    assert Post.objects.filter(pair=pair, kind=Post.Kind.CELEBRATION).exists()


def test_pairs_that_never_met_close_without_a_celebration(
    program: Program, pair: Pair, coordinator_user: User
) -> None:
    _phase(program, Program.Phase.CLOSED)
    closing.pairs_close_for_program(program=program, actor=coordinator_user)
    assert not Post.objects.filter(pair=pair).exists()


MANAGERS = {"coordinator": 200, "org_admin": 200}
OTHERS = ["other_coordinator", "sponsor", "leader", "mentor", "plain"]


def _actor(who: str, pair: Pair, users: dict[str, User]) -> User:
    if who == "leader":
        return user_of(pair.leader)
    if who == "mentor":
        return user_of(pair.mentor)
    return users[who]


@pytest.fixture
def users(
    coordinator_user: User, sponsor_user: User, plain_user: User, admin_user: User
) -> dict[str, User]:
    other = UserFactory(is_coordinator=True)
    ProgramFactory(slug="another").coordinators.add(other)
    return {
        "coordinator": coordinator_user,
        "org_admin": admin_user,
        "other_coordinator": other,
        "sponsor": sponsor_user,
        "plain": plain_user,
    }


@pytest.mark.parametrize("who", [*MANAGERS, *OTHERS])
def test_closing_pages_and_api_are_for_the_programs_managers_only(
    who: str, program: Program, pair: Pair, users: dict[str, User]
) -> None:
    _phase(program, Program.Phase.CLOSED)
    client = client_for(_actor(who, pair, users))
    expected = MANAGERS.get(who, 404)
    assert client.get(f"/pairs/closing/{program.slug}/").status_code == expected
    assert client.get(f"/pairs/closing/{program.slug}/close/").status_code == expected
    api = client.get(f"/api/v1/pairs/programs/{program.pk}/closing")
    assert api.status_code == expected
    posted = client.post(f"/pairs/closing/{program.slug}/close/", {"confirm": "on"})
    api_close = client.post(
        f"/api/v1/pairs/programs/{program.pk}/close",
        data={"confirm": True},
        content_type="application/json",
    )
    pair.refresh_from_db()
    if expected == 200:
        assert posted.status_code == 302 and pair.status == Pair.Status.CLOSED
        assert api_close.json() == {"closed": 0}
    else:
        assert posted.status_code == 404 and api_close.status_code == 404
        assert pair.status == Pair.Status.ACTIVE


def test_closing_page_shows_next_steps_never_reflections(
    program: Program, pair: Pair, leader: User, coordinator_user: User
) -> None:
    _phase(program, Program.Phase.CLOSING)
    safety.closure_submit(
        pair=pair, actor=leader, choice="mentor_anew", final_reflection="SECRET-REFLECTION"
    )
    page = client_for(coordinator_user).get(f"/pairs/closing/{program.slug}/").content.decode()
    assert "Take part again with a new partner" in page
    assert "SECRET-REFLECTION" not in page
    assert "Invite open pairs to close" in page
    client_for(coordinator_user).post(f"/pairs/closing/{program.slug}/")
    pair.refresh_from_db()
    assert pair.closing_invited_at is not None
    api = client_for(coordinator_user).get(f"/api/v1/pairs/programs/{program.pk}/closing").json()
    assert api["pairs"][0]["leader_next"] == "Take part again with a new partner"
    assert "SECRET-REFLECTION" not in str(api)
    index = client_for(coordinator_user).get("/pairs/").content.decode()
    assert f"/pairs/closing/{program.slug}/" in index


def test_close_needs_confirmation_on_the_page_and_in_the_api(
    program: Program, pair: Pair, coordinator_user: User
) -> None:
    client = client_for(coordinator_user)
    _phase(program, Program.Phase.CLOSING)
    early = client.get(f"/pairs/closing/{program.slug}/close/").content.decode()
    assert "Close the program first" in early and 'name="confirm"' not in early
    refused = client.post(f"/pairs/closing/{program.slug}/close/", {"confirm": "on"})
    assert "Close the program first" in refused.content.decode()
    api_early = client.post(
        f"/api/v1/pairs/programs/{program.pk}/close",
        data={"confirm": True},
        content_type="application/json",
    )
    assert api_early.status_code == 409 and api_early.json()["errors"][0]["field"] == "phase"
    _phase(program, Program.Phase.CLOSED)
    page = client.get(f"/pairs/closing/{program.slug}/close/").content.decode()
    assert pair.leader.person.name in page and "(0 of 2 answered)" in page
    unticked = client.post(f"/pairs/closing/{program.slug}/close/", {})
    assert "Tick the box to confirm." in unticked.content.decode()
    api = client.post(
        f"/api/v1/pairs/programs/{program.pk}/close", data={}, content_type="application/json"
    )
    assert api.status_code == 400 and api.json()["errors"][0]["field"] == "confirm"
    pair.refresh_from_db()
    assert pair.is_open
    assert client.post(
        f"/api/v1/pairs/programs/{program.pk}/close",
        data={"confirm": True},
        content_type="application/json",
    ).json() == {"closed": 1}
    assert client.get("/api/v1/pairs/programs/999999/closing").status_code == 404


def test_closing_page_before_the_end_explains_itself(
    program: Program, coordinator_user: User
) -> None:
    page = client_for(coordinator_user).get(f"/pairs/closing/{program.slug}/").content.decode()
    assert "Not closing yet" in page
