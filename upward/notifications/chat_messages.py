"""The program messages that go to a chat channel, and when (see `chat.py` for how).

Subscribed in `subscriptions.py` to other apps' events; the day-before check-in reminder runs on
each scheduler tick.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from upward import humane
from upward.community.models import CheckIn
from upward.notifications.chat import chat_post_record
from upward.notifications.models import ChatKind, ProgramChatChannel
from upward.notifications.rules import url_for
from upward.notifications.tasks import enqueue_chat


def channel_language() -> translation.override:
    """A channel is read by many people: its messages use the organisation's language."""
    return translation.override(settings.LANGUAGE_CODE)


def _when(moment: dt.datetime) -> str:
    # A channel has no single time zone; UTC with the offset spelled out is unambiguous.
    return f"{formats.date_format(moment.astimezone(dt.UTC), 'SHORT_DATETIME_FORMAT')} UTC"


def survey_opened_post(*, survey: Any) -> None:
    """`survey.opened`: tell the channel a survey is waiting (who answered is never said)."""
    with channel_language():
        names = {"program": survey.program.name}
        if survey.due_on:
            text = _(
                "%(program)s asks for your view, answers due %(day)s. It takes a few minutes."
            ) % {**names, "day": humane.day(survey.due_on)}
        else:
            text = _("%(program)s asks for your view. It takes a few minutes.") % names
        chat_post_record(
            program=survey.program,
            kind=ChatKind.SURVEY_OPENED,
            key=f"chat:survey_opened:s{survey.pk}",
            title=_("New survey: %(title)s") % {"title": survey.shown_title},
            text=text,
            url=url_for("feedback:mine", fallback="/surveys/"),
        )
    enqueue_chat()


def checkin_planned_post(*, checkin: Any) -> None:
    """`checkin.scheduled`: a group check-in was planned."""
    with channel_language():
        minutes = checkin.duration_minutes
        chat_post_record(
            program=checkin.program,
            kind=ChatKind.CHECKIN,
            key=f"chat:checkin_planned:{checkin.uid}",
            title=_("Group check-in: %(title)s") % {"title": checkin.title},
            text=ngettext(
                "%(when)s, %(minutes)d minute. Say whether you are coming in Upward.",
                "%(when)s, %(minutes)d minutes. Say whether you are coming in Upward.",
                minutes,
            )
            % {"when": _when(checkin.starts_at), "minutes": minutes},
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
    with channel_language():
        chat_post_record(
            program=post.program,
            kind=ChatKind.CELEBRATION,
            key=f"chat:celebration:p{post.pk}",
            title=post.title or _("A celebration"),
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
        with channel_language():
            post_row = chat_post_record(
                program=checkin.program,
                kind=ChatKind.CHECKIN,
                key=f"chat:checkin_soon:{checkin.uid}:{checkin.starts_at:%Y%m%d%H%M}",
                title=_("Tomorrow: %(title)s") % {"title": checkin.title},
                text=_("The group check-in is %(when)s. See you there.")
                % {"when": _when(checkin.starts_at)},
                url=url_for("community:space", checkin.program.slug, fallback="/community/"),
                expires_at=checkin.starts_at,
            )
        recorded += post_row is not None
    if recorded:
        enqueue_chat()
    return recorded
