"""Surveys (check-ins and custom ones): once when one opens, a week before it is due, and
once when it is late."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from upward.feedback.disclosure import threshold
from upward.feedback.models import SurveyAssignment
from upward.feedback.selectors.assignments import (
    survey_assignments_due,
    survey_assignments_overdue,
)
from upward.notifications.rules import Reminder, register_rule, start_of_day, url_for

OPENS_BEFORE_DUE = dt.timedelta(days=7)
# A survey three weeks late is a matter for the coordinator, not another email.
OVERDUE_FOR = dt.timedelta(days=21)


def _context(assignment: SurveyAssignment) -> dict[str, Any]:
    survey = assignment.survey
    return {
        "survey_title": survey.title,
        "survey_title_builtin": not survey.is_custom,
        # Always a bool: the templates say "anonymous" or "named" only when told which.
        "anonymous": bool(survey.anonymous),
        "group_size": threshold(survey.program),
        "program_name": survey.program.name,
        "due_on": assignment.due_on.isoformat(),
        "url": url_for("feedback:answer", assignment.pk, fallback="/surveys/"),
    }


@register_rule("survey_due")
def survey_due(now: dt.datetime) -> Iterator[Reminder]:
    for a in survey_assignments_due(on=now.date()):
        user_id = a.participant.user_id
        if not user_id:
            continue
        yield Reminder(
            user_id=user_id,
            key=f"survey_due:a{a.pk}:d{a.due_on:%Y%m%d}:u{user_id}",
            template="survey_due",
            context=_context(a),
            due_at=start_of_day(a.due_on - OPENS_BEFORE_DUE),
            expires_at=start_of_day(a.due_on + dt.timedelta(days=1)),
            program_id=a.survey.program_id,
        )


@register_rule("survey_overdue")
def survey_overdue(now: dt.datetime) -> Iterator[Reminder]:
    today = now.date()
    for a in survey_assignments_overdue(on=today).filter(due_on__gt=today - OVERDUE_FOR):
        user_id = a.participant.user_id
        if not user_id:
            continue
        yield Reminder(
            user_id=user_id,
            key=f"survey_overdue:a{a.pk}:d{a.due_on:%Y%m%d}:u{user_id}",
            template="survey_overdue",
            context=_context(a),
            due_at=start_of_day(a.due_on + dt.timedelta(days=1)),
            expires_at=start_of_day(a.due_on + OVERDUE_FOR),
            program_id=a.survey.program_id,
        )
