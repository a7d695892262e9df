"""The first minutes with Upward: `make run` on another port, the console after the demo seed,
and a readable log. Each test checks what a developer sees (command, console, feed, log)."""

from __future__ import annotations

import datetime as dt
import io
import logging
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from icalendar import Calendar

import upward.settings as configured
from conftest import client_for
from upward.mail import ConsoleSummaryBackend
from upward.mentoring.models import Pair
from upward.mentoring.services import meetings
from upward.notifications.models import Delivery, Notification
from upward.notifications.scheduling import scheduler_tick
from upward.notifications.services import meetings_invitation_send
from upward.people.models import User

ROOT = Path(__file__).resolve().parents[3]
OTHER_PORT = "http://127.0.0.1:8311"
MAKE = shutil.which("make") or "/usr/bin/make"


def test_make_run_on_another_port_gives_every_process_that_site_address() -> None:
    dry_run = subprocess.run(  # noqa: S603 (fixed arguments)
        [MAKE, "-n", "run", "PORT=8311"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for command in ("upward demo", "upward db_worker", "upward scheduler", "upward runserver"):
        line = next(line for line in dry_run.splitlines() if command in line)
        assert f"SITE_URL='{OTHER_PORT}'" in line, line
    assert "runserver 127.0.0.1:8311" in dry_run
    # An address set by the operator (behind a proxy) wins over the derived one.
    proxied = subprocess.run(  # noqa: S603 (fixed arguments)
        [MAKE, "-n", "run", "PORT=8311", "SITE_URL=https://upward.example.com"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "SITE_URL='https://upward.example.com' .venv/bin/upward runserver" in proxied


@pytest.mark.django_db
@override_settings(SITE_URL=OTHER_PORT)
def test_feed_ics_and_invitation_email_link_to_the_site_address(pair: Pair, leader: User) -> None:
    when = (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0)
    meeting = meetings.meeting_schedule(pair=pair, actor=leader, starts_at=when)
    room = f"{OTHER_PORT}/pairs/{pair.pk}/meetings/{meeting.pk}/"

    feed = Client().get(f"/calendar/{leader.calendar_token}.ics").content
    ics = client_for(leader).get(f"/pairs/{pair.pk}/meetings/{meeting.pk}.ics").content
    for body in (feed, ics):
        urls = [str(e["URL"]) for e in Calendar.from_ical(body).walk("VEVENT")]
        assert urls == [room]

    mail.outbox.clear()
    meetings_invitation_send(meetings=[meeting])
    scheduler_tick(send_inline=True)
    invitations = [m for m in mail.outbox if leader.email in m.to]
    assert invitations and all(OTHER_PORT in m.body for m in invitations)
    assert "127.0.0.1:8000" not in "".join(m.body for m in mail.outbox)


@pytest.mark.django_db(transaction=True)
@override_settings(SITE_URL=OTHER_PORT)
def test_demo_leaves_no_backlog_of_reminder_emails_and_ends_with_the_logins() -> None:
    out = io.StringIO()
    mail.outbox.clear()
    call_command("demo", stdout=out)
    printed = out.getvalue().rstrip().splitlines()
    assert printed[-6] == f"Demo ready. Sign in at {OTHER_PORT} with:"
    assert [line.split()[0] for line in printed[-5:]] == [
        "admin@example.com",
        "coordinator@example.com",
        "sponsor@example.com",
        "leader@example.com",
        "mentor@example.com",
    ]
    scheduler_tick(send_inline=True)  # the scheduler's first sweep after `make run`
    # Tasks run at once in tests, so the outbox also holds what the worker sent. Only the demo
    # pair's series invitation (one email each), not dozens of reminders.
    assert sorted(m.to[0] for m in mail.outbox) == ["leader@example.com", "mentor@example.com"]
    # The reminders of the demo's invented past are still in people's notification lists.
    skipped = Delivery.objects.filter(status=Delivery.Status.SKIPPED, channel="email")
    assert skipped.count() > 20
    assert Delivery.objects.filter(channel="in_app", status=Delivery.Status.SENT).count() > 20
    # The demo's anonymous check-in is not announced as "Not anonymous".
    notes = Notification.objects.filter(user__email="mentor@example.com", kind="survey_due")
    assert notes and all("Not anonymous" not in n.body for n in notes)


@pytest.mark.django_db
def test_console_email_is_one_line_with_its_link(pair: Pair, leader: User) -> None:
    when = (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0)
    meeting = meetings.meeting_schedule(pair=pair, actor=leader, starts_at=when)
    mail.outbox.clear()
    meetings_invitation_send(meetings=[meeting])
    scheduler_tick(send_inline=True)
    email = next(m for m in mail.outbox if leader.email in m.to)
    stream = io.StringIO()
    ConsoleSummaryBackend(stream=stream).send_messages([email])
    (line,) = stream.getvalue().splitlines()
    assert line.startswith(f"[email] to {leader.email}: '{email.subject}' -> http://")
    assert f"/pairs/{pair.pk}/" in line and line.endswith("(+ invite.ics)")


def test_console_is_the_default_development_mail_backend() -> None:
    # pytest-django swaps in locmem for the tests; the configured one is in the settings module.
    if not configured.EMAIL_HOST:
        assert configured.EMAIL_BACKEND == "upward.mail.ConsoleSummaryBackend"


@pytest.mark.django_db
def test_a_forbidden_page_is_one_log_line_and_a_server_error_keeps_its_traceback(
    plain_user: User, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(plain_user)
    client.raise_request_exception = False
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/programs/new/").status_code == 403
        assert client.get("/programs/no-such-program/").status_code == 404
    refused = [r for r in caplog.records if r.name == "django.request"]
    assert [r.getMessage() for r in refused] == [
        "403 GET Forbidden (Permission denied): /programs/new/",
        "Not Found: /programs/no-such-program/",
    ]
    assert all(r.exc_info is None for r in refused)
    assert "Traceback" not in caplog.text

    caplog.clear()

    def broken(**_: object) -> None:
        raise RuntimeError("a real bug")

    monkeypatch.setattr("upward.programs.views.programs.programs_visible_to", broken)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        assert client.get("/programs/").status_code == 500
    (error,) = [r for r in caplog.records if r.name == "django.request"]
    assert error.exc_info is not None and "a real bug" in caplog.text
