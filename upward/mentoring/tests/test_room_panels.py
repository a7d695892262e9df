"""What the pair room's panels say, now that each is read once per page (issue 16): the next
meeting and those awaiting an outcome from one read, open actions and learning goals, the
charter, and the partner's department and chosen time zone with the pair itself."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from upward.mentoring import selectors
from upward.mentoring.models import Action, Charter, ClosureChoice, LearningGoal, Meeting, Pair
from upward.mentoring.services import charters, meetings
from upward.mentoring.tests.factories import user_of
from upward.notifications.models import DeliveryPreference
from upward.people.models import Department

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 10, 9, 0, tzinfo=dt.UTC)


def _meeting(pair: Pair, days: float, status: str = "scheduled") -> Meeting:
    return Meeting.objects.create(pair=pair, starts_at=NOW + dt.timedelta(days=days), status=status)


@time_machine.travel(NOW, tick=False)
def test_the_next_meeting_is_the_first_still_to_come_and_past_scheduled_ones_await_an_outcome(
    pair: Pair,
) -> None:
    later, soon = _meeting(pair, 9), _meeting(pair, 2)
    _meeting(pair, 1, status="cancelled")
    old, older = _meeting(pair, -3), _meeting(pair, -10)
    _meeting(pair, -5, status="held")

    scheduled = selectors.scheduled_meetings(pair=pair)

    assert scheduled.next == soon
    assert scheduled.awaiting == [older, old]
    assert selectors.next_meeting(pair=pair) == soon
    assert selectors.meetings_awaiting_outcome(pair=pair) == [older, old]
    assert later not in scheduled.awaiting


@time_machine.travel(NOW, tick=False)
def test_a_meeting_starting_this_minute_is_next_and_one_a_second_ago_awaits(pair: Pair) -> None:
    now, gone = (
        _meeting(pair, 0),
        Meeting.objects.create(pair=pair, starts_at=NOW - dt.timedelta(seconds=1)),
    )
    scheduled = selectors.scheduled_meetings(pair=pair)
    assert (scheduled.next, scheduled.awaiting) == (now, [gone])


def test_a_pair_with_nothing_scheduled_has_no_next_meeting(pair: Pair) -> None:
    assert selectors.scheduled_meetings(pair=pair) == selectors.ScheduledMeetings(None, [])


def test_open_actions_are_the_planned_and_started_ones_soonest_due_first(pair: Pair) -> None:
    today = timezone.localdate()
    late = Action.objects.create(pair=pair, title="Later", due_on=today + dt.timedelta(days=9))
    first = Action.objects.create(
        pair=pair, title="First", due_on=today, status=Action.Status.IN_PROGRESS
    )
    Action.objects.create(pair=pair, title="Done", due_on=today, status=Action.Status.DONE)
    Action.objects.create(pair=pair, title="Dropped", due_on=today, status=Action.Status.DROPPED)

    assert selectors.open_actions_of(user=user_of(pair.leader), pair=pair) == [first, late]


def test_another_pairs_member_gets_no_actions_and_no_goals(pair: Pair, other_pair: Pair) -> None:
    Action.objects.create(pair=pair, title="Try the board", due_on=timezone.localdate())
    LearningGoal.objects.create(pair=pair, author=user_of(pair.mentor), title="Budgets")
    outsider = user_of(other_pair.leader)

    assert selectors.open_actions_of(user=outsider, pair=pair) == []
    assert selectors.learning_goals_list(user=outsider, pair=pair) == []
    assert [
        g.title for g in selectors.learning_goals_list(user=user_of(pair.leader), pair=pair)
    ] == ["Budgets"]


def test_the_charter_is_read_when_it_exists_and_created_once_when_it_does_not(pair: Pair) -> None:
    created = charters.charter_get_or_create(pair=pair)
    again = charters.charter_get_or_create(pair=pair)

    assert again.pk == created.pk
    assert again.pair is pair
    assert Charter.objects.filter(pair=pair).count() == 1


def test_the_room_shows_the_partners_department_and_chosen_time_zone(pair: Pair) -> None:
    mentor = pair.mentor
    mentor.person.department = Department.objects.create(name="Customer Insight")
    mentor.person.save()
    DeliveryPreference.objects.create(user=user_of(mentor), timezone="Asia/Tokyo")

    response = client_for(user_of(pair.leader)).get(reverse("mentoring:room", args=[pair.pk]))

    body = response.content.decode()
    assert "Customer Insight" in body
    assert "Their time zone: Asia/Tokyo" in body


@time_machine.travel(NOW, tick=False)
def test_the_room_lists_the_next_meeting_open_actions_and_meetings_awaiting_an_outcome(
    pair: Pair,
) -> None:
    _meeting(pair, 2)
    _meeting(pair, -3)
    Action.objects.create(pair=pair, title="Shadow a stand-up", due_on=NOW.date())
    Action.objects.create(pair=pair, title="Finished already", due_on=NOW.date(), status="done")

    body = client_for(user_of(pair.mentor)).get(reverse("mentoring:room", args=[pair.pk]))
    text = body.content.decode()

    assert "Nothing scheduled." not in text
    assert "is still marked scheduled" in text
    assert "Shadow a stand-up" in text
    assert "Finished already" not in text


@pytest.mark.parametrize("answered", [True, False])
def test_a_pair_ending_early_tells_each_person_whether_they_have_answered(
    pair: Pair, answered: bool
) -> None:
    Pair.objects.filter(pk=pair.pk).update(
        early_end_by="mentor", early_end_requested_at=timezone.now(), early_end_reason="New role"
    )
    if answered:
        ClosureChoice.objects.create(
            pair=pair,
            user=user_of(pair.leader),
            role="leader",
            choice=ClosureChoice.Next.choices[0][0],
            final_reflection="Thank you",
        )

    text = client_for(user_of(pair.leader)).get(reverse("mentoring:room", args=[pair.pk]))
    body = text.content.decode()

    assert ("Thank you for your final reflection" in body) is answered
    assert ("Write my final reflection" in body) is not answered


@time_machine.travel(NOW, tick=False)
def test_a_new_series_continues_after_the_last_meeting_not_cancelled(pair: Pair) -> None:
    _meeting(pair, -20, status="held")
    last = _meeting(pair, 12)
    _meeting(pair, 30, status="cancelled")

    assert (
        selectors.last_planned_meeting(
            selectors.meetings_list(user=user_of(pair.leader), pair=pair)
        )
        == last
    )
    # The page passes the start it has read; the service reads it itself otherwise: one answer.
    read_itself = meetings.series_first_on(pair=pair)
    assert meetings.series_first_on(pair=pair, last_start=last.starts_at) == read_itself
    assert read_itself > last.starts_at.date()

    body = client_for(user_of(pair.leader)).get(reverse("mentoring:meetings", args=[pair.pk]))
    page = body.content.decode()
    assert 'id="series-continue"' in page
    assert "Continue the series" in page
    assert page.count("/meetings/") >= 3


def test_with_every_meeting_cancelled_a_series_starts_afresh(pair: Pair) -> None:
    _meeting(pair, 5, status="cancelled")

    assert (
        selectors.last_planned_meeting(
            selectors.meetings_list(user=user_of(pair.mentor), pair=pair)
        )
        is None
    )
    assert meetings.series_first_on(pair=pair, last_start=None) == meetings.series_first_on(
        pair=pair
    )


def test_someone_outside_the_pair_gets_no_meeting_list(pair: Pair, other_pair: Pair) -> None:
    _meeting(pair, 5)

    assert selectors.meetings_list(user=user_of(other_pair.leader), pair=pair) == []
