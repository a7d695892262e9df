from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.core import mail

from upward.notifications.scheduling import Tick, scheduler_tick

# The loopback receiver of the webhook tests also stands in for Slack and Teams here.
from upward.webhooks.tests.conftest import allow_private, receiver  # noqa: F401


@pytest.fixture
def tick(settings: Any) -> Iterator[Callable[[dt.datetime], Tick]]:
    """Run one scheduler tick at a frozen moment, sending inline into mail.outbox."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []

    def run(moment: dt.datetime) -> Tick:
        with time_machine.travel(moment, tick=False):
            return scheduler_tick(send_inline=True)

    yield run
