"""Request and response schemas for /api/v1/pairs, with the helpers that build them."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.conf import settings
from django.urls import reverse
from ninja import Field, Schema

from upward.access import LEADER, MENTOR
from upward.mentoring import selectors
from upward.mentoring.models import (
    Action,
    Charter,
    Concern,
    Meeting,
    Note,
    Pair,
)
from upward.mentoring.selectors import PairHealth
from upward.programs.models import Participant

# --- schemas ------------------------------------------------------------------------------


class PersonRef(Schema):
    name: str
    title: str
    timezone: str


class HealthOut(Schema):
    charter_signed: bool
    meetings_held: int
    meetings_scheduled: int
    meetings_cancelled: int
    leader_cancellations: int
    last_meeting_on: dt.date | None
    next_meeting_at: dt.datetime | None
    days_since_last_meeting: int | None
    actions_open: int
    actions_done: int
    actions_published: int
    actions_overdue: int
    flags: list[str]
    status: str
    reasons: list[str]


class PairOut(Schema):
    id: int
    program_id: int
    program: str
    status: str
    started_on: dt.date
    ended_on: dt.date | None
    ended_by: str
    your_role: str
    leader: PersonRef
    mentor: PersonRef
    health: HealthOut
    final_reflections_open: bool = Field(
        False, description="In the program's closing phase, or after one chose to end early."
    )
    ending_early: bool = Field(False, description="One of the two chose to end early.")
    early_end_by: str = Field("", description="Which side chose to end early.")
    early_end_reason: str | None = Field(
        None, description="Their words to their partner: only for the pair's members."
    )
    you_asked_for_a_new_partner: bool | None = Field(
        None, description="Your own wish after the pair ended early (only yours, members only)."
    )


def _person(p: Participant) -> PersonRef:
    person = p.person
    return PersonRef(name=person.name, title=person.title, timezone=person.timezone)


def _pair_out(pair: Pair, role: str, health: PairHealth | None = None) -> PairOut:
    h = health or selectors.pair_health(pair=pair)
    member = role in (LEADER, MENTOR)
    return PairOut(
        id=pair.pk,
        program_id=pair.program_id,
        program=pair.program.name,
        status=pair.status,
        started_on=pair.started_on,
        ended_on=pair.ended_on,
        ended_by=pair.ended_by,
        your_role=role,
        leader=_person(pair.leader),
        mentor=_person(pair.mentor),
        health=HealthOut(
            charter_signed=h.charter_signed,
            meetings_held=h.meetings_held,
            meetings_scheduled=h.meetings_scheduled,
            meetings_cancelled=h.meetings_cancelled,
            leader_cancellations=h.leader_cancellations,
            last_meeting_on=h.last_meeting_on,
            next_meeting_at=h.next_meeting_at,
            days_since_last_meeting=h.days_since_last_meeting,
            actions_open=h.actions_open,
            actions_done=h.actions_done,
            actions_published=h.actions_published,
            actions_overdue=h.actions_overdue,
            flags=h.flags,
            status=h.status,
            reasons=h.reasons,
        ),
        final_reflections_open=selectors.closing_open_for(pair=pair),
        ending_early=pair.ending_early,
        early_end_by=pair.early_end_by if pair.ending_early else "",
        early_end_reason=pair.early_end_reason if member and pair.ending_early else None,
        you_asked_for_a_new_partner=pair.wants_new_partner(role) if member else None,
    )


class MeetingOut(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    duration_minutes: int
    status: str
    cancelled_by_role: str
    cancel_reason: str | None = Field(None, description="Only for the pair's members.")
    held_at: dt.datetime | None
    location: str | None = Field(None, description="Only for the pair's members.")
    video_url: str | None = Field(None, description="Online-meeting link; only for members.")
    uid: str
    sequence: int
    ics_url: str | None = None


def _meeting_out(m: Meeting, *, member: bool) -> MeetingOut:
    return MeetingOut(
        id=m.pk,
        starts_at=m.starts_at,
        ends_at=m.ends_at,
        duration_minutes=m.duration_minutes,
        status=m.status,
        cancelled_by_role=m.cancelled_by_role,
        cancel_reason=m.cancel_reason if member else None,
        held_at=m.held_at,
        location=m.location if member else None,
        video_url=m.video_url if member else None,
        uid=m.uid,
        sequence=m.sequence,
        ics_url=(
            f"{settings.SITE_URL}{reverse('mentoring:meeting_ics', args=[m.pair_id, m.pk])}"
            if member
            else None
        ),
    )


class MeetingIn(Schema):
    starts_at: dt.datetime = Field(..., description="ISO 8601 with an offset, e.g. ...T10:00+01:00")
    duration_minutes: int | None = Field(None, ge=1, le=600)
    location: str = ""
    video_url: str = Field("", description="https link of the online meeting (Teams, Zoom...).")


class MeetingPatch(Schema):
    starts_at: dt.datetime
    duration_minutes: int | None = Field(None, ge=1, le=600)
    location: str | None = None
    video_url: str | None = Field(None, description="Empty string removes it; omit to keep it.")


class SeriesIn(Schema):
    first_on: dt.date | None = None
    local_time: dt.time = dt.time(10, 0)
    location: str = ""
    video_url: str = Field("", description="One link for every meeting of the series.")


class CancelIn(Schema):
    reason: str


class AgendaItemOut(Schema):
    id: int
    text: str
    author: str
    prompt_id: int | None
    order: int


class AgendaItemIn(Schema):
    text: str = ""
    prompt_id: int | None = None


class ActionOut(Schema):
    id: int
    title: str
    description: str
    due_on: dt.date | None
    status: str
    dropped_reason: str
    published: bool
    published_at: dt.datetime | None
    credit_mentor: bool
    topic: str | None
    insight_id: int | None
    overdue: bool


def _action_out(a: Action) -> ActionOut:
    return ActionOut(
        id=a.pk,
        title=a.title,
        description=a.description,
        due_on=a.due_on,
        status=a.status,
        dropped_reason=a.dropped_reason,
        published=a.published,
        published_at=a.published_at,
        credit_mentor=a.credit_mentor,
        topic=a.topic.name if a.topic is not None else None,
        insight_id=a.insight_id,
        overdue=a.is_overdue,
    )


StatusLiteral = Literal["planned", "in_progress", "done", "dropped"]


class ActionIn(Schema):
    title: str
    description: str = ""
    due_on: dt.date
    topic_id: int | None = None
    insight_id: int | None = None


class ActionPatch(Schema):
    title: str | None = None
    description: str | None = None
    due_on: dt.date | None = None
    status: StatusLiteral | None = None
    dropped_reason: str = ""
    topic_id: int | None = None


class PublishIn(Schema):
    published: bool = True


class CreditIn(Schema):
    consent: bool


class NoteOut(Schema):
    id: int
    body: str
    visibility: str
    author: str
    mine: bool
    meeting_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


def _note_out(n: Note, user_id: int | None) -> NoteOut:
    return NoteOut(
        id=n.pk,
        body=n.body,
        visibility=n.visibility,
        author=n.author.get_full_name(),
        mine=n.author_id == user_id,
        meeting_id=n.meeting_id,
        created_at=n.created_at,
        updated_at=n.updated_at,
        version=n.version,
    )


class NoteIn(Schema):
    body: str
    visibility: Literal["private", "shared"] = "private"
    meeting_id: int | None = None


class NotePatch(Schema):
    body: str | None = None
    visibility: Literal["private", "shared"] | None = None
    version: int | None = Field(
        None,
        description="The version you edited (from the last read). If the saved one is newer, "
        "the edit is refused with 409 and `current` holds what is saved now.",
    )


class CharterOut(Schema):
    goals: str
    meeting_frequency: str
    channel: str
    confidentiality: str
    success_definition: str
    version: int
    leader_signed_at: dt.datetime | None
    mentor_signed_at: dt.datetime | None
    is_signed: bool
    updated_at: dt.datetime


def _charter_out(c: Charter) -> CharterOut:
    return CharterOut(
        goals=c.goals,
        meeting_frequency=c.meeting_frequency,
        channel=c.channel,
        confidentiality=c.confidentiality,
        success_definition=c.success_definition,
        version=c.version,
        leader_signed_at=c.leader_signed_at,
        mentor_signed_at=c.mentor_signed_at,
        is_signed=c.is_signed,
        updated_at=c.updated_at,
    )


class CharterIn(Schema):
    goals: str = ""
    meeting_frequency: str = ""
    channel: str = ""
    confidentiality: str = ""
    success_definition: str = ""
    version: int | None = Field(
        None,
        description="The version you edited (from the last read). If the saved one is newer, "
        "the edit is refused with 409 and `current` holds what is saved now.",
    )


class CharterSignIn(Schema):
    version: int = Field(
        ..., description="The version you read and sign; 409 if the charter changed since."
    )


class InsightOut(Schema):
    id: int
    text: str
    topic: str | None
    author: str
    created_at: dt.datetime


class InsightIn(Schema):
    text: str
    topic_id: int | None = None


class GrowthOut(Schema):
    id: int
    text: str
    visibility: str
    author: str
    mine: bool
    created_at: dt.datetime
    version: int


class GrowthIn(Schema):
    text: str
    visibility: Literal["private", "pair", "program"] = "private"


class GrowthPatch(Schema):
    text: str | None = None
    visibility: Literal["private", "pair", "program"] | None = None
    version: int | None = Field(
        None,
        description="The version you edited (from the last read). If the saved one is newer, "
        "the edit is refused with 409 and `current` holds what is saved now.",
    )


class ReflectionOut(Schema):
    role: str
    surprised: str
    will_try: str
    landed: str
    raise_next: str
    shared_with_partner: bool = Field(
        description="True: the partner sees it. False: only its writer does (the default)."
    )


class ReflectionIn(Schema):
    first: str = Field("", description="Leader: what surprised me. Mentor: what landed.")
    second: str = Field("", description="Leader: what I will try. Mentor: what to raise next.")
    shared_with_partner: bool | None = Field(
        None,
        description=(
            "Share this reflection with my partner. Reflections are private by default: a new "
            "one is private unless this is true; leaving it out keeps the current choice."
        ),
    )


class GoalOut(Schema):
    id: int
    title: str
    description: str
    due_on: dt.date | None
    status: str
    dropped_reason: str


class GoalIn(Schema):
    title: str
    description: str = ""
    due_on: dt.date | None = None


class GoalPatch(Schema):
    status: StatusLiteral
    dropped_reason: str = ""


class ConcernIn(Schema):
    text: str
    anonymous: bool = Field(
        False,
        description="Do not tell the coordinators who raised it (nor the pair or the role).",
    )


class ConcernOut(Schema):
    id: int
    program_id: int
    pair_id: int | None = Field(description="Null for a coordinator when raised anonymously.")
    role: str = Field(description="Empty for a coordinator when raised anonymously.")
    raised_by: str = Field(description="'you', the raiser's name, or '' when anonymous.")
    anonymous: bool
    text: str
    status: str
    resolution: str
    resolved_at: dt.datetime | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


def concern_out(concern: Concern, *, viewer_id: int) -> ConcernOut:
    """A concern as its viewer may read it: a coordinator never learns who raised an anonymous
    one (no name, no pair, no role)."""
    mine = concern.raised_by_id == viewer_id
    hidden = concern.anonymous and not mine
    if mine:
        raised_by = "you"
    elif hidden:
        raised_by = ""
    else:
        raised_by = concern.raised_by.get_full_name()
    return ConcernOut(
        id=concern.pk,
        program_id=concern.program_id,
        pair_id=None if hidden else concern.pair_id,
        role="" if hidden else concern.role,
        raised_by=raised_by,
        anonymous=concern.anonymous,
        text=concern.text,
        status=concern.status,
        resolution=concern.resolution,
        resolved_at=concern.resolved_at,
        version=concern.version,
        created_at=concern.created_at,
        updated_at=concern.updated_at,
    )


class CaseLineOut(Schema):
    kind: str
    by_raiser: bool
    who: str
    at: dt.datetime
    body: str
    from_status: str
    to_status: str


class ConcernCaseOut(ConcernOut):
    lines: list[CaseLineOut]
    coordinator_note: str = Field("", description="Coordinators only (empty for the raiser).")


class ConcernPatch(Schema):
    status: Literal["open", "acknowledged", "resolved"]
    note: str = ""
    resolution: str = Field("", description="Needed to resolve: the raiser reads it.")
    version: int | None = Field(
        None, description="The version you read; 409 if the concern changed since."
    )


class ConcernReplyIn(Schema):
    text: str


class ExitIn(Schema):
    wants_rematch: bool = True


class NewPartnerIn(Schema):
    wants_new_partner: bool = Field(True, description="False withdraws your wish.")


class EndEarlyIn(Schema):
    reason: str = Field(..., description="A sentence or two for your partner (max 1000).")
    confirm: bool = Field(False, description="Must be true: ending early is on purpose.")


class ClosureIn(Schema):
    choice: Literal["continue", "group", "mentor_anew", "pause"]
    final_reflection: str
    celebrate_by_name: bool = False
