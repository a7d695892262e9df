"""Endings only on purpose (issue 15 item 2): final reflections open in the program's closing
phase, or once a pair chooses "end early" with a confirmation and a reason; the partner is told;
nothing closes as a side effect."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from conftest import client_for
from upward.mentoring.models import Meeting, Pair
from upward.mentoring.services import meetings
from upward.mentoring.tests.factories import PairFactory, user_of
from upward.notifications.models import Notification
from upward.people.models import User
from upward.programs.models import Program

pytestmark = pytest.mark.django_db
Capture = Callable[..., Any]
HOSTILE = '<script>alert("x")</script> We both changed roles & teams.'


@pytest.fixture(autouse=True)
def _mid_program(program: Program) -> None:
    program.phase = Program.Phase.ACTIVE
    program.save(update_fields=["phase"])


def _upcoming(pair: Pair, who: User) -> Meeting:
    return meetings.meeting_schedule(
        pair=pair, actor=who, starts_at=timezone.now() + dt.timedelta(days=4)
    )


def _answer(client: Client, pair: Pair, text: str = "Looking back, a lot.") -> Any:
    return client.post(f"/pairs/{pair.pk}/close/", {"final_reflection": text, "choice": "continue"})


def test_mid_program_the_final_reflection_is_not_offered_and_answering_closes_nothing(
    pair: Pair, leader: User, mentor: User
) -> None:
    meeting = _upcoming(pair, leader)
    room = client_for(leader).get(f"/pairs/{pair.pk}/").content.decode()
    assert "Final reflection →" not in room and "End early…" in room
    page = client_for(leader).get(f"/pairs/{pair.pk}/close/").content.decode()
    assert "Final reflections open when your program reaches its closing phase" in page
    assert 'name="final_reflection"' not in page

    for who in (leader, mentor):
        assert _answer(client_for(who), pair).status_code == 409
        api = client_for(who).post(
            f"/api/v1/pairs/{pair.pk}/closure",
            {"choice": "group", "final_reflection": "x"},
            content_type="application/json",
        )
        assert api.status_code == 409 and "closing phase" in api.json()["detail"]
    pair.refresh_from_db()
    meeting.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE and not pair.closure_choices.exists()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_ending_early_needs_a_confirmation_and_a_reason_on_the_page_and_the_api(
    pair: Pair, leader: User
) -> None:
    client = client_for(leader)
    form = client.get(f"/pairs/{pair.pk}/end-early/").content.decode()
    assert "End our pair early" in form and 'name="confirm"' in form
    unticked = client.post(f"/pairs/{pair.pk}/end-early/", {"end_early": "1", "reason": "Done."})
    assert unticked.status_code == 200
    assert "Tick the box to confirm you want to end early." in unticked.content.decode()
    blank = client.post(
        f"/pairs/{pair.pk}/end-early/", {"end_early": "1", "reason": "  ", "confirm": "on"}
    )
    assert blank.status_code == 200 and "field-error" in blank.content.decode()

    api = f"/api/v1/pairs/{pair.pk}/end-early"
    no_confirm = client.post(api, {"reason": "Done."}, content_type="application/json")
    assert no_confirm.status_code == 400 and no_confirm.json()["errors"][0]["field"] == "confirm"
    no_reason = client.post(api, {"reason": "", "confirm": True}, content_type="application/json")
    assert no_reason.status_code == 400 and no_reason.json()["errors"][0]["field"] == "reason"
    too_long = client.post(
        api, {"reason": "x" * 1001, "confirm": True}, content_type="application/json"
    )
    assert too_long.status_code == 422
    pair.refresh_from_db()
    assert not pair.ending_early


def test_ending_early_tells_the_partner_opens_reflections_and_closes_when_both_answered(
    pair: Pair, leader: User, mentor: User, django_capture_on_commit_callbacks: Capture
) -> None:
    meeting = _upcoming(pair, leader)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        asked = client_for(leader).post(
            f"/pairs/{pair.pk}/end-early/",
            {"end_early": "1", "reason": HOSTILE, "confirm": "on"},
        )
    assert asked.status_code == 302 and asked.url == f"/pairs/{pair.pk}/close/"
    pair.refresh_from_db()
    meeting.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE and meeting.status == Meeting.Status.SCHEDULED

    notice = Notification.objects.get(user=mentor, kind="pair_ending_early")
    assert pair.leader.person.name in notice.title and notice.url == f"/pairs/{pair.pk}/"
    [letter] = [m for m in mail.outbox if mentor.email in m.to and "early" in m.subject]
    assert "close your partnership early" in letter.subject
    # The reason is read in the room, never carried by a message.
    assert "changed roles" not in letter.body and "changed roles" not in notice.body
    assert not Notification.objects.filter(user=leader, kind="pair_ending_early").exists()

    room = client_for(mentor).get(f"/pairs/{pair.pk}/").content.decode()
    assert "would like to end early" in room
    assert "&lt;script&gt;" in room and "<script>alert" not in room
    assert "Write my final reflection" in room

    assert _answer(client_for(leader), pair).status_code == 302
    pair.refresh_from_db()
    assert pair.is_open  # one answer closes nothing
    assert _answer(client_for(mentor), pair).status_code == 302
    pair.refresh_from_db()
    meeting.refresh_from_db()
    assert pair.status == Pair.Status.CLOSED
    assert meeting.status == Meeting.Status.CANCELLED


def test_either_of_them_can_keep_going_and_reflections_close_again(
    pair: Pair, leader: User, mentor: User
) -> None:
    api = f"/api/v1/pairs/{pair.pk}/end-early"
    out = client_for(mentor).post(
        api, {"reason": "Too busy this quarter.", "confirm": True}, content_type="application/json"
    )
    assert out.status_code == 200
    body = out.json()
    assert body["ending_early"] and body["early_end_by"] == "mentor"
    assert body["early_end_reason"] == "Too busy this quarter."
    assert body["final_reflections_open"] is True
    again = client_for(leader).post(
        api, {"reason": "Me too.", "confirm": True}, content_type="application/json"
    )
    assert again.status_code == 409
    kept = client_for(leader).post(f"/pairs/{pair.pk}/end-early/", {"keep_going": "1"})
    assert kept.status_code == 302
    pair.refresh_from_db()
    assert not pair.ending_early and pair.early_end_reason == ""
    assert _answer(client_for(leader), pair).status_code == 409
    assert client_for(leader).delete(api).status_code == 409


def test_the_reason_stays_within_the_pair(
    pair: Pair, leader: User, mentor: User, coordinator_user: User, program: Program
) -> None:
    client_for(leader).post(
        f"/pairs/{pair.pk}/end-early/",
        {"end_early": "1", "reason": "PRIVATE-REASON", "confirm": "on"},
    )
    coordinator = client_for(coordinator_user)
    health = coordinator.get(f"/pairs/{pair.pk}/")
    assert health.status_code == 200 and "PRIVATE-REASON" not in health.content.decode()
    api = coordinator.get(f"/api/v1/pairs/{pair.pk}").json()
    assert api["ending_early"] is True and api["early_end_reason"] is None
    assert "PRIVATE-REASON" not in str(coordinator.get("/api/v1/pairs").json())
    assert (
        "PRIVATE-REASON"
        not in coordinator.get(f"/insights/programs/{program.slug}/health/").content.decode()
    )
    # Another pair's member, and the coordinator, cannot end it or read the page: 404.
    stranger = user_of(PairFactory(program=program).leader)
    for client in (client_for(stranger), coordinator):
        assert client.get(f"/pairs/{pair.pk}/end-early/").status_code == 404
        assert (
            client.post(
                f"/api/v1/pairs/{pair.pk}/end-early",
                {"reason": "x", "confirm": True},
                content_type="application/json",
            ).status_code
            == 404
        )
        assert client.delete(f"/api/v1/pairs/{pair.pk}/end-early").status_code == 404


def test_in_the_closing_phase_reflections_are_open_without_ending_early(
    pair: Pair, leader: User, program: Program
) -> None:
    program.phase = Program.Phase.CLOSING
    program.save(update_fields=["phase"])
    room = client_for(leader).get(f"/pairs/{pair.pk}/").content.decode()
    assert "Final reflection →" in room
    assert _answer(client_for(leader), pair).status_code == 302
    assert pair.closure_choices.count() == 1
