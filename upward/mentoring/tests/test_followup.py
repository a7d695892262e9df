"""The coordinators' follow-up of a pair: the health board links to a pair's health page, where a
coordinator sends an edited nudge (in the app and by email, quiet hours respected, at most once
an hour, audit-logged) and notes private check-ins. Attackers get 404 everywhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from conftest import client_for
from upward.audit.models import AuditEntry
from upward.mentoring.models import CoordinatorCheckIn, Pair, PairNudge
from upward.mentoring.tests.factories import PairFactory, ProgramFactory, user_of
from upward.notifications.models import (
    Delivery,
    DeliveryPreference,
    Notification,
    ProgramNudgePause,
)
from upward.people.models import User
from upward.people.tests.factories import PersonFactory, UserFactory
from upward.programs.models import Program

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


@pytest.fixture(autouse=True)
def _mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []


@pytest.fixture
def send(django_capture_on_commit_callbacks: Callable) -> Callable[..., Any]:
    """POST a nudge from the pair's health page, running what waits for the commit (sending)."""

    def run(client: Client, pair: Pair, subject: str, body: str) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/pairs/{pair.pk}/nudge/", {"subject": subject, "body": body})

    return run


def _other_coordinator() -> User:
    other = ProgramFactory(slug="other-program", name="Other program")
    user = UserFactory(is_coordinator=True, person=PersonFactory(name="Olga Other"))
    other.coordinators.add(user)
    return user


def test_health_board_names_link_to_the_pair_health_page(
    pair: Pair, program: Program, coordinator_user: User
) -> None:
    board = client_for(coordinator_user).get(f"/insights/programs/{program.slug}/health/")
    assert f'href="/pairs/{pair.pk}/"' in board.content.decode()
    page = client_for(coordinator_user).get(f"/pairs/{pair.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    for fact in ("meetings held", "meetings scheduled", "charter", "last coordinator contact"):
        assert fact in html
    # The templated nudge is there to edit, addressed to both by first name.
    assert pair.leader.person.name.split(" ")[0] in html
    assert "Send to both" in html


def test_an_edited_nudge_reaches_both_members_in_the_app_and_by_email(
    pair: Pair, coordinator_user: User, leader: User, mentor: User, send: Callable
) -> None:
    with time_machine.travel(NOON, tick=False):
        response = send(client_for(coordinator_user), pair, "Shall we meet?", "Edited by me.")
    assert response.status_code == 302
    nudge = PairNudge.objects.get(pair=pair)
    assert (nudge.sent_by, nudge.recipients) == (coordinator_user, 2)
    for member in (leader, mentor):
        [note] = Notification.objects.filter(user=member, kind="coordinator_nudge")
        assert note.title == "Shall we meet?"
        assert "Edited by me." in note.body
        assert note.url == f"/pairs/{pair.pk}/"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([leader.email, mentor.email])
    assert all("Edited by me." in m.body for m in mail.outbox)
    # Who sent it and when is in the history on the health page, and in the audit log.
    page = client_for(coordinator_user).get(f"/pairs/{pair.pk}/").content.decode()
    assert "Nudge sent" in page and "Edited by me." in page and "Carol Coordinator" in page
    entry = AuditEntry.objects.get(action="pair.nudged")
    assert entry.actor_id == coordinator_user.pk and entry.program_id == pair.program_id
    # The members see the nudge they received, never the coordinators' page.
    assert "Follow-up history" not in client_for(leader).get(f"/pairs/{pair.pk}/").content.decode()


def test_the_email_of_a_nudge_waits_for_the_end_of_quiet_hours(
    pair: Pair, coordinator_user: User, leader: User, mentor: User, send: Callable
) -> None:
    DeliveryPreference.objects.create(
        user=leader, quiet_start=dt.time(22, 0), quiet_end=dt.time(7, 0), timezone="UTC"
    )
    late = dt.datetime(2026, 3, 10, 23, 30, tzinfo=dt.UTC)
    with time_machine.travel(late, tick=False):
        send(client_for(coordinator_user), pair, "Hello", "A late thought.")
    # In the app at once for both; by email at once for the mentor only.
    assert Notification.objects.filter(user=leader, kind="coordinator_nudge").exists()
    assert [m.to[0] for m in mail.outbox] == [mentor.email]
    held = Delivery.objects.get(user=leader, kind="coordinator_nudge", channel="email")
    assert held.status == Delivery.Status.PENDING
    assert held.next_attempt_at == dt.datetime(2026, 3, 11, 7, 0, tzinfo=dt.UTC)


def test_a_second_nudge_within_the_hour_is_refused_with_a_clear_message(
    pair: Pair, coordinator_user: User, send: Callable
) -> None:
    client = client_for(coordinator_user)
    with time_machine.travel(NOON, tick=False):
        send(client, pair, "First", "One.")
    with time_machine.travel(NOON + dt.timedelta(minutes=20), tick=False):
        again = send(client, pair, "Second", "Two.")
        api = client.post(
            f"/api/v1/pairs/{pair.pk}/nudges",
            {"subject": "Third", "body": "Three."},
            content_type="application/json",
        )
    assert again.status_code == 400
    assert "nudged 20 minutes ago by you" in again.content.decode()
    assert "wait 41 more minutes" in again.content.decode()
    assert api.status_code == 429 and "nudged 20 minutes ago" in api.json()["detail"]
    assert PairNudge.objects.filter(pair=pair).count() == 1
    with time_machine.travel(NOON + dt.timedelta(minutes=61), tick=False):
        assert send(client, pair, "Later", "Fine now.").status_code == 302
    assert PairNudge.objects.filter(pair=pair).count() == 2


def test_a_nudge_needs_words_and_an_open_pair(
    pair: Pair, coordinator_user: User, send: Callable
) -> None:
    client = client_for(coordinator_user)
    empty = send(client, pair, "Subject", "   ")
    assert empty.status_code == 400 and "This field is required" in empty.content.decode()
    api = client.post(
        f"/api/v1/pairs/{pair.pk}/nudges",
        {"subject": "", "body": "x"},
        content_type="application/json",
    )
    assert api.status_code == 400 and api.json()["errors"][0]["field"] == "subject"
    pair.status = Pair.Status.CLOSED
    pair.save()
    closed = client.post(
        f"/api/v1/pairs/{pair.pk}/nudges",
        {"subject": "a", "body": "b"},
        content_type="application/json",
    )
    assert closed.status_code == 409
    assert not PairNudge.objects.exists()


def test_hostile_text_in_a_nudge_and_a_note_is_shown_as_text(
    pair: Pair, coordinator_user: User, leader: User, send: Callable
) -> None:
    client = client_for(coordinator_user)
    send(client, pair, HOSTILE, HOSTILE)
    client.post(f"/pairs/{pair.pk}/checkins/", {"noted_on": "2026-01-01", "note": HOSTILE})
    CoordinatorCheckIn.objects.update(noted_on=pair.started_on)
    page = client.get(f"/pairs/{pair.pk}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    inbox = client_for(leader).get("/notifications/").content.decode()
    assert "<script>alert" not in inbox and "&lt;script&gt;" in inbox
    # Not escaped twice either: the stored in-app text is the plain text.
    assert Notification.objects.filter(user=leader, title=HOSTILE).exists()


def test_a_check_in_note_is_for_the_programs_coordinators_only(
    pair: Pair, program: Program, coordinator_user: User, leader: User
) -> None:
    colleague = UserFactory(is_coordinator=True, person=PersonFactory(name="Cora Colleague"))
    program.coordinators.add(colleague)
    today = dt.date.today()
    saved = client_for(coordinator_user).post(
        f"/pairs/{pair.pk}/checkins/", {"noted_on": today.isoformat(), "note": "Called Sam."}
    )
    assert saved.status_code == 302
    assert "Called Sam." in client_for(colleague).get(f"/pairs/{pair.pk}/").content.decode()
    assert "Called Sam." not in client_for(leader).get(f"/pairs/{pair.pk}/").content.decode()
    api = client_for(colleague).get(f"/api/v1/pairs/{pair.pk}/follow-up").json()
    assert [c["note"] for c in api["checkins"]] == ["Called Sam."]
    assert api["last_contact_on"] == today.isoformat()
    # The audit log says a note was taken, never what it says (org admins read the log).
    entry = AuditEntry.objects.get(action="pair.checkin_noted")
    assert "Called Sam." not in str(entry.details)
    future = client_for(coordinator_user).post(
        f"/pairs/{pair.pk}/checkins/",
        {"noted_on": (today + dt.timedelta(days=2)).isoformat(), "note": "Soon"},
    )
    assert future.status_code == 400 and "once it has happened" in future.content.decode()


ATTACKERS = ["other_coordinator", "sponsor", "leader", "other_mentor", "admin"]


@pytest.mark.parametrize("who", ATTACKERS)
def test_everyone_but_the_programs_coordinators_gets_404_for_the_follow_up(
    who: str,
    pair: Pair,
    program: Program,
    sponsor_user: User,
    admin_user: User,
    leader: User,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    user = {
        "other_coordinator": _other_coordinator,
        "sponsor": lambda: sponsor_user,
        "leader": lambda: leader,  # a member: the follow-up is about them, not for them
        "other_mentor": lambda: user_of(PairFactory(program=program).mentor),
        "admin": lambda: admin_user,
    }[who]()
    client = client_for(user)
    base = f"/api/v1/pairs/{pair.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            client.post(f"/pairs/{pair.pk}/nudge/", {"subject": "s", "body": "b"}),
            client.post(f"/pairs/{pair.pk}/checkins/", {"noted_on": "2026-01-01", "note": "n"}),
            client.get(f"{base}/follow-up"),
            client.post(
                f"{base}/nudges", {"subject": "s", "body": "b"}, content_type="application/json"
            ),
            client.post(f"{base}/checkins", {"note": "n"}, content_type="application/json"),
        ]
    assert [a.status_code for a in answers] == [404] * 5
    assert not PairNudge.objects.exists() and not CoordinatorCheckIn.objects.exists()
    assert not Notification.objects.exists()


def test_a_nudge_through_the_api_is_the_same_nudge(
    pair: Pair, coordinator_user: User, leader: User, django_capture_on_commit_callbacks: Callable
) -> None:
    client = client_for(coordinator_user)
    draft = client.get(f"/api/v1/pairs/{pair.pk}/follow-up").json()["nudge_template"]
    assert draft["subject"] and "Hi " in draft["body"]
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            f"/api/v1/pairs/{pair.pk}/nudges",
            {"subject": draft["subject"], "body": draft["body"] + " P.S. Edited."},
            content_type="application/json",
        )
    assert sent.status_code == 201 and sent.json()["recipients"] == 2
    assert Notification.objects.filter(user=leader, body__contains="P.S. Edited.").exists()
    history = client.get(f"/api/v1/pairs/{pair.pk}/follow-up").json()["nudges"]
    assert [n["sent_by"] for n in history] == ["Carol Coordinator"]


def test_a_paused_program_refuses_a_nudge_and_records_nothing(
    pair: Pair, program: Program, coordinator_user: User
) -> None:
    ProgramNudgePause.objects.create(program=program, paused_by=coordinator_user)
    answer = client_for(coordinator_user).post(
        f"/api/v1/pairs/{pair.pk}/nudges",
        {"subject": "a", "body": "b"},
        content_type="application/json",
    )
    assert answer.status_code == 409 and "paused" in answer.json()["detail"]
    assert not PairNudge.objects.exists() and not Delivery.objects.exists()
    assert not AuditEntry.objects.filter(action="pair.nudged").exists()
