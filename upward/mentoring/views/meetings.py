from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import AuthedRequest, PairAccess, partner_of
from upward.errors import ServiceError, form_error, message_error
from upward.mentoring import selectors
from upward.mentoring.forms import (
    AgendaItemForm,
    CancelForm,
    MeetingTimeForm,
    NoteForm,
    ReflectionForm,
    SeriesForm,
)
from upward.mentoring.models import Meeting
from upward.mentoring.services import journal, meetings
from upward.mentoring.timezones import participant_zone, person_zone
from upward.mentoring.views.common import room_view


@room_view()
@require_http_methods(["GET", "POST"])
def meeting_list(request: AuthedRequest, access: PairAccess) -> HttpResponse:
    pair = access.pair
    # Read once: the table, where a new series would continue from, and its first date.
    all_meetings = selectors.meetings_list(user=request.user, pair=pair)
    series_last = selectors.last_planned_meeting(all_meetings)
    form = MeetingTimeForm(
        request.POST if "schedule" in request.POST else None,
        initial={"duration_minutes": pair.program.meeting_minutes},
    )
    series_form = SeriesForm(
        request.POST if "series" in request.POST else None,
        initial={
            "first_on": meetings.series_first_on(
                pair=pair, last_start=series_last.starts_at if series_last else None
            )
        },
    )
    if request.method == "POST" and "schedule" in request.POST and form.is_valid():
        try:
            meeting = meetings.meeting_schedule(
                pair=pair,
                actor=request.user,
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                location=form.cleaned_data["location"],
                video_url=form.cleaned_data["video_url"],
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Meeting scheduled; it is in both your calendar feeds."))
            return redirect("mentoring:meeting", pair.pk, meeting.pk)
    if request.method == "POST" and "series" in request.POST and series_form.is_valid():
        try:
            created = meetings.meeting_series_generate(
                pair=pair,
                actor=request.user,
                first_on=series_form.cleaned_data["first_on"],
                local_time=series_form.cleaned_data["time"],
                location=series_form.cleaned_data["location"],
                video_url=series_form.cleaned_data["video_url"],
            )
        except ServiceError as exc:
            form_error(series_form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d meeting added to both your calendars.",
                    "%(n)d meetings added to both your calendars.",
                    len(created),
                )
                % {"n": len(created)},
            )
            return redirect("mentoring:meetings", pair.pk)
    partner = partner_of(pair=pair, role=access.role)
    return render(
        request,
        "mentoring/meetings.html",
        {
            "pair": pair,
            "access": access,
            "meetings": all_meetings,
            "series_last": series_last,
            "form": form,
            "series_form": series_form,
            "partner": partner,
            "partner_tz": str(participant_zone(partner)),
            "leader_tz": str(person_zone(pair.leader.person)),
            "monthly_minutes": meetings.pair_monthly_minutes(pair=pair),
            "min_gap": meetings.min_gap_days(pair=pair),
            "max_duration": meetings.max_duration(pair=pair),
        },
    )


def _agenda_context(request: AuthedRequest, access: PairAccess, meeting: Meeting) -> dict:
    stage = selectors.meeting_stage(meeting=meeting)
    suggestions = selectors.agenda_suggestions(meeting=meeting, stage=stage)
    return {
        "pair": access.pair,
        "access": access,
        "meeting": meeting,
        "agenda": selectors.agenda_of(user=request.user, meeting=meeting),
        "agenda_form": AgendaItemForm(),
        "stage": stage,
        "prompts": suggestions.prompts,
        "templates": suggestions.templates,
        "agenda_open": access.can_write and meeting.status == Meeting.Status.SCHEDULED,
    }


@room_view()
def meeting_detail(request: AuthedRequest, access: PairAccess, meeting_id: int) -> HttpResponse:
    pair = access.pair
    meeting = selectors.meeting_for_member(user=request.user, pair=pair, meeting_id=meeting_id)
    partner = partner_of(pair=pair, role=access.role)
    reflections = selectors.reflections_visible(user=request.user, meeting=meeting)
    mine = next((r for r in reflections if r.role == access.role), None)
    initial = None
    if mine is not None:
        first, second = (
            (mine.surprised, mine.will_try)
            if access.role == "leader"
            else (mine.landed, mine.raise_next)
        )
        initial = {
            "first": first,
            "second": second,
            "shared_with_partner": "shared" if mine.shared_with_partner else "private",
        }
    context = _agenda_context(request, access, meeting) | {
        "partner": partner,
        "partner_tz": str(participant_zone(partner)),
        "notes": selectors.notes_visible(user=request.user, pair=pair).filter(meeting=meeting),
        "note_form": NoteForm(),
        "reflections": reflections,
        "reflection_form": ReflectionForm(role=access.role, initial=initial),
        "can_reflect": access.can_write
        and meeting.status != Meeting.Status.CANCELLED
        and meeting.starts_at <= timezone.now(),
        "can_mark_held": access.can_write
        and meeting.status == Meeting.Status.SCHEDULED
        and meeting.starts_at <= timezone.now(),
    }
    return render(request, "mentoring/meeting.html", context)


@room_view()
@require_POST
def agenda_add(request: AuthedRequest, access: PairAccess, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_member(
        user=request.user, pair=access.pair, meeting_id=meeting_id
    )
    form = AgendaItemForm(request.POST)
    prompt = None
    if request.POST.get("prompt"):
        prompt = selectors.agenda_prompt(prompt_id=request.POST["prompt"])
        if prompt is not None:
            form = AgendaItemForm({"text": prompt.shown_text})
    template_slug = request.POST.get("template")
    error = ""
    try:
        if template_slug:
            items = selectors.agenda_template_items(slug=template_slug)
            if items is None:
                raise ServiceError(_("Unknown agenda template."), field="template")
            meetings.agenda_apply_template(meeting=meeting, actor=request.user, items=items)
        elif form.is_valid():
            meetings.agenda_item_add(
                meeting=meeting,
                actor=request.user,
                text=form.cleaned_data["text"],
                prompt_id=prompt.pk if prompt is not None else None,
            )
        else:
            error = "; ".join(str(e) for errs in form.errors.values() for e in errs)
    except ServiceError as exc:
        error = exc.message
    if request.htmx:
        context = _agenda_context(request, access, meeting) | {"agenda_error": error}
        return render(request, "mentoring/_agenda.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    return redirect("mentoring:meeting", access.pair.pk, meeting.pk)


@room_view()
@require_POST
def agenda_delete(
    request: AuthedRequest, access: PairAccess, meeting_id: int, item_id: int
) -> HttpResponse:
    meeting = selectors.meeting_for_member(
        user=request.user, pair=access.pair, meeting_id=meeting_id
    )
    item = selectors.agenda_of(user=request.user, meeting=meeting).filter(pk=item_id).first()
    if item is None:
        raise Http404("No such agenda item.")
    error = ""
    try:
        meetings.agenda_item_delete(item=item, actor=request.user)
    except ServiceError as exc:
        error = exc.message
    if request.htmx:
        context = _agenda_context(request, access, meeting) | {"agenda_error": error}
        return render(request, "mentoring/_agenda.html", context)
    if error:
        messages.error(request, error)
    return redirect("mentoring:meeting", access.pair.pk, meeting.pk)


@room_view()
@require_http_methods(["GET", "POST"])
def meeting_reschedule(request: AuthedRequest, access: PairAccess, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_member(
        user=request.user, pair=access.pair, meeting_id=meeting_id
    )
    local = timezone.localtime(meeting.starts_at)
    form = MeetingTimeForm(
        request.POST or None,
        initial={
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": meeting.duration_minutes,
            "location": meeting.location,
            "video_url": meeting.video_url,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            meetings.meeting_reschedule(
                meeting=meeting,
                actor=request.user,
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                location=form.cleaned_data["location"],
                video_url=form.cleaned_data["video_url"],
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Moved. Calendars update the existing event."))
            return redirect("mentoring:meeting", access.pair.pk, meeting.pk)
    return render(
        request,
        "mentoring/meeting_form.html",
        {"pair": access.pair, "access": access, "meeting": meeting, "form": form},
    )


@room_view()
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: AuthedRequest, access: PairAccess, meeting_id: int) -> HttpResponse:
    """A confirmation page: cancelling needs a reason your partner will see."""
    meeting = selectors.meeting_for_member(
        user=request.user, pair=access.pair, meeting_id=meeting_id
    )
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meetings.meeting_cancel(
                meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Cancelled. Consider proposing a new time."))
            return redirect("mentoring:meetings", access.pair.pk)
    return render(
        request,
        "mentoring/meeting_cancel.html",
        {"pair": access.pair, "access": access, "meeting": meeting, "form": form},
    )


@room_view()
@require_POST
def meeting_held(request: AuthedRequest, access: PairAccess, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_member(
        user=request.user, pair=access.pair, meeting_id=meeting_id
    )
    try:
        meetings.meeting_mark_held(meeting=meeting, actor=request.user)
    except ServiceError as exc:
        message_error(request, exc)
    else:
        messages.success(request, _("Marked as held. Take two minutes for your reflection."))
    return redirect("mentoring:meeting", access.pair.pk, meeting.pk)


@room_view()
def meeting_download(request: AuthedRequest, access: PairAccess, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_member(
        user=request.user, pair=access.pair, meeting_id=meeting_id
    )
    ics = selectors.meeting_calendar_file(meeting=meeting)
    if ics is None:
        raise Http404("No calendar file.")
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@room_view()
@require_POST
def reflection_save(request: AuthedRequest, access: PairAccess, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_member(
        user=request.user, pair=access.pair, meeting_id=meeting_id
    )
    form = ReflectionForm(request.POST, role=access.role)
    if form.is_valid():
        try:
            journal.reflection_save(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            message_error(request, exc)
        else:
            messages.success(request, _("Reflection saved."))
    else:
        messages.error(request, _("Check the reflection form."))
    return redirect("mentoring:meeting", access.pair.pk, meeting.pk)
