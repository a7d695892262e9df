"""Meeting series, time zones (DST), bounds against over-asking, cancellation."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from upward.errors import ServiceError
from upward.mentoring.models import Meeting, Pair
from upward.mentoring.services import meetings
from upward.mentoring.tests.factories import PairFactory, ProgramFactory
from upward.people.models import User

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


@time_machine.travel(dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC), tick=False)
def test_series_covers_the_program_at_the_cadence_on_weekdays() -> None:
    program = ProgramFactory(cadence_days=30, duration_months=6, meeting_minutes=45, ends_on=None)
    pair = PairFactory(program=program, started_on=dt.date(2026, 1, 5))
    leader = pair.leader.user
    created = meetings.meeting_series_generate(pair=pair, actor=leader)
    assert len(created) == 6  # Jan 12 .. Jul 5 every 30 days, ending by Jul 5
    assert all(m.duration_minutes == 45 for m in created)
    assert all(m.starts_at.astimezone(LONDON).weekday() < 5 for m in created)
    assert created[0].starts_at.astimezone(LONDON).date() == dt.date(2026, 1, 12)
    assert len({m.uid for m in created}) == 6


@time_machine.travel(dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC), tick=False)
def test_series_keeps_the_leaders_local_time_across_dst() -> None:
    """Documented choice: 10:00 for the leader (London) stays 10:00 after the clocks change;
    the UTC instant moves, and the New York mentor sees it shift accordingly."""
    program = ProgramFactory(cadence_days=14, duration_months=2)
    pair = PairFactory(program=program, started_on=dt.date(2026, 2, 2))
    pair.leader.person.timezone = "Europe/London"
    pair.leader.person.save()
    pair.mentor.person.timezone = "America/New_York"
    pair.mentor.person.save()
    created = meetings.meeting_series_generate(
        pair=pair, actor=pair.leader.user, first_on=dt.date(2026, 3, 16)
    )
    local_times = {m.starts_at.astimezone(LONDON).time() for m in created}
    assert local_times == {dt.time(10, 0)}
    utc_hours = [m.starts_at.astimezone(dt.UTC).hour for m in created]
    assert utc_hours[0] == 10 and utc_hours[-1] == 9  # London moved to BST on 29 March
    # The mentor's wall clock follows the instant: 06:00 in New York (already on EDT), then 05:00.
    mentor_hours = [m.starts_at.astimezone(NEW_YORK).hour for m in created]
    assert mentor_hours[0] == 6 and mentor_hours[-1] == 5


def test_a_second_series_with_nothing_left_to_add_is_refused_naming_the_series(
    pair: Pair, leader: User
) -> None:
    meetings.meeting_series_generate(pair=pair, actor=leader)
    before = pair.meetings.count()
    with pytest.raises(ServiceError) as exc:
        meetings.meeting_series_generate(pair=pair, actor=leader)
    assert exc.value.field == "series" and exc.value.status == 409
    assert pair.meetings.count() == before


def _future(days: int, hour: int = 10) -> dt.datetime:

    base = timezone.now().astimezone(LONDON).date() + dt.timedelta(days=days)
    return dt.datetime.combine(base, dt.time(hour), tzinfo=LONDON)


def test_schedule_stores_utc_and_checks_bounds(pair: Pair, leader: User) -> None:
    m = meetings.meeting_schedule(pair=pair, actor=leader, starts_at=_future(3))
    assert m.starts_at.utcoffset() == dt.timedelta(0) or m.starts_at.tzinfo is not None
    with pytest.raises(ServiceError, match="at least 7 days apart"):
        meetings.meeting_schedule(pair=pair, actor=leader, starts_at=_future(5))
    with pytest.raises(ServiceError, match="at most 120 minutes"):
        meetings.meeting_schedule(
            pair=pair, actor=leader, starts_at=_future(20), duration_minutes=200
        )


def test_monthly_time_cap_protects_the_mentor(pair: Pair, mentor: User) -> None:

    today = timezone.now().astimezone(LONDON).date()
    # Pick a month fully in the future so the test does not depend on today's date.
    first = (today.replace(day=1) + dt.timedelta(days=40)).replace(day=1)
    day = lambda d: dt.datetime.combine(first + dt.timedelta(days=d), dt.time(10), tzinfo=LONDON)  # noqa: E731
    meetings.meeting_schedule(pair=pair, actor=mentor, starts_at=day(0), duration_minutes=60)
    meetings.meeting_schedule(pair=pair, actor=mentor, starts_at=day(8), duration_minutes=60)
    with pytest.raises(ServiceError, match="120 minutes a month"):
        meetings.meeting_schedule(pair=pair, actor=mentor, starts_at=day(16), duration_minutes=30)


def test_past_times_are_refused_with_an_explanation(pair: Pair, leader: User) -> None:
    with pytest.raises(ServiceError) as exc:
        meetings.meeting_schedule(pair=pair, actor=leader, starts_at=_future(-2))
    assert exc.value.field == "starts_at"


def test_cancellation_records_who_and_why(pair: Pair, leader: User) -> None:
    m = meetings.meeting_schedule(pair=pair, actor=leader, starts_at=_future(3))
    with pytest.raises(ServiceError):
        meetings.meeting_cancel(meeting=m, actor=leader, reason="  ")
    meetings.meeting_cancel(meeting=m, actor=leader, reason="Board meeting")
    m.refresh_from_db()
    assert m.status == Meeting.Status.CANCELLED
    assert m.cancelled_by_role == "leader"
    assert m.cancel_reason == "Board meeting"
    assert m.sequence == 1


def test_reschedule_bumps_sequence_and_keeps_uid(pair: Pair, mentor: User) -> None:
    m = meetings.meeting_schedule(pair=pair, actor=mentor, starts_at=_future(3))
    uid = m.uid
    meetings.meeting_reschedule(meeting=m, actor=mentor, starts_at=_future(4))
    meetings.meeting_reschedule(meeting=m, actor=mentor, starts_at=_future(4, hour=14))
    m.refresh_from_db()
    assert m.uid == uid and m.sequence == 2


def test_mark_held_only_after_start(pair: Pair, leader: User) -> None:
    m = meetings.meeting_schedule(pair=pair, actor=leader, starts_at=_future(3))
    with pytest.raises(ServiceError, match="not started"):
        meetings.meeting_mark_held(meeting=m, actor=leader)
    with time_machine.travel(m.starts_at + dt.timedelta(minutes=5)):
        meetings.meeting_mark_held(meeting=m, actor=leader)
    m.refresh_from_db()
    assert m.status == Meeting.Status.HELD and m.held_at is not None


def test_agenda_either_person_adds_before_the_meeting(
    pair: Pair, leader: User, mentor: User
) -> None:
    m = meetings.meeting_schedule(pair=pair, actor=leader, starts_at=_future(3))
    meetings.agenda_item_add(meeting=m, actor=leader, text="Tools")
    meetings.agenda_item_add(meeting=m, actor=mentor, text="Feedback")
    assert list(m.agenda_items.values_list("order", flat=True)) == [1, 2]
    added = meetings.agenda_apply_template(meeting=m, actor=mentor, items=["Tools", "New item"])
    assert added == 1
    meetings.meeting_cancel(meeting=m, actor=leader, reason="x")
    with pytest.raises(ServiceError):
        meetings.agenda_item_add(meeting=m, actor=leader, text="Late")
