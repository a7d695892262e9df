"""Meetings and their agendas, and what other apps answer about a meeting.

Meeting times and statuses are health (coordinators see them); agendas are content (members
only). Prompt suggestions come from `content` and calendar files from `notifications`, both
above mentoring: they answer the collector events of `upward.mentoring.events`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from upward import events
from upward.access import AnyUser, is_program_coordinator, member_role
from upward.mentoring.events import (
    AGENDA_PROMPT,
    AGENDA_SUGGESTIONS,
    AGENDA_TEMPLATE,
    MEETING_CALENDAR_FILE,
    AgendaSuggestions,
)
from upward.mentoring.models import AgendaItem, Meeting, Pair
from upward.programs.models import Program
from upward.queryshapes import QueryShape

# Enough prompts to choose from without turning the meeting page into the library.
PROMPTS_SHOWN = 6


# The meeting page's reads, composed once per connection (upward/queryshapes.py).
_PLANNED_STARTS = QueryShape(
    lambda pk: (
        Meeting.objects.filter(pair_id=pk)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by()
        .values_list("starts_at", flat=True)
    )
)
_PROGRAM_TOPIC_IDS = QueryShape(
    lambda program_id: (
        Program.topics.through.objects.filter(program_id=program_id)
        .order_by()
        .values_list("topic_id", flat=True)
    )
)


def meeting_stage(*, meeting: Meeting) -> str:
    """'first', 'middle' or 'closing': which prompts and templates fit this conversation.

    First: no meeting of the pair (not cancelled) starts before it; closing: none after it."""
    starts = _PLANNED_STARTS(meeting.pair_id)
    if not any(start < meeting.starts_at for start in starts):
        return "first"
    if not any(start > meeting.starts_at for start in starts):
        return "closing"
    return "middle"


def agenda_suggestions(*, meeting: Meeting, stage: str) -> AgendaSuggestions:
    """Prompts (general ones and those on the program's topics) and templates for the stage."""
    topic_ids = sorted(_PROGRAM_TOPIC_IDS(meeting.pair.program_id))
    answers: list[AgendaSuggestions] = events.publish(
        AGENDA_SUGGESTIONS, stage=stage, topic_ids=topic_ids, limit=PROMPTS_SHOWN
    )
    return AgendaSuggestions(
        prompts=[p for answer in answers for p in answer.prompts][:PROMPTS_SHOWN],
        templates=[t for answer in answers for t in answer.templates],
    )


def agenda_prompt(*, prompt_id: str | int) -> Any | None:
    """A library prompt (`pk`, `text`) by id, or None when there is no such prompt."""
    return next(iter(events.publish(AGENDA_PROMPT, prompt_id=prompt_id)), None)


def agenda_template_items(*, slug: str) -> list[str] | None:
    """The items of an agenda template, or None when there is no such template."""
    return next(iter(events.publish(AGENDA_TEMPLATE, slug=slug)), None)


def meeting_calendar_file(*, meeting: Meeting) -> bytes | None:
    """The meeting as an iCalendar file (None if no app renders calendars)."""
    return next(iter(events.publish(MEETING_CALENDAR_FILE, meeting=meeting)), None)


def _sees_meetings(user: AnyUser, pair: Pair) -> bool:
    """The pair's members, and its program's coordinators (times and statuses are health)."""
    return member_role(user=user, pair=pair) is not None or is_program_coordinator(
        user=user, program=pair.program
    )


def meetings_of(*, user: AnyUser, pair: Pair) -> QuerySet[Meeting]:
    """Meeting times and statuses are health, so coordinators see them too (never the agenda)."""
    if not _sees_meetings(user, pair):
        return Meeting.objects.none()
    return pair.meetings.all()


# The meetings page lists them all: composed once per connection (upward/queryshapes.py).
_ALL_OF_PAIR = QueryShape(lambda pk: Meeting.objects.filter(pair_id=pk).order_by("starts_at", "pk"))


def meetings_list(*, user: AnyUser, pair: Pair) -> list[Meeting]:
    """`meetings_of` as a list, oldest first, for a page that shows them all."""
    if not _sees_meetings(user, pair):
        return []
    return _ALL_OF_PAIR(pair.pk)


def meeting_for_member(*, user: AnyUser, pair: Pair, meeting_id: int) -> Meeting:
    if member_role(user=user, pair=pair) is None:
        raise Http404("No such meeting.")
    meeting = pair.meetings.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def agenda_of(*, user: AnyUser, meeting: Meeting) -> QuerySet[AgendaItem]:
    if member_role(user=user, pair=meeting.pair) is None:
        return AgendaItem.objects.none()
    return meeting.agenda_items.select_related("author", "prompt")
