"""Workers racing on PostgreSQL: real concurrent connections (threads), each message sent once.

Run with DATABASE_URL=postgres://... (skipped on SQLite, where IMMEDIATE transactions serialise
claims; the crash test races two processes on SQLite too)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from upward.notifications.models import Channel, Delivery, Notification
from upward.notifications.sending import SendResult, deliveries_send_due
from upward.notifications.sweep import reminders_sweep
from upward.notifications.tests.factories import make_pair, make_user

WORKERS = 4
MESSAGES = 80


class RecordingBackend:
    """A mail server that takes a little time per message, so workers truly overlap."""

    lock = threading.Lock()
    keys: list[str] = []

    def __init__(self, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: list[Any]) -> int:
        time.sleep(0.003)
        with RecordingBackend.lock:
            RecordingBackend.keys.extend(m.extra_headers["X-Upward-Delivery"] for m in messages)
        return len(messages)

    def close(self) -> None:
        pass


def race(work: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(WORKERS)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(work())
        except BaseException as exc:  # surfaced below: a thread's failure must fail the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


@pytest.fixture
def postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_workers_on_postgres_send_each_message_once(postgres: None, settings: Any) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.RecordingBackend"
    RecordingBackend.keys = []
    past = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    rows = []
    for n in range(MESSAGES):
        user = make_user()
        for channel in (Channel.EMAIL, Channel.IN_APP):
            rows.append(
                Delivery(
                    key=f"race:{n}:{channel}",
                    kind="charter_unsigned",
                    channel=channel,
                    user=user,
                    template="charter_unsigned",
                    context={"partner_name": "Ama", "partner_signed": False, "url": "/"},
                    next_attempt_at=past,
                )
            )
    Delivery.objects.bulk_create(rows)

    results: list[SendResult] = race(deliveries_send_due)

    sent_keys = Counter(RecordingBackend.keys)
    assert len(sent_keys) == MESSAGES and max(sent_keys.values()) == 1
    assert Notification.objects.count() == MESSAGES
    assert sum(r.sent for r in results) == 2 * MESSAGES
    # Every worker did part of the work: the race was real, not one worker doing it all.
    assert all(r.sent > 0 for r in results), [r.sent for r in results]
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_sweeps_on_postgres_record_each_reminder_once(postgres: None) -> None:
    for _ in range(10):
        make_pair(started_on=dt.date.today() - dt.timedelta(days=8))
    results = race(reminders_sweep)
    assert Delivery.objects.count() == 10 * 2 * 2  # pairs x people x channels
    assert sum(r.candidates for r in results) == WORKERS * 20
