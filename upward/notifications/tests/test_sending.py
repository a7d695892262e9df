"""Sending: exactly-once claims, retries with backoff, giving up visibly, interrupted sends,
a real SMTP server, and calendar invitations that clients can update."""

from __future__ import annotations

import datetime as dt
import smtplib
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.http import Http404
from django.utils import timezone
from icalendar import Calendar

from upward.mentoring.models import Meeting
from upward.notifications import sending
from upward.notifications.models import (
    Channel,
    Delivery,
    DeliveryPreference,
    Notification,
    ProgramNudgePause,
)
from upward.notifications.rules import RULES
from upward.notifications.selectors import problem_deliveries_visible_to
from upward.notifications.sending import deliveries_mark_interrupted, deliveries_send_due
from upward.notifications.services import (
    delivery_retry,
    meeting_invitation_send,
    meetings_invitation_send,
)
from upward.notifications.sweep import reminders_sweep
from upward.notifications.tests.factories import make_pair, make_user
from upward.people.models import User

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _locmem(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []


def pending(
    user: User, *, key: str = "test:1", channel: str = Channel.EMAIL, **extra: Any
) -> Delivery:
    return Delivery.objects.create(
        key=f"{key}:{channel}",
        kind="charter_unsigned",
        channel=channel,
        user=user,
        template="charter_unsigned",
        context={"partner_name": "Kofi", "partner_signed": False, "url": "/pairs/1/"},
        next_attempt_at=NOW - dt.timedelta(minutes=1),
        **extra,
    )


class FailingBackend:
    """An email backend whose server is down: every send raises like smtplib would."""

    calls = 0

    def __init__(self, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: list[Any]) -> int:
        FailingBackend.calls += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    def close(self) -> None:
        pass


def test_a_sent_delivery_is_not_sent_again() -> None:
    row = pending(make_user())
    with time_machine.travel(NOW, tick=False):
        assert deliveries_send_due().sent == 1
        assert deliveries_send_due().sent == 0
    row.refresh_from_db()
    assert row.status == Delivery.Status.SENT and row.attempts == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["X-Upward-Delivery"] == row.key


def test_two_sweeps_record_a_reminder_once() -> None:
    s = make_pair(started_on=NOW.date() - dt.timedelta(days=8))
    with time_machine.travel(NOW, tick=False):
        first = reminders_sweep()
        second = reminders_sweep()
    assert first.created == 4  # leader and mentor, email and in-app
    assert second.created == 0
    assert Delivery.objects.filter(user=s.leader).count() == 2


def test_in_app_notifications_are_written_in_the_claiming_transaction() -> None:
    user = make_user()
    row = pending(user, channel=Channel.IN_APP)
    with time_machine.travel(NOW, tick=False):
        deliveries_send_due()
        deliveries_send_due()
    row.refresh_from_db()
    assert row.status == Delivery.Status.SENT
    [note] = Notification.objects.filter(user=user)
    assert "Kofi" in note.title and note.url == "/pairs/1/"
    assert mail.outbox == []


def test_smtp_failures_are_retried_with_growing_pauses_then_given_up(settings: Any) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    coordinator = make_user(is_coordinator=True)
    s = make_pair()
    s.program.coordinators.add(coordinator)
    row = pending(s.mentor, program=s.program)
    moment = NOW
    waits = []
    for _ in range(sending.MAX_ATTEMPTS):
        with time_machine.travel(moment, tick=False):
            deliveries_send_due()
        row.refresh_from_db()
        if row.status == Delivery.Status.FAILED:
            break
        assert row.status == Delivery.Status.PENDING
        waits.append(row.next_attempt_at - moment)
        with time_machine.travel(moment + dt.timedelta(seconds=1), tick=False):
            assert deliveries_send_due().sent == 0  # not before the backoff has passed
        moment = row.next_attempt_at
    assert waits == [sending.retry_delay(n) for n in range(1, sending.MAX_ATTEMPTS)]
    assert waits == sorted(waits) and waits[0] < waits[-1]
    assert row.status == Delivery.Status.FAILED
    assert row.attempts == sending.MAX_ATTEMPTS
    assert "SMTPServerDisconnected" in row.last_error
    assert list(problem_deliveries_visible_to(user=coordinator)) == [row]


def test_a_send_interrupted_by_a_dead_worker_is_flagged_not_repeated() -> None:
    row = pending(make_user())
    Delivery.objects.filter(pk=row.pk).update(
        status=Delivery.Status.SENDING, claimed_at=NOW - dt.timedelta(hours=1), claimed_by="dead"
    )
    with time_machine.travel(NOW, tick=False):
        assert deliveries_mark_interrupted() == 1
        assert deliveries_send_due().sent == 0
    row.refresh_from_db()
    assert row.status == Delivery.Status.UNCERTAIN
    assert mail.outbox == []


def test_a_send_still_in_its_lease_is_left_alone() -> None:
    row = pending(make_user())
    Delivery.objects.filter(pk=row.pk).update(status=Delivery.Status.SENDING, claimed_at=NOW)
    with time_machine.travel(NOW + dt.timedelta(seconds=59), tick=False):
        assert deliveries_mark_interrupted() == 0
    # Issue 12: with the scheduler's 60 s tick, a dead worker's send is flagged within 2 min.
    with time_machine.travel(NOW + dt.timedelta(seconds=61), tick=False):
        assert deliveries_mark_interrupted() == 1


def test_a_coordinator_can_retry_a_failed_delivery(django_capture_on_commit_callbacks: Any) -> None:
    coordinator = make_user(is_coordinator=True)
    s = make_pair()
    s.program.coordinators.add(coordinator)
    row = pending(s.leader, program=s.program, status=Delivery.Status.FAILED, attempts=5)
    with django_capture_on_commit_callbacks(execute=True):
        delivery_retry(actor=coordinator, delivery=row)
    row.refresh_from_db()
    assert row.status == Delivery.Status.SENT
    assert len(mail.outbox) == 1


def test_someone_else_cannot_retry() -> None:
    s = make_pair()
    row = pending(s.leader, program=s.program, status=Delivery.Status.FAILED)
    with pytest.raises(Http404):
        delivery_retry(actor=make_user(is_coordinator=True), delivery=row)


def test_expired_reminders_are_skipped_not_sent() -> None:
    row = pending(make_user(), expires_at=NOW - dt.timedelta(seconds=1))
    with time_machine.travel(NOW, tick=False):
        result = deliveries_send_due()
    row.refresh_from_db()
    assert result.skipped == 1 and row.status == Delivery.Status.SKIPPED
    assert mail.outbox == []


# A real SMTP server ------------------------------------------------------------------------


class Inbox:
    def __init__(self, reject: bool = False) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.reject = reject

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.reject:
            return "554 5.7.1 Rejected for the test"
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Callable[..., Inbox]]:
    controllers: list[Controller] = []

    def start(*, reject: bool = False) -> Inbox:
        inbox = Inbox(reject=reject)
        port = free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5
        return inbox

    yield start
    for controller in controllers:
        controller.stop()


def test_messages_reach_a_real_smtp_server(smtp_server: Callable[..., Inbox]) -> None:
    inbox = smtp_server()
    users = [make_user() for _ in range(3)]
    for n, user in enumerate(users):
        pending(user, key=f"real:{n}")
    with time_machine.travel(NOW, tick=False):
        assert deliveries_send_due().sent == 3
    assert sorted(rcpt[0] for _, rcpt, _ in inbox.messages) == sorted(u.email for u in users)
    body = inbox.messages[0][2].decode()
    assert "multipart/alternative" in body and "text/html" in body
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 3


def test_a_refusing_smtp_server_means_a_retry_later(smtp_server: Callable[..., Inbox]) -> None:
    smtp_server(reject=True)
    row = pending(make_user())
    with time_machine.travel(NOW, tick=False):
        result = deliveries_send_due()
    row.refresh_from_db()
    assert result.retrying == 1
    assert row.status == Delivery.Status.PENDING and row.next_attempt_at > NOW
    assert "554" in row.last_error


# Meeting invitations -----------------------------------------------------------------------


def calendar_of(message: Any) -> Any:
    [part] = [a for a in message.attachments if getattr(a, "get_content_type", None)]
    assert part.get_content_type() == "text/calendar"
    return Calendar.from_ical(part.get_payload(decode=True))


def invite(meeting: Meeting, method: str, capture: Any) -> None:
    with capture(execute=True):
        meeting_invitation_send(meeting=meeting, method=method)


def test_invitations_and_updates_carry_a_stable_uid_and_a_growing_sequence(
    django_capture_on_commit_callbacks: Any,
) -> None:
    s = make_pair()
    meeting = Meeting.objects.create(pair=s.pair, starts_at=NOW + dt.timedelta(days=3))
    invite(meeting, "REQUEST", django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([s.leader.email, s.mentor.email])
    first = calendar_of(mail.outbox[0])
    assert str(first["METHOD"]) == "REQUEST"
    [event] = first.walk("VEVENT")
    assert str(event["UID"]) == meeting.uid and int(event["SEQUENCE"]) == 0
    attendees = sorted(str(a) for a in event["ATTENDEE"])
    assert attendees == sorted([f"mailto:{s.leader.email}", f"mailto:{s.mentor.email}"])
    assert str(event["ORGANIZER"]).startswith("mailto:")

    meeting.starts_at += dt.timedelta(days=1)
    meeting.sequence += 1
    meeting.save()
    invite(meeting, "REQUEST", django_capture_on_commit_callbacks)
    [updated] = calendar_of(mail.outbox[-1]).walk("VEVENT")
    assert str(updated["UID"]) == meeting.uid and int(updated["SEQUENCE"]) == 1
    assert updated.decoded("DTSTART") == meeting.starts_at
    assert mail.outbox[-1].subject.startswith("Updated:")

    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.save()
    invite(meeting, "CANCEL", django_capture_on_commit_callbacks)
    cancel = calendar_of(mail.outbox[-1])
    [cancelled] = cancel.walk("VEVENT")
    assert str(cancel["METHOD"]) == "CANCEL"
    assert str(cancelled["STATUS"]) == "CANCELLED" and int(cancelled["SEQUENCE"]) == 2
    assert len(mail.outbox) == 6
    assert Notification.objects.filter(user=s.leader, kind="meeting_invitation").count() == 3


def test_the_same_invitation_version_is_sent_once(django_capture_on_commit_callbacks: Any) -> None:
    s = make_pair()
    meeting = Meeting.objects.create(pair=s.pair, starts_at=NOW + dt.timedelta(days=3))
    invite(meeting, "REQUEST", django_capture_on_commit_callbacks)
    invite(meeting, "REQUEST", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_invitations_ignore_quiet_hours_and_pauses(django_capture_on_commit_callbacks: Any) -> None:
    s = make_pair()
    ProgramNudgePause.objects.create(program=s.program)
    DeliveryPreference.objects.create(
        user=s.leader, quiet_start=dt.time(0), quiet_end=dt.time(23, 59)
    )
    meeting = Meeting.objects.create(pair=s.pair, starts_at=timezone.now() + dt.timedelta(days=3))
    invite(meeting, "REQUEST", django_capture_on_commit_callbacks)
    assert s.leader.email in [m.to[0] for m in mail.outbox]


def test_invitation_method_is_validated() -> None:
    s = make_pair()
    meeting = Meeting.objects.create(pair=s.pair, starts_at=NOW)
    with pytest.raises(ValueError, match="REQUEST or CANCEL"):
        meeting_invitation_send(meeting=meeting, method="PUBLISH")


def test_a_new_series_arrives_as_one_calendar_file(django_capture_on_commit_callbacks: Any) -> None:
    s = make_pair()
    meetings = [
        Meeting.objects.create(pair=s.pair, starts_at=NOW + dt.timedelta(days=30 * n + 2))
        for n in range(6)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        meetings_invitation_send(meetings=meetings)
    assert len(mail.outbox) == 2
    events = calendar_of(mail.outbox[0]).walk("VEVENT")
    assert sorted(str(e["UID"]) for e in events) == sorted(m.uid for m in meetings)
    assert "6 meetings" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        meetings_invitation_send(meetings=meetings)
    assert len(mail.outbox) == 2


def test_a_broken_rule_does_not_silence_the_others(caplog: Any) -> None:
    def broken(now: dt.datetime) -> list[Any]:
        raise RuntimeError("a bug in another app")

    s = make_pair(started_on=NOW.date() - dt.timedelta(days=8))
    rules = {"broken": broken, "charter_unsigned": RULES["charter_unsigned"]}
    with time_machine.travel(NOW, tick=False):
        result = reminders_sweep(rules=rules)
    assert result.failed_rules == ["broken"]
    assert Delivery.objects.filter(user=s.leader, kind="charter_unsigned").count() == 2
    assert "a bug in another app" in caplog.text


def test_the_scheduler_command_runs_one_tick(capsys: Any) -> None:
    make_pair(started_on=NOW.date() - dt.timedelta(days=8))
    with time_machine.travel(NOW, tick=False):
        call_command("scheduler", "--once", "--send")
    out = capsys.readouterr().out
    assert "recorded 4 deliveries" in out and "'sent': 4" in out
    assert len(mail.outbox) == 2
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        call_command("scheduler", "--once", "--send")
    assert "Nothing due." in capsys.readouterr().out
    assert len(mail.outbox) == 2
