"""Meeting changes reach both calendars as invitations; recording the past e-mails nobody."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from upward.mentoring.models import Meeting, Pair
from upward.mentoring.services import meetings
from upward.notifications.models import Delivery
from upward.people.models import User

pytestmark = pytest.mark.django_db


def _invitation_keys() -> list[str]:
    return sorted(
        Delivery.objects.filter(kind="meeting_invitation", channel="email").values_list(
            "key", flat=True
        )
    )


def test_scheduling_moving_and_cancelling_send_one_invitation_each(
    pair: Pair, leader: User
) -> None:
    starts = timezone.now() + dt.timedelta(days=10)
    meeting = meetings.meeting_schedule(pair=pair, actor=leader, starts_at=starts)
    assert len(_invitation_keys()) == 2  # leader and mentor
    meetings.meeting_reschedule(
        meeting=meeting, actor=leader, starts_at=starts + dt.timedelta(hours=2)
    )
    assert len(_invitation_keys()) == 4
    meetings.meeting_cancel(meeting=meeting, actor=leader, reason="Travelling that week")
    keys = _invitation_keys()
    assert len(keys) == 6
    assert sum(":CANCEL:" in key for key in keys) == 2


def test_cancelling_a_meeting_that_already_started_emails_nobody(pair: Pair, leader: User) -> None:
    meeting = Meeting.objects.create(pair=pair, starts_at=timezone.now() - dt.timedelta(days=2))
    meetings.meeting_cancel(meeting=meeting, actor=leader, reason="We forgot to record it")
    assert _invitation_keys() == []
