"""Group check-ins: answers (going / not going), counts for coordinators, moving in place."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.http import Http404
from django.test import Client
from icalendar import Calendar

from conftest import client_for
from upward.community.models import CheckIn, CheckInRSVP
from upward.community.selectors import rsvp_counts
from upward.community.services import (
    checkin_cancel,
    checkin_create,
    checkin_reschedule,
    checkin_rsvp,
)
from upward.errors import ServiceError
from upward.mentoring.models import Pair
from upward.mentoring.tests.factories import PairFactory, ProgramFactory
from upward.people.models import User
from upward.programs.models import Program

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen_time() -> object:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def program(coordinator_user: User, sponsor_user: User) -> Program:
    program = ProgramFactory(slug="space", sponsor=sponsor_user)
    program.coordinators.add(coordinator_user)
    return program


@pytest.fixture
def pair(program: Program) -> Pair:
    return PairFactory(program=program)


@pytest.fixture
def checkin(program: Program, coordinator_user: User) -> CheckIn:
    return checkin_create(
        program=program,
        actor=coordinator_user,
        title="Mid-program circle",
        starts_at=NOW + dt.timedelta(days=7),
        location="Room 4",
    )


def _feed_event(user: User, uid: str) -> object:
    feed = Client().get(f"/calendar/{user.calendar_token}.ics").content
    events = [e for e in Calendar.from_ical(feed).walk("VEVENT") if str(e["UID"]) == uid]
    assert len(events) == 1, "one event per UID, never a duplicate"
    return events[0]


def test_participants_answer_and_coordinators_see_counts_only(
    checkin: CheckIn, pair: Pair, coordinator_user: User
) -> None:
    leader, mentor = pair.leader.user, pair.mentor.user
    checkin_rsvp(checkin=checkin, actor=leader, response="going")
    checkin_rsvp(checkin=checkin, actor=mentor, response="going")
    checkin_rsvp(checkin=checkin, actor=mentor, response="not_going")  # changes their mind
    assert CheckInRSVP.objects.count() == 2
    counts = rsvp_counts(user=coordinator_user, checkin=checkin)
    assert counts is not None
    assert (counts.going, counts.not_going, counts.no_answer, counts.invited) == (1, 1, 0, 2)
    assert rsvp_counts(user=leader, checkin=checkin) is None
    page = client_for(coordinator_user).get(f"/community/space/check-ins/{checkin.pk}/")
    html = page.content.decode()
    assert "no answer yet (of 2)" in html and leader.get_full_name() not in html
    space = client_for(coordinator_user).get("/community/space/").content.decode()
    assert "1 going" in space


def test_who_may_answer(
    checkin: CheckIn,
    pair: Pair,
    coordinator_user: User,
    sponsor_user: User,
    plain_user: User,
) -> None:
    for outsider in (coordinator_user, sponsor_user, plain_user):
        with pytest.raises(Http404):
            checkin_rsvp(checkin=checkin, actor=outsider, response="going")
    with pytest.raises(ServiceError) as bad:
        checkin_rsvp(checkin=checkin, actor=pair.leader.user, response="maybe")
    assert bad.value.field == "response"
    url = f"/community/space/check-ins/{checkin.pk}/rsvp/"
    assert client_for(plain_user).post(url, {"response": "going"}).status_code == 404
    sponsor = client_for(sponsor_user).post(url, {"response": "going"}, HTTP_HX_REQUEST="true")
    assert sponsor.status_code == 404
    assert not CheckInRSVP.objects.exists()
    api = client_for(sponsor_user).post(
        f"/api/v1/community/check-ins/{checkin.pk}/rsvp",
        data={"response": "going"},
        content_type="application/json",
    )
    assert api.status_code == 404
    hidden = client_for(plain_user).get(f"/api/v1/community/check-ins/{checkin.pk}/rsvps")
    assert hidden.status_code == 404
    member = client_for(pair.leader.user).get(f"/api/v1/community/check-ins/{checkin.pk}/rsvps")
    assert member.status_code == 404


def test_rsvp_with_htmx_swaps_the_answer_box(checkin: CheckIn, pair: Pair) -> None:
    client = client_for(pair.mentor.user)
    url = f"/community/space/check-ins/{checkin.pk}/rsvp/"
    partial = client.post(url, {"response": "going"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'id="rsvp"' in partial
    assert 'value="going" class="" aria-pressed="true"' in partial
    bad = client.post(url, {"response": "perhaps"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Choose going or not going." in bad
    plain = client.post(url, {"response": "not_going"})
    assert plain.status_code == 302
    assert CheckInRSVP.objects.get().response == "not_going"


def test_no_answers_for_cancelled_or_started_checkins(
    checkin: CheckIn, pair: Pair, coordinator_user: User
) -> None:
    with (
        time_machine.travel(NOW + dt.timedelta(days=8), tick=False),
        pytest.raises(ServiceError) as started,
    ):
        checkin_rsvp(checkin=checkin, actor=pair.leader.user, response="going")
    assert started.value.status == 409
    checkin_cancel(checkin=checkin, actor=coordinator_user)
    api = client_for(pair.leader.user).post(
        f"/api/v1/community/check-ins/{checkin.pk}/rsvp",
        data={"response": "going"},
        content_type="application/json",
    )
    assert api.status_code == 409 and api.json()["errors"][0]["field"] == "response"


def test_reschedule_moves_the_same_event_in_every_calendar(
    checkin: CheckIn, pair: Pair, coordinator_user: User
) -> None:
    leader = pair.leader.user
    checkin_rsvp(checkin=checkin, actor=leader, response="going")
    before = _feed_event(leader, checkin.uid)
    assert int(before["SEQUENCE"]) == 0
    new_start = NOW + dt.timedelta(days=9, hours=5)
    moved = checkin_reschedule(
        checkin=checkin, actor=coordinator_user, starts_at=new_start, location="Room 7"
    )
    assert moved.pk == checkin.pk and moved.uid == checkin.uid and moved.sequence == 1
    after = _feed_event(leader, checkin.uid)
    assert int(after["SEQUENCE"]) == 1
    assert after.decoded("DTSTART") == new_start
    assert after.decoded("DTEND") == new_start + dt.timedelta(minutes=45)
    assert str(after["LOCATION"]) == "Room 7"
    download = client_for(leader).get(f"/community/space/check-ins/{checkin.pk}/?format=ics")
    single = Calendar.from_ical(download.content).walk("VEVENT")[0]
    assert str(single["UID"]) == checkin.uid and int(single["SEQUENCE"]) == 1
    # The leader's answer was for the old time: counted apart, and they are asked again.
    counts = rsvp_counts(user=coordinator_user, checkin=moved)
    assert counts is not None and (counts.going, counts.before_move) == (0, 1)
    page = client_for(leader).get(f"/community/space/check-ins/{checkin.pk}/").content.decode()
    assert "Please answer again" in page
    checkin_rsvp(checkin=moved, actor=leader, response="going")
    counts = rsvp_counts(user=coordinator_user, checkin=moved)
    assert counts is not None and (counts.going, counts.before_move) == (1, 0)
    # Saving the same time again changes nothing (no needless calendar update).
    same = checkin_reschedule(checkin=moved, actor=coordinator_user, starts_at=new_start)
    assert same.sequence == 1


def test_reschedule_rules_and_permissions(
    checkin: CheckIn, pair: Pair, coordinator_user: User
) -> None:
    with pytest.raises(Http404):
        checkin_reschedule(
            checkin=checkin, actor=pair.leader.user, starts_at=NOW + dt.timedelta(days=2)
        )
    with pytest.raises(ServiceError) as past:
        checkin_reschedule(
            checkin=checkin, actor=coordinator_user, starts_at=NOW - dt.timedelta(hours=1)
        )
    assert past.value.field == "starts_at"
    checkin_cancel(checkin=checkin, actor=coordinator_user)
    with pytest.raises(ServiceError) as cancelled:
        checkin_reschedule(
            checkin=checkin, actor=coordinator_user, starts_at=NOW + dt.timedelta(days=2)
        )
    assert cancelled.value.status == 409


def test_reschedule_page_form_errors_and_success(
    checkin: CheckIn, pair: Pair, coordinator_user: User
) -> None:
    url = f"/community/space/check-ins/{checkin.pk}/reschedule/"
    client = client_for(coordinator_user)
    missing = client.post(url, {"date": "", "time": "10:00", "duration_minutes": 45})
    assert missing.status_code == 200 and "This field is required." in missing.content.decode()
    past = client.post(url, {"date": "2026-03-01", "time": "10:00", "duration_minutes": 45})
    assert "Pick a time in the future." in past.content.decode()
    ok = client.post(
        url, {"date": "2026-03-20", "time": "16:30", "duration_minutes": 60, "location": "Online"}
    )
    assert ok.status_code == 302
    checkin.refresh_from_db()
    assert checkin.sequence == 1 and checkin.duration_minutes == 60
    assert client_for(pair.leader.user).post(url, {}).status_code == 404


def test_reschedule_and_cancel_through_the_api(
    checkin: CheckIn, pair: Pair, coordinator_user: User
) -> None:
    client = client_for(coordinator_user)
    url = f"/api/v1/community/check-ins/{checkin.pk}"
    bad = client.patch(url, data={"starts_at": "soon"}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "starts_at"
    past = client.patch(
        url,
        data={"starts_at": (NOW - dt.timedelta(days=1)).isoformat()},
        content_type="application/json",
    )
    assert past.status_code == 400 and past.json()["errors"][0]["field"] == "starts_at"
    new_start = NOW + dt.timedelta(days=10)
    moved = client.patch(
        url, data={"starts_at": new_start.isoformat()}, content_type="application/json"
    ).json()
    assert moved["uid"] == checkin.uid and moved["sequence"] == 1
    participant = client_for(pair.mentor.user).patch(
        url, data={"starts_at": new_start.isoformat()}, content_type="application/json"
    )
    assert participant.status_code == 404
    client_for(pair.mentor.user).post(
        f"{url}/rsvp", data={"response": "going"}, content_type="application/json"
    )
    mine = client_for(pair.mentor.user).get(f"{url}/rsvp").json()
    assert mine["response"] == "going" and mine["for_current_time"] is True
    assert client.get(f"{url}/rsvps").json()["going"] == 1
    cancelled = client.post(f"{url}/cancel").json()
    assert cancelled["cancelled"] is True and cancelled["sequence"] == 2


def test_cancel_asks_for_confirmation_first(checkin: CheckIn, coordinator_user: User) -> None:
    client = client_for(coordinator_user)
    url = f"/community/space/check-ins/{checkin.pk}/cancel/"
    assert "for everyone?" in client.get(url).content.decode()
    checkin.refresh_from_db()
    assert not checkin.cancelled
    client.post(url)
    checkin.refresh_from_db()
    assert checkin.cancelled and checkin.sequence == 1


def test_other_programs_members_cannot_see_or_answer(checkin: CheckIn) -> None:
    stranger = PairFactory(program=ProgramFactory(slug="elsewhere")).leader.user
    client = client_for(stranger)
    assert client.get(f"/community/space/check-ins/{checkin.pk}/").status_code == 404
    api = client.post(
        f"/api/v1/community/check-ins/{checkin.pk}/rsvp",
        data={"response": "going"},
        content_type="application/json",
    )
    assert api.status_code == 404
