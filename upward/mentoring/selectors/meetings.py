"""Reads around one meeting that other apps answer: agenda suggestions and its calendar file.

The prompt library lives in `content` and calendar files in `notifications`, both above
mentoring; they answer the collector events of `upward.mentoring.events`.
"""

from __future__ import annotations

from typing import Any

from upward import events
from upward.mentoring.events import (
    AGENDA_PROMPT,
    AGENDA_SUGGESTIONS,
    AGENDA_TEMPLATE,
    MEETING_CALENDAR_FILE,
    AgendaSuggestions,
)
from upward.mentoring.models import Meeting

# Enough prompts to choose from without turning the meeting page into the library.
PROMPTS_SHOWN = 6


def meeting_stage(*, meeting: Meeting) -> str:
    """'first', 'middle' or 'closing': which prompts and templates fit this conversation."""
    others = meeting.pair.meetings.exclude(status=Meeting.Status.CANCELLED)
    if not others.filter(starts_at__lt=meeting.starts_at).exists():
        return "first"
    if not others.filter(starts_at__gt=meeting.starts_at).exists():
        return "closing"
    return "middle"


def agenda_suggestions(*, meeting: Meeting, stage: str) -> AgendaSuggestions:
    """Prompts (general ones and those on the program's topics) and templates for the stage."""
    topic_ids = list(meeting.pair.program.topics.values_list("pk", flat=True))
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
