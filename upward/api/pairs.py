"""/api/v1/pairs: the pair room over HTTP, under the same selectors and services as the pages.

A coordinator of the pair's program reads HEALTH (dates, counts, statuses, meeting times) and is
told 404 for anything the pair wrote: charter text, notes, reflections, insights, agendas,
unpublished actions and growth entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.responses import Status

from upward.api.errors import field_error
from upward.mentoring import selectors
from upward.mentoring.models import (
    Action,
    AgendaItem,
    Charter,
    Concern,
    GrowthEntry,
    Insight,
    LearningGoal,
    Meeting,
    Note,
    Pair,
    Reflection,
)
from upward.mentoring.selectors import PairAccess
from upward.mentoring.services import charters, journal, meetings, safety
from upward.mentoring.services.common import RoomError

router = Router(tags=["pairs"])


@contextmanager
def room_errors() -> Iterator[None]:
    """Refused writes become 4xx JSON naming the field."""
    try:
        yield
    except RoomError as exc:
        raise field_error(
            exc.field if exc.field != "__all__" else "body", exc.message, status=exc.status
        ) from exc


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


def _person(p: object) -> PersonRef:
    person = p.person  # type: ignore[attr-defined]
    return PersonRef(name=person.name, title=person.title, timezone=person.timezone)


def _pair_out(pair: Pair, role: str) -> PairOut:
    h = selectors.pair_health(pair=pair)
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
        ),
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


class MeetingPatch(Schema):
    starts_at: dt.datetime
    duration_minutes: int | None = Field(None, ge=1, le=600)
    location: str | None = None


class SeriesIn(Schema):
    first_on: dt.date | None = None
    local_time: dt.time = dt.time(10, 0)
    location: str = ""


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
        topic=a.topic.name if a.topic_id else None,  # type: ignore[union-attr]
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
    )


class NoteIn(Schema):
    body: str
    visibility: Literal["private", "shared"] = "private"
    meeting_id: int | None = None


class NotePatch(Schema):
    body: str | None = None
    visibility: Literal["private", "shared"] | None = None


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
        **c.snapshot(),  # type: ignore[arg-type]
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


class GrowthIn(Schema):
    text: str
    visibility: Literal["private", "pair", "program"] = "private"


class GrowthPatch(Schema):
    text: str | None = None
    visibility: Literal["private", "pair", "program"] | None = None


class ReflectionOut(Schema):
    role: str
    surprised: str
    will_try: str
    landed: str
    raise_next: str
    shared_with_partner: bool


class ReflectionIn(Schema):
    first: str = Field("", description="Leader: what surprised me. Mentor: what landed.")
    second: str = Field("", description="Leader: what I will try. Mentor: what to raise next.")
    shared_with_partner: bool = True


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


class ConcernOut(Schema):
    id: int
    program_id: int
    pair_id: int | None
    role: str
    text: str
    status: str
    created_at: dt.datetime


class ConcernPatch(Schema):
    status: Literal["open", "acknowledged", "resolved"]
    note: str = ""


class ExitIn(Schema):
    wants_rematch: bool = True


class ClosureIn(Schema):
    choice: Literal["continue", "group", "mentor_anew", "pause"]
    final_reflection: str
    celebrate_by_name: bool = False


# --- helpers ------------------------------------------------------------------------------


def _member(request: HttpRequest, pair_id: int) -> PairAccess:
    return selectors.pair_for_member(user=request.user, pair_id=pair_id)


def _meeting(request: HttpRequest, access: PairAccess, meeting_id: int) -> Meeting:
    return selectors.meeting_for_member(user=request.user, pair=access.pair, meeting_id=meeting_id)


# --- pairs --------------------------------------------------------------------------------


@router.get(
    "",
    response=list[PairOut],
    summary="My pairs; coordinators also get their programs' pairs (health only)",
)
def list_pairs(request: HttpRequest) -> list[PairOut]:
    out: dict[int, PairOut] = {}
    for pair in selectors.pairs_of_member(user=request.user):
        out[pair.pk] = _pair_out(pair, selectors.member_role(user=request.user, pair=pair) or "")
    for pair in selectors.pairs_for_coordinator(user=request.user):
        out.setdefault(pair.pk, _pair_out(pair, selectors.COORDINATOR))
    return list(out.values())


@router.get(
    "/concerns",
    response=list[ConcernOut],
    summary="Concerns: mine, or those for the programs I coordinate",
)
def list_concerns(request: HttpRequest) -> list[Concern]:
    return list(selectors.concerns_visible(user=request.user))


@router.patch(
    "/concerns/{concern_id}", response=ConcernOut, summary="A coordinator updates a concern"
)
def update_concern(request: HttpRequest, concern_id: int, payload: ConcernPatch) -> Concern:
    concern = selectors.concern_for_coordinator(user=request.user, concern_id=concern_id)
    with room_errors():
        return safety.concern_update(
            concern=concern, user=request.user, status=payload.status, note=payload.note
        )


@router.get("/{pair_id}", response=PairOut, summary="One pair (members: all; coordinators: health)")
def get_pair(request: HttpRequest, pair_id: int) -> PairOut:
    access = selectors.pair_access(user=request.user, pair_id=pair_id)
    return _pair_out(access.pair, access.role)


# --- meetings ------------------------------------------------------------------------------


@router.get(
    "/{pair_id}/meetings",
    response=list[MeetingOut],
    summary="Meetings (times and statuses are health)",
)
def list_meetings(request: HttpRequest, pair_id: int) -> list[MeetingOut]:
    access = selectors.pair_access(user=request.user, pair_id=pair_id)
    return [
        _meeting_out(m, member=access.is_member)
        for m in selectors.meetings_of(user=request.user, pair=access.pair)
    ]


@router.post("/{pair_id}/meetings", response={201: MeetingOut}, summary="Schedule a meeting")
def create_meeting(request: HttpRequest, pair_id: int, payload: MeetingIn) -> Status:
    access = _member(request, pair_id)
    with room_errors():
        m = meetings.meeting_schedule(
            pair=access.pair,
            user=request.user,
            starts_at=payload.starts_at,
            duration_minutes=payload.duration_minutes,
            location=payload.location,
        )
    return Status(201, _meeting_out(m, member=True))


@router.post(
    "/{pair_id}/meetings/series",
    response={201: list[MeetingOut]},
    summary="Generate the series from the program cadence",
)
def create_series(request: HttpRequest, pair_id: int, payload: SeriesIn) -> Status:
    access = _member(request, pair_id)
    with room_errors():
        created = meetings.meeting_series_generate(
            pair=access.pair,
            user=request.user,
            first_on=payload.first_on,
            local_time=payload.local_time,
            location=payload.location,
        )
    return Status(201, [_meeting_out(m, member=True) for m in created])


@router.patch("/{pair_id}/meetings/{meeting_id}", response=MeetingOut, summary="Reschedule")
def reschedule_meeting(
    request: HttpRequest, pair_id: int, meeting_id: int, payload: MeetingPatch
) -> MeetingOut:
    access = _member(request, pair_id)
    meeting = _meeting(request, access, meeting_id)
    with room_errors():
        meetings.meeting_reschedule(
            meeting=meeting,
            user=request.user,
            starts_at=payload.starts_at,
            duration_minutes=payload.duration_minutes,
            location=payload.location,
        )
    return _meeting_out(meeting, member=True)


@router.post(
    "/{pair_id}/meetings/{meeting_id}/cancel",
    response=MeetingOut,
    summary="Cancel, recording who and why",
)
def cancel_meeting(
    request: HttpRequest, pair_id: int, meeting_id: int, payload: CancelIn
) -> MeetingOut:
    access = _member(request, pair_id)
    meeting = _meeting(request, access, meeting_id)
    with room_errors():
        meetings.meeting_cancel(meeting=meeting, user=request.user, reason=payload.reason)
    return _meeting_out(meeting, member=True)


@router.post("/{pair_id}/meetings/{meeting_id}/held", response=MeetingOut, summary="Mark as held")
def held_meeting(request: HttpRequest, pair_id: int, meeting_id: int) -> MeetingOut:
    access = _member(request, pair_id)
    meeting = _meeting(request, access, meeting_id)
    with room_errors():
        meetings.meeting_mark_held(meeting=meeting, user=request.user)
    return _meeting_out(meeting, member=True)


def _agenda_out(item: AgendaItem) -> AgendaItemOut:
    return AgendaItemOut(
        id=item.pk,
        text=item.text,
        author=item.author.get_full_name(),
        prompt_id=item.prompt_id,
        order=item.order,
    )


@router.get("/{pair_id}/meetings/{meeting_id}/agenda", response=list[AgendaItemOut])
def list_agenda(request: HttpRequest, pair_id: int, meeting_id: int) -> list[AgendaItemOut]:
    access = _member(request, pair_id)
    meeting = _meeting(request, access, meeting_id)
    return [_agenda_out(i) for i in selectors.agenda_of(user=request.user, meeting=meeting)]


@router.post("/{pair_id}/meetings/{meeting_id}/agenda", response={201: AgendaItemOut})
def add_agenda(
    request: HttpRequest, pair_id: int, meeting_id: int, payload: AgendaItemIn
) -> Status:
    from upward.content.selectors import prompt_by_id

    access = _member(request, pair_id)
    meeting = _meeting(request, access, meeting_id)
    prompt = prompt_by_id(prompt_id=payload.prompt_id) if payload.prompt_id else None
    if payload.prompt_id and prompt is None:
        raise field_error("prompt_id", "Unknown prompt.")
    with room_errors():
        item = meetings.agenda_item_add(
            meeting=meeting,
            user=request.user,
            text=payload.text or (prompt.text if prompt else ""),
            prompt=prompt,
        )
    return Status(201, _agenda_out(item))


@router.get("/{pair_id}/meetings/{meeting_id}/reflections", response=list[ReflectionOut])
def list_reflections(request: HttpRequest, pair_id: int, meeting_id: int) -> list[Reflection]:
    access = _member(request, pair_id)
    meeting = _meeting(request, access, meeting_id)
    return list(selectors.reflections_visible(user=request.user, meeting=meeting))


@router.put(
    "/{pair_id}/meetings/{meeting_id}/reflection",
    response=ReflectionOut,
    summary="Save my reflection",
)
def save_reflection(
    request: HttpRequest, pair_id: int, meeting_id: int, payload: ReflectionIn
) -> Reflection:
    access = _member(request, pair_id)
    meeting = _meeting(request, access, meeting_id)
    with room_errors():
        return journal.reflection_save(
            meeting=meeting,
            user=request.user,
            first=payload.first,
            second=payload.second,
            shared_with_partner=payload.shared_with_partner,
        )


# --- charter --------------------------------------------------------------------------------


@router.get("/{pair_id}/charter", response=CharterOut, summary="The charter (pair members only)")
def get_charter(request: HttpRequest, pair_id: int) -> CharterOut:
    access = _member(request, pair_id)
    return _charter_out(charters.charter_get_or_create(pair=access.pair))


@router.put(
    "/{pair_id}/charter", response=CharterOut, summary="Update; clears signatures if it was signed"
)
def put_charter(request: HttpRequest, pair_id: int, payload: CharterIn) -> CharterOut:
    access = _member(request, pair_id)
    with room_errors():
        charter = charters.charter_update(pair=access.pair, user=request.user, **payload.dict())
    return _charter_out(charter)


@router.post("/{pair_id}/charter/sign", response=CharterOut, summary="Sign the current version")
def sign_charter(request: HttpRequest, pair_id: int) -> CharterOut:
    access = _member(request, pair_id)
    with room_errors():
        charter = charters.charter_sign(pair=access.pair, user=request.user)
    return _charter_out(charter)


# --- actions ---------------------------------------------------------------------------------


@router.get(
    "/{pair_id}/actions",
    response=list[ActionOut],
    summary="Members: all; program members: published",
)
def list_actions(request: HttpRequest, pair_id: int) -> list[ActionOut]:
    access = selectors.pair_access(user=request.user, pair_id=pair_id)
    return [_action_out(a) for a in selectors.actions_of(user=request.user, pair=access.pair)]


@router.post(
    "/{pair_id}/actions", response={201: ActionOut}, summary="The leader commits to an action"
)
def create_action(request: HttpRequest, pair_id: int, payload: ActionIn) -> Status:
    access = _member(request, pair_id)
    insight = None
    if payload.insight_id:
        insight = (
            selectors.insights_of(user=request.user, pair=access.pair)
            .filter(pk=payload.insight_id)
            .first()
        )
        if insight is None:
            raise field_error("insight_id", "No such insight in this pair.")
    with room_errors():
        action = journal.action_create(
            pair=access.pair,
            user=request.user,
            title=payload.title,
            description=payload.description,
            due_on=payload.due_on,
            topic_id=payload.topic_id,
            insight=insight,
        )
    return Status(201, _action_out(action))


@router.patch("/{pair_id}/actions/{action_id}", response=ActionOut)
def update_action(
    request: HttpRequest, pair_id: int, action_id: int, payload: ActionPatch
) -> ActionOut:
    access = _member(request, pair_id)
    action = selectors.action_for_member(user=request.user, pair=access.pair, action_id=action_id)
    with room_errors():
        journal.action_update(action=action, user=request.user, **payload.dict())
    return _action_out(action)


@router.post(
    "/{pair_id}/actions/{action_id}/publish",
    response=ActionOut,
    summary="Publish to (or withdraw from) the follow-through board",
)
def publish_action(
    request: HttpRequest, pair_id: int, action_id: int, payload: PublishIn
) -> ActionOut:
    access = _member(request, pair_id)
    action = selectors.action_for_member(user=request.user, pair=access.pair, action_id=action_id)
    with room_errors():
        journal.action_publish(action=action, user=request.user, published=payload.published)
    return _action_out(action)


@router.post(
    "/{pair_id}/actions/{action_id}/credit",
    response=ActionOut,
    summary="The mentor consents (or not) to be credited",
)
def credit_action(
    request: HttpRequest, pair_id: int, action_id: int, payload: CreditIn
) -> ActionOut:
    access = _member(request, pair_id)
    action = selectors.action_for_member(user=request.user, pair=access.pair, action_id=action_id)
    with room_errors():
        journal.action_credit_mentor(action=action, user=request.user, consent=payload.consent)
    return _action_out(action)


@router.delete("/{pair_id}/actions/{action_id}", response={204: None})
def delete_action(request: HttpRequest, pair_id: int, action_id: int) -> Status:
    access = _member(request, pair_id)
    action = selectors.action_for_member(user=request.user, pair=access.pair, action_id=action_id)
    with room_errors():
        journal.action_delete(action=action, user=request.user)
    return Status(204, None)


# --- notes ---------------------------------------------------------------------------------


@router.get(
    "/{pair_id}/notes", response=list[NoteOut], summary="My notes and my partner's shared notes"
)
def list_notes(request: HttpRequest, pair_id: int) -> list[NoteOut]:
    access = _member(request, pair_id)
    return [
        _note_out(n, request.user.pk)
        for n in selectors.notes_visible(user=request.user, pair=access.pair)
    ]


@router.post("/{pair_id}/notes", response={201: NoteOut})
def create_note(request: HttpRequest, pair_id: int, payload: NoteIn) -> Status:
    access = _member(request, pair_id)
    meeting = _meeting(request, access, payload.meeting_id) if payload.meeting_id else None
    with room_errors():
        note = journal.note_create(
            pair=access.pair,
            user=request.user,
            body=payload.body,
            visibility=payload.visibility,
            meeting=meeting,
        )
    return Status(201, _note_out(note, request.user.pk))


@router.get("/{pair_id}/notes/{note_id}", response=NoteOut)
def get_note(request: HttpRequest, pair_id: int, note_id: int) -> NoteOut:
    access = _member(request, pair_id)
    note = selectors.note_visible(user=request.user, pair=access.pair, note_id=note_id)
    return _note_out(note, request.user.pk)


@router.patch("/{pair_id}/notes/{note_id}", response=NoteOut)
def update_note(request: HttpRequest, pair_id: int, note_id: int, payload: NotePatch) -> NoteOut:
    access = _member(request, pair_id)
    note = selectors.note_editable(user=request.user, pair=access.pair, note_id=note_id)
    with room_errors():
        journal.note_update(
            note=note, user=request.user, body=payload.body, visibility=payload.visibility
        )
    return _note_out(note, request.user.pk)


@router.delete("/{pair_id}/notes/{note_id}", response={204: None})
def delete_note(request: HttpRequest, pair_id: int, note_id: int) -> Status:
    access = _member(request, pair_id)
    note = selectors.note_editable(user=request.user, pair=access.pair, note_id=note_id)
    with room_errors():
        journal.note_delete(note=note, user=request.user)
    return Status(204, None)


# --- insights, growth, goals ---------------------------------------------------------------------


def _insight_out(i: Insight) -> InsightOut:
    return InsightOut(
        id=i.pk,
        text=i.text,
        topic=i.topic.name if i.topic_id else None,  # type: ignore[union-attr]
        author=i.author.get_full_name(),
        created_at=i.created_at,
    )


@router.get("/{pair_id}/insights", response=list[InsightOut])
def list_insights(request: HttpRequest, pair_id: int) -> list[InsightOut]:
    access = _member(request, pair_id)
    return [_insight_out(i) for i in selectors.insights_of(user=request.user, pair=access.pair)]


@router.post("/{pair_id}/insights", response={201: InsightOut})
def create_insight(request: HttpRequest, pair_id: int, payload: InsightIn) -> Status:
    access = _member(request, pair_id)
    with room_errors():
        insight = journal.insight_create(
            pair=access.pair, user=request.user, text=payload.text, topic_id=payload.topic_id
        )
    return Status(201, _insight_out(insight))


def _growth_out(e: GrowthEntry, user_id: int | None) -> GrowthOut:
    return GrowthOut(
        id=e.pk,
        text=e.text,
        visibility=e.visibility,
        author=e.author.get_full_name(),
        mine=e.author_id == user_id,
        created_at=e.created_at,
    )


@router.get(
    "/{pair_id}/growth", response=list[GrowthOut], summary="Growth thread entries I may see"
)
def list_growth(request: HttpRequest, pair_id: int) -> list[GrowthOut]:
    access = _member(request, pair_id)
    return [
        _growth_out(e, request.user.pk)
        for e in selectors.growth_entries_visible(user=request.user, pair=access.pair)
    ]


@router.post("/{pair_id}/growth", response={201: GrowthOut})
def create_growth(request: HttpRequest, pair_id: int, payload: GrowthIn) -> Status:
    access = _member(request, pair_id)
    with room_errors():
        entry = journal.growth_entry_create(
            pair=access.pair, user=request.user, text=payload.text, visibility=payload.visibility
        )
    return Status(201, _growth_out(entry, request.user.pk))


@router.patch("/{pair_id}/growth/{entry_id}", response=GrowthOut)
def update_growth(
    request: HttpRequest, pair_id: int, entry_id: int, payload: GrowthPatch
) -> GrowthOut:
    access = _member(request, pair_id)
    entry = selectors.growth_entry_editable(user=request.user, pair=access.pair, entry_id=entry_id)
    with room_errors():
        journal.growth_entry_update(
            entry=entry, user=request.user, text=payload.text, visibility=payload.visibility
        )
    return _growth_out(entry, request.user.pk)


@router.delete("/{pair_id}/growth/{entry_id}", response={204: None})
def delete_growth(request: HttpRequest, pair_id: int, entry_id: int) -> Status:
    access = _member(request, pair_id)
    entry = selectors.growth_entry_editable(user=request.user, pair=access.pair, entry_id=entry_id)
    with room_errors():
        journal.growth_entry_delete(entry=entry, user=request.user)
    return Status(204, None)


@router.get("/{pair_id}/learning-goals", response=list[GoalOut], summary="Two-way learning")
def list_goals(request: HttpRequest, pair_id: int) -> list[LearningGoal]:
    access = _member(request, pair_id)
    return list(selectors.learning_goals_of(user=request.user, pair=access.pair))


@router.post("/{pair_id}/learning-goals", response={201: GoalOut})
def create_goal(request: HttpRequest, pair_id: int, payload: GoalIn) -> Status:
    access = _member(request, pair_id)
    with room_errors():
        goal = journal.learning_goal_create(pair=access.pair, user=request.user, **payload.dict())
    return Status(201, goal)


@router.patch("/{pair_id}/learning-goals/{goal_id}", response=GoalOut)
def update_goal(
    request: HttpRequest, pair_id: int, goal_id: int, payload: GoalPatch
) -> LearningGoal:
    access = _member(request, pair_id)
    goal = (
        selectors.learning_goals_of(user=request.user, pair=access.pair).filter(pk=goal_id).first()
    )
    if goal is None:
        raise Http404("No such goal.")
    with room_errors():
        return journal.learning_goal_update(
            goal=goal,
            user=request.user,
            status=payload.status,
            dropped_reason=payload.dropped_reason,
        )


# --- safety and closure ----------------------------------------------------------------------


@router.post(
    "/{pair_id}/concerns",
    response={201: ConcernOut},
    summary="Raise a confidential concern to the coordinators",
)
def raise_concern(request: HttpRequest, pair_id: int, payload: ConcernIn) -> Status:
    access = _member(request, pair_id)
    with room_errors():
        return Status(
            201, safety.concern_raise(pair=access.pair, user=request.user, text=payload.text)
        )


@router.post("/{pair_id}/exit", response=PairOut, summary="No-fault exit (ends the pair for both)")
def exit_pair(request: HttpRequest, pair_id: int, payload: ExitIn) -> PairOut:
    access = _member(request, pair_id)
    with room_errors():
        pair = safety.pair_exit(
            pair=access.pair, user=request.user, wants_rematch=payload.wants_rematch
        )
    return _pair_out(pair, access.role)


@router.post("/{pair_id}/closure", response=PairOut, summary="My final reflection and what next")
def close_pair(request: HttpRequest, pair_id: int, payload: ClosureIn) -> PairOut:
    access = _member(request, pair_id)
    with room_errors():
        safety.closure_submit(pair=access.pair, user=request.user, **payload.dict())
    access.pair.refresh_from_db()
    return _pair_out(access.pair, access.role)


# Closing a program's pairs lives in its own module to keep this one readable; it is mounted
# here so its paths sit under /api/v1/pairs/programs/.
from upward.api.pairs_closing import router as _closing_router  # noqa: E402

router.add_router("/programs", _closing_router)
