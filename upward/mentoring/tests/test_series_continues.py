"""A meeting series once the pair already has meetings (issue 15 item 8): it continues after the
last one without doubling a date, and its suggested first date is never before the program
starts nor in the past. Time is frozen so every date below is exact."""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import client_for
from upward.mentoring.models import Meeting, Pair
from upward.mentoring.services import meetings
from upward.mentoring.tests.factories import PairFactory, ProgramFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)  # a Monday


def _pair(*, starts_on: dt.date, started_on: dt.date) -> Pair:
    program = ProgramFactory(cadence_days=30, duration_months=6, ends_on=None, starts_on=starts_on)
    pair = PairFactory(program=program, started_on=started_on)
    pair.leader.person.timezone = "Europe/London"
    pair.leader.person.save()
    return pair


def _local_dates(pair: Pair) -> list[dt.date]:
    return [
        m.starts_at.astimezone(LONDON).date()
        for m in pair.meetings.exclude(status=Meeting.Status.CANCELLED).order_by("starts_at")
    ]


def _first_on_shown(html: str) -> str:
    match = re.search(r'name="first_on"[^>]*value="([0-9-]+)"', html) or re.search(
        r'value="([0-9-]+)"[^>]*name="first_on"', html
    )
    assert match, "the series form shows a first date"
    return match.group(1)


@time_machine.travel(NOW, tick=False)
def test_a_series_continues_one_cadence_after_the_meeting_already_planned() -> None:
    pair = _pair(starts_on=dt.date(2026, 1, 5), started_on=dt.date(2026, 1, 5))
    leader = pair.leader.user
    meetings.meeting_schedule(
        pair=pair, actor=leader, starts_at=dt.datetime(2026, 1, 14, 10, 0, tzinfo=LONDON)
    )
    created = meetings.meeting_series_generate(pair=pair, actor=leader)
    # 14 Jan + 30 days = 13 Feb, then every 30 days (weekends moved to Monday) until 5 July.
    assert _local_dates(pair) == [
        dt.date(2026, 1, 14),
        dt.date(2026, 2, 13),
        dt.date(2026, 3, 16),
        dt.date(2026, 4, 14),
        dt.date(2026, 5, 14),
        dt.date(2026, 6, 15),
    ]
    assert len(created) == 5


@time_machine.travel(NOW, tick=False)
def test_a_series_from_an_early_date_skips_dates_next_to_existing_meetings() -> None:
    pair = _pair(starts_on=dt.date(2026, 1, 5), started_on=dt.date(2026, 1, 5))
    leader = pair.leader.user
    meetings.meeting_schedule(
        pair=pair, actor=leader, starts_at=dt.datetime(2026, 1, 14, 10, 0, tzinfo=LONDON)
    )
    meetings.meeting_series_generate(pair=pair, actor=leader, first_on=dt.date(2026, 1, 12))
    dates = _local_dates(pair)
    # 12 January is two days from the meeting of the 14th: skipped, not doubled.
    assert dt.date(2026, 1, 12) not in dates
    assert dates[0] == dt.date(2026, 1, 14) and dates[1] == dt.date(2026, 2, 11)
    gaps = [(b - a).days for a, b in pairwise(dates)]
    assert min(gaps) >= meetings.min_gap_days(pair=pair)


@time_machine.travel(NOW, tick=False)
def test_the_suggested_first_date_is_the_program_start_when_the_pair_was_made_before_it() -> None:
    pair = _pair(starts_on=dt.date(2026, 2, 2), started_on=dt.date(2026, 1, 2))
    response = client_for(pair.leader.user).get(f"/pairs/{pair.pk}/meetings/")
    assert response.status_code == 200
    assert _first_on_shown(response.content.decode()) == "2026-02-02"
    created = meetings.meeting_series_generate(pair=pair, actor=pair.leader.user)
    assert created[0].starts_at.astimezone(LONDON).date() == dt.date(2026, 2, 2)


@time_machine.travel(NOW, tick=False)
def test_the_suggested_first_date_of_a_late_series_is_never_in_the_past() -> None:
    pair = _pair(starts_on=dt.date(2025, 11, 3), started_on=dt.date(2025, 11, 3))
    html = client_for(pair.leader.user).get(f"/pairs/{pair.pk}/meetings/").content.decode()
    assert _first_on_shown(html) == "2026-01-06"


@time_machine.travel(NOW, tick=False)
def test_a_first_date_before_the_program_starts_is_refused_beside_the_field() -> None:
    pair = _pair(starts_on=dt.date(2026, 2, 2), started_on=dt.date(2026, 1, 2))
    response = client_for(pair.leader.user).post(
        f"/pairs/{pair.pk}/meetings/",
        {"series": "1", "first_on": "2026-01-12", "time": "10:00"},
    )
    assert "The program starts on 2 Feb 2026" in response.content.decode()
    assert not pair.meetings.exists()


@time_machine.travel(NOW, tick=False)
def test_the_page_offers_to_continue_and_adds_the_rest_of_the_series() -> None:
    pair = _pair(starts_on=dt.date(2026, 1, 5), started_on=dt.date(2026, 1, 5))
    leader = pair.leader.user
    meetings.meeting_schedule(
        pair=pair, actor=leader, starts_at=dt.datetime(2026, 1, 14, 10, 0, tzinfo=LONDON)
    )
    client = client_for(leader)
    html = client.get(f"/pairs/{pair.pk}/meetings/").content.decode()
    assert "Continue the series" in html and _first_on_shown(html) == "2026-02-13"
    response = client.post(
        f"/pairs/{pair.pk}/meetings/",
        {"series": "1", "first_on": "2026-02-13", "time": "10:00"},
        follow=True,
    )
    assert "5 meetings added" in response.content.decode()
    assert len(_local_dates(pair)) == 6


@time_machine.travel(NOW, tick=False)
def test_the_api_adds_the_rest_then_answers_409_naming_the_series() -> None:
    pair = _pair(starts_on=dt.date(2026, 1, 5), started_on=dt.date(2026, 1, 5))
    leader = pair.leader.user
    meetings.meeting_schedule(
        pair=pair, actor=leader, starts_at=dt.datetime(2026, 1, 14, 10, 0, tzinfo=LONDON)
    )
    client = client_for(leader)
    url = f"/api/v1/pairs/{pair.pk}/meetings/series"
    first = client.post(url, {}, content_type="application/json")
    assert first.status_code == 201 and len(first.json()) == 5
    again = client.post(url, {}, content_type="application/json")
    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "series"
    early = client.post(url, {"first_on": "2025-12-01"}, content_type="application/json")
    assert early.status_code == 400 and early.json()["errors"][0]["field"] == "first_on"
