"""The program messages that go to a chat channel, and when (see `chat.py` for how).

Subscribed in `subscriptions.py` to other apps' events; the day-before check-in reminder runs on
each scheduler tick.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import formats

from upward import humane
from upward.community.models import CheckIn
from upward.notifications.chat import chat_post_record
from upward.notifications.models import ChatKind, ProgramChatChannel
from upward.notifications.rules import url_for
from upward.notifications.tasks import enqueue_chat


def _when(moment: dt.datetime) -> str:
    # A channel has no single time zone; UTC with the offset spelled out is unambiguous.
    return f"{formats.date_format(moment.astimezone(dt.UTC), 'SHORT_DATETIME_FORMAT')} UTC"


def survey_opened_post(*, survey: Any) -> None:
    """`survey.opened`: tell the channel a survey is waiting (who answered is never said)."""
    due = f", answers due {humane.day(survey.due_on)}" if survey.due_on else ""
    chat_post_record(
        program=survey.program,
        kind=ChatKind.SURVEY_OPENED,
        key=f"chat:survey_opened:s{survey.pk}",
        title=f"New survey: {survey.title}",
        text=f"{survey.program.name} asks for your view{due}. It takes a few minutes.",
        url=url_for("feedback:mine", fallback="/surveys/"),
    )
    enqueue_chat()


def checkin_planned_post(*, checkin: Any) -> None:
    """`checkin.scheduled`: a group check-in was planned."""
    chat_post_record(
        program=checkin.program,
        kind=ChatKind.CHECKIN,
        key=f"chat:checkin_planned:{checkin.uid}",
        title=f"Group check-in: {checkin.title}",
        text=f"{_when(checkin.starts_at)}, {checkin.duration_minutes} minutes. "
        "Say whether you are coming in Upward.",
        url=url_for("community:space", checkin.program.slug, fallback="/community/"),
        expires_at=checkin.starts_at,
    )
    enqueue_chat()


def celebration_post(*, post: Any) -> None:
    """`celebration.posted`: share a celebration the people concerned agreed to.

    Community only names people who agreed (both, for a completed pair; the mentor, for an
    action, only when credited); the channel gets the title and first paragraph, never an
    action's description, because a channel may reach beyond the program.
    """
    first_paragraph = post.body.split("\n\n", 1)[0]
    chat_post_record(
        program=post.program,
        kind=ChatKind.CELEBRATION,
        key=f"chat:celebration:p{post.pk}",
        title=post.title or "A celebration",
        text=first_paragraph,
        url=url_for("community:space", post.program.slug, fallback="/community/"),
    )
    enqueue_chat()


def checkins_soon_sweep(*, now: dt.datetime) -> int:
    """The day before each group check-in, remind its program's channel (once per time)."""
    program_ids = [
        c.program_id
        for c in ProgramChatChannel.objects.filter(enabled=True)
        if ChatKind.CHECKIN in c.kinds
    ]
    recorded = 0
    for checkin in CheckIn.objects.filter(
        program_id__in=program_ids,
        cancelled=False,
        starts_at__gt=now,
        starts_at__lte=now + dt.timedelta(hours=24),
    ).select_related("program"):
        post_row = chat_post_record(
            program=checkin.program,
            kind=ChatKind.CHECKIN,
            key=f"chat:checkin_soon:{checkin.uid}:{checkin.starts_at:%Y%m%d%H%M}",
            title=f"Tomorrow: {checkin.title}",
            text=f"The group check-in is {_when(checkin.starts_at)}. See you there.",
            url=url_for("community:space", checkin.program.slug, fallback="/community/"),
            expires_at=checkin.starts_at,
        )
        recorded += post_row is not None
    if recorded:
        enqueue_chat()
    return recorded
