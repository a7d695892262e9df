"""What a delivery says about each object: what its registrant may see, and nothing more.

Every registrant manages the program an event belongs to (an org admin, or one of its
coordinators; `services.endpoints_for_event` checks), so each payload is the API's view for a
program's managers with the same field names (`/api/v1/pairs/{id}`, `.../meetings`,
`/api/v1/programs/{id}/surveys/{id}`). Members-only fields stay out: no meeting place, video
link, cancellation reason or agenda, no notes, reflections, growth entries or concerns, and
never anyone's survey answers or response counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from upward.feedback.models import Survey
from upward.matching.models import MatchRun
from upward.mentoring.models import Action, Meeting, Pair
from upward.people.models import Person
from upward.programs.models import Participant


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _person(participant: Participant) -> dict[str, Any]:
    person = participant.person
    return {"name": person.name, "title": person.title, "timezone": person.timezone}


def pair_data(pair: Pair) -> dict[str, Any]:
    return {
        "id": pair.pk,
        "program_id": pair.program_id,
        "program": pair.program.name,
        "status": pair.status,
        "started_on": _iso(pair.started_on),
        "ended_on": _iso(pair.ended_on),
        "ended_by": pair.ended_by,
        "leader": _person(pair.leader),
        "mentor": _person(pair.mentor),
    }


def meeting_data(meeting: Meeting) -> dict[str, Any]:
    # The API's coordinator view of a meeting: times and status, not where or why.
    return {
        "id": meeting.pk,
        "pair_id": meeting.pair_id,
        "program_id": meeting.pair.program_id,
        "starts_at": _iso(meeting.starts_at),
        "ends_at": _iso(meeting.ends_at),
        "duration_minutes": meeting.duration_minutes,
        "status": meeting.status,
        "cancelled_by_role": meeting.cancelled_by_role,
        "held_at": _iso(meeting.held_at),
        "uid": meeting.uid,
        "sequence": meeting.sequence,
    }


def action_data(action: Action) -> dict[str, Any]:
    # What the follow-through board shows; the mentor is named only if they agreed to credit.
    pair = action.pair
    return {
        "id": action.pk,
        "pair_id": action.pair_id,
        "program_id": pair.program_id,
        "title": action.title,
        "description": action.description,
        "topic": action.topic.name if action.topic is not None else None,
        "status": action.status,
        "due_on": _iso(action.due_on),
        "published_at": _iso(action.published_at),
        "leader": pair.leader.person.name,
        "mentor": pair.mentor.person.name if action.credit_mentor else None,
    }


def survey_data(survey: Survey) -> dict[str, Any]:
    # The questions are what everyone was asked; answers never leave through a webhook.
    return {
        "id": survey.pk,
        "program_id": survey.program_id,
        "kind": survey.kind,
        "audience": survey.audience,
        "title": survey.title,
        "status": survey.status,
        "anonymous": survey.anonymous,
        "due_on": _iso(survey.due_on),
        "published_at": _iso(survey.published_at),
        "closed_at": _iso(survey.closed_at),
        "questions": [
            {"id": q.pk, "order": q.order, "text": q.text, "kind": q.kind}
            for q in survey.questions.all()
        ],
    }


def match_run_data(run: MatchRun, *, pair_ids: list[int], published_at: dt.datetime) -> dict:
    return {
        "id": run.pk,
        "program_id": run.program_id,
        "number": run.number,
        "status": MatchRun.Status.PUBLISHED.value,
        "late_joiners": run.late_joiners,
        "published_at": _iso(published_at),
        "pairs": pair_ids,
    }


def person_data(person: Person, *, program_ids: list[int]) -> dict[str, Any]:
    # Only the programs the registrant may see are named (services filters them per endpoint).
    return {
        "id": person.pk,
        "employee_id": person.employee_id,
        "name": person.name,
        "left_on": _iso(person.left_on),
        "program_ids": program_ids,
    }
