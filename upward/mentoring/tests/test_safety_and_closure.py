from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import client_for
from upward.community.models import Post
from upward.errors import ServiceError
from upward.mentoring import selectors
from upward.mentoring.models import Meeting, Pair
from upward.mentoring.services import journal, meetings, safety
from upward.mentoring.tests.factories import invite_to_close
from upward.people.models import User
from upward.programs.models import Program, Topic

pytestmark = pytest.mark.django_db


def _soon() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=3)


def test_no_fault_exit_ends_pair_cancels_meetings_and_offers_rematch(
    pair: Pair, leader: User, mentor: User, coordinator_user: User, program: Program
) -> None:
    m = meetings.meeting_schedule(pair=pair, actor=leader, starts_at=_soon())
    safety.pair_exit(pair=pair, actor=mentor, wants_rematch=True)
    pair.refresh_from_db()
    m.refresh_from_db()
    assert pair.status == Pair.Status.ENDED and pair.ended_by == "mentor"
    assert m.status == Meeting.Status.CANCELLED and m.sequence == 1
    wanting = selectors.participants_wanting_rematch(user=coordinator_user, program=program)
    assert [p.pk for p in wanting] == [pair.mentor_id]
    safety.rematch_request(pair=pair, actor=leader)
    assert len(selectors.participants_wanting_rematch(user=coordinator_user, program=program)) == 2


def test_room_is_read_only_after_it_ends(pair: Pair, leader: User, mentor: User) -> None:
    safety.pair_exit(pair=pair, actor=leader, wants_rematch=False)
    with pytest.raises(ServiceError) as exc:
        journal.note_create(pair=pair, actor=leader, body="late")
    assert exc.value.status == 409
    with pytest.raises(ServiceError):
        meetings.meeting_schedule(pair=pair, actor=mentor, starts_at=_soon())
    # A concern can still be raised: safety does not expire.
    assert safety.concern_raise(pair=pair, actor=mentor, text="After the end").pk


def test_closure_needs_both_choices_then_closes_and_celebrates(
    pair: Pair, leader: User, mentor: User
) -> None:
    m = meetings.meeting_schedule(pair=pair, actor=leader, starts_at=_soon())
    invite_to_close(pair)
    safety.closure_submit(
        pair=pair,
        actor=leader,
        choice="continue",
        final_reflection="I listen more.",
        celebrate_by_name=True,
    )
    pair.refresh_from_db()
    assert pair.is_open
    safety.closure_submit(
        pair=pair,
        actor=mentor,
        choice="mentor_anew",
        final_reflection="I found my voice.",
        celebrate_by_name=True,
    )
    pair.refresh_from_db()
    m.refresh_from_db()
    assert pair.status == Pair.Status.CLOSED and pair.ended_on == timezone.localdate()
    assert m.status == Meeting.Status.CANCELLED
    post = Post.objects.get(pair=pair, kind=Post.Kind.CELEBRATION)
    assert pair.leader.person.name in post.body
    response = client_for(leader).post(
        f"/pairs/{pair.pk}/notes/", {"body": "x", "visibility": "private"}
    )
    assert "read-only" in response.content.decode()


def test_celebration_is_anonymous_unless_both_agree(pair: Pair, leader: User, mentor: User) -> None:
    invite_to_close(pair)
    safety.closure_submit(
        pair=pair, actor=leader, choice="group", final_reflection="a", celebrate_by_name=True
    )
    safety.closure_submit(pair=pair, actor=mentor, choice="pause", final_reflection="b")
    post = Post.objects.get(pair=pair)
    assert pair.mentor.person.name not in post.body
    assert post.body.startswith("A pair in this program")


def test_concern_is_never_visible_to_the_partner(
    pair: Pair, leader: User, mentor: User, coordinator_user: User
) -> None:
    concern = safety.concern_raise(pair=pair, actor=mentor, text="Asked to speak for everyone")
    assert concern in selectors.concerns_visible(user=mentor)
    assert concern not in selectors.concerns_visible(user=leader)
    assert concern in selectors.concerns_for_coordinator(user=coordinator_user)
    page = client_for(coordinator_user).get("/pairs/concerns/")
    assert "Asked to speak for everyone" in page.content.decode()
    assert (
        "Asked to speak" not in client_for(leader).get(f"/pairs/{pair.pk}/safety/").content.decode()
    )


def test_dropping_an_action_needs_a_reason(pair: Pair, leader: User) -> None:
    action = journal.action_create(
        pair=pair, actor=leader, title="Try a tool", due_on=timezone.localdate()
    )
    with pytest.raises(ServiceError) as exc:
        journal.action_update(action=action, actor=leader, status="dropped")
    assert exc.value.field == "dropped_reason"
    journal.action_update(action=action, actor=leader, status="dropped", dropped_reason="No budget")
    assert action.dropped_reason == "No budget"
    with pytest.raises(ServiceError):
        journal.action_publish(action=action, actor=leader)


def test_actions_need_a_due_date_and_only_the_mentor_consents_to_credit(
    pair: Pair, leader: User, mentor: User
) -> None:
    with pytest.raises(ServiceError) as exc:
        journal.action_create(pair=pair, actor=leader, title="x", due_on=None)
    assert exc.value.field == "due_on"
    action = journal.action_create(
        pair=pair,
        actor=leader,
        title="Publish me",
        due_on=timezone.localdate() + dt.timedelta(days=9),
    )
    journal.action_publish(action=action, actor=leader)
    with pytest.raises(ServiceError):
        journal.action_credit_mentor(action=action, actor=leader, consent=True)
    celebration = Post.objects.get(action=action)
    assert pair.mentor.person.name not in celebration.body
    journal.action_credit_mentor(action=action, actor=mentor, consent=True)
    celebration.refresh_from_db()
    assert pair.mentor.person.name in celebration.body
    journal.action_publish(action=action, actor=leader, published=False)
    assert not Post.objects.filter(action=action).exists()


def test_board_lists_published_actions_and_anonymous_themes(
    pair: Pair, leader: User, coordinator_user: User, program: Program
) -> None:

    topic = Topic.objects.create(slug="t-ai", name="AI tools")
    program.anonymity_threshold = 2
    program.save()
    journal.insight_create(pair=pair, actor=leader, text="insight one", topic_id=topic.pk)
    action = journal.action_create(
        pair=pair,
        actor=leader,
        title="Board item",
        topic_id=topic.pk,
        due_on=timezone.localdate() + dt.timedelta(days=3),
    )
    journal.action_publish(action=action, actor=leader)
    themes = selectors.program_themes(user=coordinator_user, program=program)
    assert themes[0].topic == "AI tools" and themes[0].published_actions == 1
    assert themes[0].insights is None  # 1 < threshold 2: hidden
    html = client_for(coordinator_user).get(f"/pairs/board/{program.slug}/").content.decode()
    assert "Board item" in html and "insight one" not in html
    assert pair.mentor.person.name not in html


def test_health_flags_quiet_pairs_and_unsigned_charters(pair: Pair) -> None:
    pair.started_on = timezone.localdate() - dt.timedelta(days=50)
    pair.save()
    flags = selectors.pair_health(pair=pair).flags
    assert "Charter not signed by both after 50 days" in flags
    assert "No meeting held since the pair started 50 days ago" in flags
