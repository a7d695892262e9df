"""/api/v1/pairs/{pair_id}/follow-up, /nudges, /checkins: the coordinators' follow-up of a pair.

For the program's coordinators only (404 for everyone else, the pair's members included): the
pair's health, the nudges sent and the private check-in notes, and the templated nudge to edit.
The same services as the pair's health page.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema
from ninja.responses import Status

from upward.access import AuthedRequest, pair_for_coordinator
from upward.api.pairs.base import router
from upward.mentoring import selectors
from upward.mentoring.models import CoordinatorCheckIn, PairNudge
from upward.mentoring.selectors import followup as followup_selectors
from upward.mentoring.services import followup


class NudgeOut(Schema):
    id: int
    subject: str
    body: str
    sent_at: dt.datetime
    sent_by: str
    recipients: int

    @staticmethod
    def of(n: PairNudge) -> NudgeOut:
        return NudgeOut(
            id=n.pk,
            subject=n.subject,
            body=n.body,
            sent_at=n.sent_at,
            sent_by=n.sent_by.get_full_name() if n.sent_by else "",
            recipients=n.recipients,
        )


class CheckInOut(Schema):
    id: int
    noted_on: dt.date
    note: str
    author: str
    created_at: dt.datetime

    @staticmethod
    def of(c: CoordinatorCheckIn) -> CheckInOut:
        return CheckInOut(
            id=c.pk,
            noted_on=c.noted_on,
            note=c.note,
            author=c.author.get_full_name() if c.author else "",
            created_at=c.created_at,
        )


class NudgeDraft(Schema):
    subject: str
    body: str


class FollowUpOut(Schema):
    pair_id: int
    program_id: int
    status: str
    flags: list[str]
    meetings_held: int
    meetings_scheduled: int
    last_meeting_on: dt.date | None
    charter_signed: bool
    last_contact_on: dt.date | None = Field(
        description="The last nudge or check-in by a coordinator."
    )
    nudges: list[NudgeOut]
    checkins: list[CheckInOut]
    nudge_template: NudgeDraft = Field(description="A starting point to edit before sending.")


class NudgeIn(Schema):
    subject: str
    body: str


class CheckInIn(Schema):
    note: str
    noted_on: dt.date | None = Field(None, description="Defaults to today.")


@router.get(
    "/{pair_id}/follow-up",
    response=FollowUpOut,
    summary="Coordinators: a pair's health, nudges sent and check-in notes (never content)",
    operation_id="upward_api_pairs_follow_up",
)
def get_follow_up(request: AuthedRequest, pair_id: int) -> FollowUpOut:
    pair = pair_for_coordinator(user=request.user, pair_id=pair_id)
    health = selectors.pair_health(pair=pair)
    nudges = list(followup_selectors.nudges_of(user=request.user, pair=pair))
    checkins = list(followup_selectors.checkins_of(user=request.user, pair=pair))
    subject, body = followup.nudge_template(pair=pair, health=health)
    return FollowUpOut(
        pair_id=pair.pk,
        program_id=pair.program_id,
        status=health.status,
        flags=list(health.flags),
        meetings_held=health.meetings_held,
        meetings_scheduled=health.meetings_scheduled,
        last_meeting_on=health.last_meeting_on,
        charter_signed=health.charter_signed,
        last_contact_on=followup_selectors.last_contact(nudges=nudges, checkins=checkins),
        nudges=[NudgeOut.of(n) for n in nudges],
        checkins=[CheckInOut.of(c) for c in checkins],
        nudge_template=NudgeDraft(subject=subject, body=body),
    )


@router.post(
    "/{pair_id}/nudges",
    response={201: NudgeOut},
    summary="Coordinators: nudge both members (in the app and by email; 429 within an hour "
    "of the last nudge)",
    operation_id="upward_api_pairs_send_nudge",
)
def send_nudge(request: AuthedRequest, pair_id: int, payload: NudgeIn) -> Status:
    pair = pair_for_coordinator(user=request.user, pair_id=pair_id)
    nudge = followup.pair_nudge_send(
        actor=request.user, pair=pair, subject=payload.subject, body=payload.body
    )
    return Status(201, NudgeOut.of(nudge))


@router.post(
    "/{pair_id}/checkins",
    response={201: CheckInOut},
    summary="Coordinators: note a check-in with the pair (read by the coordinators only)",
    operation_id="upward_api_pairs_note_checkin",
)
def note_checkin(request: AuthedRequest, pair_id: int, payload: CheckInIn) -> Status:
    pair = pair_for_coordinator(user=request.user, pair_id=pair_id)
    checkin = followup.checkin_note_add(
        actor=request.user, pair=pair, note=payload.note, noted_on=payload.noted_on
    )
    return Status(201, CheckInOut.of(checkin))
