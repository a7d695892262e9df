"""/api/v1/pairs/{pair_id}/meetings: scheduling, agendas and reflections."""

from __future__ import annotations

from django.utils.translation import gettext
from ninja.responses import Status

from upward.access import AuthedRequest, pair_access
from upward.api.pairs.base import member_meeting, member_pair, router
from upward.api.pairs.schemas import (
    AgendaItemIn,
    AgendaItemOut,
    CancelIn,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    ReflectionIn,
    ReflectionOut,
    SeriesIn,
    _meeting_out,
)
from upward.content.selectors import prompt_by_id
from upward.errors import ServiceError
from upward.mentoring import selectors
from upward.mentoring.models import (
    AgendaItem,
    Reflection,
)
from upward.mentoring.services import journal, meetings

# --- meetings ------------------------------------------------------------------------------


@router.get(
    "/{pair_id}/meetings",
    response=list[MeetingOut],
    summary="Meetings (times and statuses are health)",
    operation_id="upward_api_pairs_list_meetings",
)
def list_meetings(request: AuthedRequest, pair_id: int) -> list[MeetingOut]:
    access = pair_access(user=request.user, pair_id=pair_id)
    return [
        _meeting_out(m, member=access.is_member)
        for m in selectors.meetings_of(user=request.user, pair=access.pair)
    ]


@router.post(
    "/{pair_id}/meetings",
    response={201: MeetingOut},
    summary="Schedule a meeting",
    operation_id="upward_api_pairs_create_meeting",
)
def create_meeting(request: AuthedRequest, pair_id: int, payload: MeetingIn) -> Status:
    access = member_pair(request, pair_id)
    m = meetings.meeting_schedule(
        pair=access.pair,
        actor=request.user,
        starts_at=payload.starts_at,
        duration_minutes=payload.duration_minutes,
        location=payload.location,
        video_url=payload.video_url,
    )
    return Status(201, _meeting_out(m, member=True))


@router.post(
    "/{pair_id}/meetings/series",
    response={201: list[MeetingOut]},
    summary="Generate the series from the program cadence",
    operation_id="upward_api_pairs_create_series",
)
def create_series(request: AuthedRequest, pair_id: int, payload: SeriesIn) -> Status:
    access = member_pair(request, pair_id)
    created = meetings.meeting_series_generate(
        pair=access.pair,
        actor=request.user,
        first_on=payload.first_on,
        local_time=payload.local_time,
        location=payload.location,
        video_url=payload.video_url,
    )
    return Status(201, [_meeting_out(m, member=True) for m in created])


@router.patch(
    "/{pair_id}/meetings/{meeting_id}",
    response=MeetingOut,
    summary="Reschedule",
    operation_id="upward_api_pairs_reschedule_meeting",
)
def reschedule_meeting(
    request: AuthedRequest, pair_id: int, meeting_id: int, payload: MeetingPatch
) -> MeetingOut:
    access = member_pair(request, pair_id)
    meeting = member_meeting(request, access, meeting_id)
    meetings.meeting_reschedule(
        meeting=meeting,
        actor=request.user,
        starts_at=payload.starts_at,
        duration_minutes=payload.duration_minutes,
        location=payload.location,
        video_url=payload.video_url,
    )
    return _meeting_out(meeting, member=True)


@router.post(
    "/{pair_id}/meetings/{meeting_id}/cancel",
    response=MeetingOut,
    summary="Cancel, recording who and why",
    operation_id="upward_api_pairs_cancel_meeting",
)
def cancel_meeting(
    request: AuthedRequest, pair_id: int, meeting_id: int, payload: CancelIn
) -> MeetingOut:
    access = member_pair(request, pair_id)
    meeting = member_meeting(request, access, meeting_id)
    meetings.meeting_cancel(meeting=meeting, actor=request.user, reason=payload.reason)
    return _meeting_out(meeting, member=True)


@router.post(
    "/{pair_id}/meetings/{meeting_id}/held",
    response=MeetingOut,
    summary="Mark as held",
    operation_id="upward_api_pairs_held_meeting",
)
def held_meeting(request: AuthedRequest, pair_id: int, meeting_id: int) -> MeetingOut:
    access = member_pair(request, pair_id)
    meeting = member_meeting(request, access, meeting_id)
    meetings.meeting_mark_held(meeting=meeting, actor=request.user)
    return _meeting_out(meeting, member=True)


def _agenda_out(item: AgendaItem) -> AgendaItemOut:
    return AgendaItemOut(
        id=item.pk,
        text=item.text,
        author=item.author.get_full_name(),
        prompt_id=item.prompt_id,
        order=item.order,
    )


@router.get(
    "/{pair_id}/meetings/{meeting_id}/agenda",
    response=list[AgendaItemOut],
    operation_id="upward_api_pairs_list_agenda",
)
def list_agenda(request: AuthedRequest, pair_id: int, meeting_id: int) -> list[AgendaItemOut]:
    access = member_pair(request, pair_id)
    meeting = member_meeting(request, access, meeting_id)
    return [_agenda_out(i) for i in selectors.agenda_of(user=request.user, meeting=meeting)]


@router.post(
    "/{pair_id}/meetings/{meeting_id}/agenda",
    response={201: AgendaItemOut},
    operation_id="upward_api_pairs_add_agenda",
)
def add_agenda(
    request: AuthedRequest, pair_id: int, meeting_id: int, payload: AgendaItemIn
) -> Status:
    access = member_pair(request, pair_id)
    meeting = member_meeting(request, access, meeting_id)
    prompt = prompt_by_id(prompt_id=payload.prompt_id) if payload.prompt_id else None
    if payload.prompt_id and prompt is None:
        raise ServiceError(gettext("Unknown prompt."), field="prompt_id")
    item = meetings.agenda_item_add(
        meeting=meeting,
        actor=request.user,
        text=payload.text or (prompt.text if prompt else ""),
        prompt_id=prompt.pk if prompt else None,
    )
    return Status(201, _agenda_out(item))


@router.get(
    "/{pair_id}/meetings/{meeting_id}/reflections",
    response=list[ReflectionOut],
    operation_id="upward_api_pairs_list_reflections",
)
def list_reflections(request: AuthedRequest, pair_id: int, meeting_id: int) -> list[Reflection]:
    access = member_pair(request, pair_id)
    meeting = member_meeting(request, access, meeting_id)
    return list(selectors.reflections_visible(user=request.user, meeting=meeting))


@router.put(
    "/{pair_id}/meetings/{meeting_id}/reflection",
    response=ReflectionOut,
    summary="Save my reflection",
    operation_id="upward_api_pairs_save_reflection",
)
def save_reflection(
    request: AuthedRequest, pair_id: int, meeting_id: int, payload: ReflectionIn
) -> Reflection:
    access = member_pair(request, pair_id)
    meeting = member_meeting(request, access, meeting_id)
    return journal.reflection_save(
        meeting=meeting,
        actor=request.user,
        first=payload.first,
        second=payload.second,
        shared_with_partner=payload.shared_with_partner,
    )
