"""Meetings: the series from the program cadence, scheduling within bounds, agendas.

Time zone choice: a series keeps the LEADER's local wall-clock time (10:00 in their zone stays
10:00 across daylight-saving changes), because the leader's calendar is usually the hardest to
move. Everything is stored in UTC; the mentor sees the same instant in their own zone, which may
shift by an hour around DST changes when their zone follows different rules.
"""

from __future__ import annotations

import calendar
import datetime as dt
from urllib.parse import urlsplit

from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]
from django.db import transaction
from django.db.models import F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from upward import events, humane
from upward.access import AnyUser, account, require_writer
from upward.errors import ServiceError
from upward.mentoring.events import (
    MEETING_CANCELLED,
    MEETING_HELD,
    MEETING_MOVED,
    MEETING_SCHEDULED,
    MEETINGS_SCHEDULED,
)
from upward.mentoring.models import AgendaItem, Meeting, Pair
from upward.mentoring.timezones import UTC, person_zone

DEFAULT_LOCAL_TIME = dt.time(10, 0)
# A mentor's time across all their pairs is bounded, whatever each program allows.
MENTOR_MONTHLY_MINUTES = 360
MAX_AGENDA_ITEMS = 12


# --- bounds (protection against over-asking) -----------------------------------------------


def series_end(*, pair: Pair) -> dt.date:
    program = pair.program
    if program.ends_on:
        return program.ends_on
    return pair.started_on + relativedelta(months=program.duration_months)


def meetings_per_month(*, pair: Pair) -> int:
    return max(1, round(30 / max(pair.program.cadence_days, 1)))


def pair_monthly_minutes(*, pair: Pair) -> int:
    """Twice what the cadence needs: room for one extra conversation, not a second job."""
    return meetings_per_month(pair=pair) * pair.program.meeting_minutes * 2


def max_duration(*, pair: Pair) -> int:
    return min(180, max(30, pair.program.meeting_minutes * 2))


def min_gap_days(*, pair: Pair) -> int:
    return max(1, pair.program.cadence_days // 4)


def _month_bounds(moment: dt.datetime, pair: Pair) -> tuple[dt.datetime, dt.datetime]:
    tz = person_zone(pair.leader.person)
    local = moment.astimezone(tz)
    first = dt.datetime(local.year, local.month, 1, tzinfo=tz)
    last_day = calendar.monthrange(local.year, local.month)[1]
    after = dt.datetime(local.year, local.month, last_day, tzinfo=tz) + dt.timedelta(days=1)
    return first.astimezone(UTC), after.astimezone(UTC)


def check_time_bounds(
    *, pair: Pair, starts_at: dt.datetime, duration: int, exclude: Meeting | None = None
) -> None:
    """Refuse (with an explanation) anything beyond the program's cadence and time bounds."""
    if timezone.is_naive(starts_at):
        raise ServiceError(_("Give the time with its time zone."), field="starts_at")
    if starts_at <= timezone.now():
        raise ServiceError(
            _("Pick a time in the future. To record a meeting that happened, mark it as held."),
            field="starts_at",
        )
    if duration < 15:
        raise ServiceError(_("A meeting needs at least 15 minutes."), field="duration_minutes")
    limit = max_duration(pair=pair)
    if duration > limit:
        raise ServiceError(
            _(
                "Meetings in this program last at most %(limit)d minutes, to keep the mentor's "
                "time bounded."
            )
            % {"limit": limit},
            field="duration_minutes",
        )
    start_day = starts_at.astimezone(person_zone(pair.leader.person)).date()
    if start_day < pair.started_on:
        raise ServiceError(_("That is before the pair started."), field="starts_at")
    last_day = series_end(pair=pair) + dt.timedelta(days=30)
    if start_day > last_day:
        raise ServiceError(
            _("The program runs until %(day)s; meetings can be scheduled up to a month after that.")
            % {"day": humane.day(series_end(pair=pair))},
            field="starts_at",
        )
    others = pair.meetings.exclude(status=Meeting.Status.CANCELLED)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    gap = dt.timedelta(days=min_gap_days(pair=pair))
    if others.filter(starts_at__gt=starts_at - gap, starts_at__lt=starts_at + gap).exists():
        raise ServiceError(
            _(
                "This program meets every %(cadence)d days, so meetings are kept at least "
                "%(gap)d days apart. Reschedule the nearby meeting instead."
            )
            % {"cadence": pair.program.cadence_days, "gap": gap.days},
            field="starts_at",
        )
    month_start, month_end = _month_bounds(starts_at, pair)
    in_month = others.filter(starts_at__gte=month_start, starts_at__lt=month_end)
    used = in_month.aggregate(total=Sum("duration_minutes"))["total"] or 0
    cap = pair_monthly_minutes(pair=pair)
    if used + duration > cap:
        raise ServiceError(
            _(
                "This pair already has %(used)d minutes of meetings that month; the program "
                "allows %(cap)d minutes a month so that mentoring stays a bounded commitment."
            )
            % {"used": used, "cap": cap},
            field="starts_at",
        )
    mentor_used = (
        Meeting.objects.filter(
            pair__mentor__person_id=pair.mentor.person_id,
            pair__status=Pair.Status.ACTIVE,
            starts_at__gte=month_start,
            starts_at__lt=month_end,
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .exclude(pk=exclude.pk if exclude else 0)
        .aggregate(total=Sum("duration_minutes"))["total"]
        or 0
    )
    if mentor_used + duration > MENTOR_MONTHLY_MINUTES:
        raise ServiceError(
            _(
                "The mentor already gives %(used)d minutes that month across their pairs; "
                "mentors give at most %(hours)d hours a month."
            )
            % {"used": mentor_used, "hours": MENTOR_MONTHLY_MINUTES // 60},
            field="starts_at",
        )


def clean_video_url(url: str) -> str:
    """An online-meeting link (Teams, Zoom, Meet or any https URL), or "" for none."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise ServiceError(
            _("Give the full https:// link of the online meeting (Teams, Zoom, Meet...)."),
            field="video_url",
        )
    if len(url) > 500 or any(c.isspace() for c in url) or parts.username or parts.password:
        raise ServiceError(_("That does not look like a meeting link."), field="video_url")
    return url


# --- the series --------------------------------------------------------------------------


class _Unread:
    """`series_first_on` reads the last planned start itself (a caller that has it passes it)."""


_UNREAD = _Unread()


def series_first_on(
    *,
    pair: Pair,
    include_past: bool = False,
    last_start: dt.datetime | _Unread | None = _UNREAD,
) -> dt.date:
    """The first date a series suggests: a week into the pair, or one cadence after the pair's
    last meeting when it has some (the series continues rather than starts again). Never before
    the program starts, and (unless past meetings are being recorded) never today or earlier.

    `last_start`: the start of the pair's last meeting not cancelled (None: it has none), for a
    page that has read the pair's meetings already."""
    program = pair.program
    if isinstance(last_start, _Unread):
        last = pair.meetings.exclude(status=Meeting.Status.CANCELLED).aggregate(
            last=Max("starts_at")
        )["last"]
    else:
        last = last_start
    if last is not None:
        zone = person_zone(pair.leader.person)
        day = last.astimezone(zone).date() + dt.timedelta(days=max(program.cadence_days, 1))
    else:
        day = pair.started_on + dt.timedelta(days=7)
    floors = [pair.started_on]
    if program.starts_on:
        floors.append(program.starts_on)
    if not include_past:
        floors.append(timezone.localdate() + dt.timedelta(days=1))
    return max(day, *floors)


def series_dates(*, pair: Pair, first_on: dt.date | None = None) -> list[dt.date]:
    """Every cadence_days from the first meeting to the program's end, skipping weekends."""
    cadence = dt.timedelta(days=max(pair.program.cadence_days, 1))
    day = first_on or series_first_on(pair=pair, include_past=True)
    end = series_end(pair=pair)
    dates: list[dt.date] = []
    while day <= end:
        shifted = day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)
        if shifted <= end:
            dates.append(shifted)
        day += cadence
    return dates


@transaction.atomic
def meeting_series_generate(
    *,
    pair: Pair,
    actor: AnyUser,
    local_time: dt.time = DEFAULT_LOCAL_TIME,
    first_on: dt.date | None = None,
    include_past: bool = False,
    location: str = "",
    video_url: str = "",
) -> list[Meeting]:
    """Create the series at the leader's local time, or the rest of it when the pair already
    has meetings: a date that falls within the program's minimum gap of an existing meeting is
    skipped, so nothing is doubled. The place and the online-meeting link apply to every new
    meeting. Refused (409) when there is nothing left to add."""
    require_writer(actor=actor, pair=pair)
    video_url = clean_video_url(video_url)
    now = timezone.now()
    program = pair.program
    if first_on is not None and program.starts_on and first_on < program.starts_on:
        raise ServiceError(
            _("The program starts on %(day)s; start the series then or later.")
            % {"day": humane.day(program.starts_on)},
            field="first_on",
        )
    if first_on is not None and first_on > series_end(pair=pair):
        raise ServiceError(
            _("The program runs until %(day)s; pick an earlier date.")
            % {"day": humane.day(series_end(pair=pair))},
            field="first_on",
        )
    # Lock the pair so that two clicks on Generate cannot both add the series.
    Pair.objects.select_for_update().filter(pk=pair.pk).first()
    tz = person_zone(pair.leader.person)
    gap = dt.timedelta(days=min_gap_days(pair=pair))
    existing = list(
        pair.meetings.exclude(status=Meeting.Status.CANCELLED).values_list("starts_at", flat=True)
    )
    created: list[Meeting] = []
    day_one = first_on or series_first_on(pair=pair, include_past=include_past)
    for day in series_dates(pair=pair, first_on=day_one):
        # Combining in the leader's zone keeps the wall-clock time across DST changes.
        starts_at = dt.datetime.combine(day, local_time, tzinfo=tz).astimezone(UTC)
        if starts_at <= now and not include_past:
            continue
        if any(abs(starts_at - other) < gap for other in existing):
            continue
        existing.append(starts_at)
        created.append(
            Meeting.objects.create(
                pair=pair,
                starts_at=starts_at,
                duration_minutes=program.meeting_minutes,
                location=location,
                video_url=video_url,
            )
        )
    if not created:
        raise ServiceError(
            _("Nothing to add: the meetings already run to the program's end (%(day)s).")
            % {"day": humane.day(series_end(pair=pair))},
            field="series",
            status=409,
        )
    # One announcement for the whole series (notifications sends one calendar file).
    events.publish(MEETINGS_SCHEDULED, meetings=created)
    return created


# --- single meetings ---------------------------------------------------------------------


def _touch(meeting: Meeting, *fields: str) -> None:
    # Every change bumps SEQUENCE so calendar clients replace the event they already have.
    meeting.sequence = F("sequence") + 1  # type: ignore[assignment]
    meeting.updated_at = timezone.now()
    meeting.save(update_fields=[*fields, "sequence", "updated_at"])
    meeting.refresh_from_db(fields=["sequence"])


@transaction.atomic
def meeting_schedule(
    *,
    pair: Pair,
    actor: AnyUser,
    starts_at: dt.datetime,
    duration_minutes: int | None = None,
    location: str = "",
    video_url: str = "",
) -> Meeting:
    require_writer(actor=actor, pair=pair)
    duration = duration_minutes or pair.program.meeting_minutes
    video_url = clean_video_url(video_url)
    check_time_bounds(pair=pair, starts_at=starts_at, duration=duration)
    meeting = Meeting.objects.create(
        pair=pair,
        starts_at=starts_at,
        duration_minutes=duration,
        location=location.strip(),
        video_url=video_url,
    )
    events.publish(MEETING_SCHEDULED, meeting=meeting)
    return meeting


@transaction.atomic
def meeting_reschedule(
    *,
    meeting: Meeting,
    actor: AnyUser,
    starts_at: dt.datetime,
    duration_minutes: int | None = None,
    location: str | None = None,
    video_url: str | None = None,
) -> Meeting:
    """Move or change a meeting; None leaves the place or link as it is."""
    require_writer(actor=actor, pair=meeting.pair)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ServiceError(_("Only a scheduled meeting can be moved."), field="status", status=409)
    if video_url is not None:
        video_url = clean_video_url(video_url)
    duration = duration_minutes or meeting.duration_minutes
    check_time_bounds(pair=meeting.pair, starts_at=starts_at, duration=duration, exclude=meeting)
    meeting.starts_at = starts_at
    meeting.duration_minutes = duration
    if location is not None:
        meeting.location = location.strip()
    if video_url is not None:
        meeting.video_url = video_url
    _touch(meeting, "starts_at", "duration_minutes", "location", "video_url")
    events.publish(MEETING_MOVED, meeting=meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: AnyUser, reason: str) -> Meeting:
    role = require_writer(actor=actor, pair=meeting.pair)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ServiceError(
            _("Only a scheduled meeting can be cancelled."), field="status", status=409
        )
    if not reason.strip():
        raise ServiceError(
            _("Say briefly why, so the two of you can find a better time."), field="reason"
        )
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_by_role = role
    meeting.cancel_reason = reason.strip()[:300]
    _touch(meeting, "status", "cancelled_by_role", "cancel_reason")
    events.publish(MEETING_CANCELLED, meeting=meeting)
    return meeting


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, actor: AnyUser) -> Meeting:
    require_writer(actor=actor, pair=meeting.pair)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ServiceError(
            _("Only a scheduled meeting can be marked as held."), field="status", status=409
        )
    if meeting.starts_at > timezone.now():
        raise ServiceError(_("This meeting has not started yet."), field="status", status=409)
    meeting.status = Meeting.Status.HELD
    meeting.held_at = meeting.starts_at
    _touch(meeting, "status", "held_at")
    events.publish(MEETING_HELD, meeting=meeting)
    return meeting


def meetings_cancel_upcoming(*, pair: Pair, role: str, reason: str) -> int:
    """When a pair ends, future meetings are cancelled so they disappear from calendars."""
    count = 0
    for meeting in pair.meetings.filter(
        status=Meeting.Status.SCHEDULED, starts_at__gt=timezone.now()
    ):
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancelled_by_role = role
        meeting.cancel_reason = reason
        _touch(meeting, "status", "cancelled_by_role", "cancel_reason")
        events.publish(MEETING_CANCELLED, meeting=meeting)
        count += 1
    return count


# --- agenda ------------------------------------------------------------------------------


def _require_agenda_open(meeting: Meeting) -> None:
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ServiceError(_("The agenda closes once a meeting is held or cancelled."), status=409)


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, actor: AnyUser, text: str, prompt_id: int | None = None
) -> AgendaItem:
    """`prompt_id` names the library prompt the item came from (content resolves it)."""
    require_writer(actor=actor, pair=meeting.pair)
    _require_agenda_open(meeting)
    text = text.strip()
    if not text:
        raise ServiceError(_("Write the item."), field="text")
    if meeting.agenda_items.count() >= MAX_AGENDA_ITEMS:
        raise ServiceError(
            _("An agenda of %(n)d items is already plenty for one conversation.")
            % {"n": MAX_AGENDA_ITEMS},
            field="text",
        )
    last = meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0
    return AgendaItem.objects.create(
        meeting=meeting,
        author=account(actor),
        text=text[:500],
        prompt_id=prompt_id,
        order=last + 1,
    )


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor: AnyUser) -> None:
    require_writer(actor=actor, pair=item.meeting.pair)
    _require_agenda_open(item.meeting)
    if item.author_id != actor.pk:
        raise ServiceError(_("Only the person who added an item can remove it."), status=403)
    item.delete()


@transaction.atomic
def agenda_apply_template(*, meeting: Meeting, actor: AnyUser, items: list[str]) -> int:
    """Add a template's items that are not already on the agenda."""
    require_writer(actor=actor, pair=meeting.pair)
    _require_agenda_open(meeting)
    existing = set(meeting.agenda_items.values_list("text", flat=True))
    room = MAX_AGENDA_ITEMS - len(existing)
    added = 0
    for text in items:
        if added >= room:
            break
        if text in existing:
            continue
        agenda_item_add(meeting=meeting, actor=actor, text=text)
        added += 1
    return added
