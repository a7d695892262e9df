"""Privacy defaults (issue 11): a meeting reflection is private unless its writer shares it, and
a sponsor sees a program space's figures and published follow-through items, never individual
posts, growth entries or names. Each test tries as the person who must not see."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.http import Http404
from django.utils import timezone

from conftest import client_for
from upward.community.models import Post
from upward.community.selectors import post_in_space, posts_of
from upward.community.services import post_create
from upward.mentoring.models import Meeting, Pair, Reflection
from upward.mentoring.services import journal
from upward.mentoring.tests.factories import PairFactory, ProgramFactory, user_of
from upward.people.models import User
from upward.programs.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

SECRET = "MK-ONLY-MINE-reflection"


def _held_meeting(pair: Pair) -> Meeting:
    return Meeting.objects.create(
        pair=pair, starts_at=timezone.now() - dt.timedelta(hours=2), status="held"
    )


# --- reflections: private by default -----------------------------------------------------------


def test_a_reflection_saved_without_a_choice_is_private_to_its_writer() -> None:
    pair = PairFactory()
    meeting = _held_meeting(pair)
    leader, mentor = user_of(pair.leader), user_of(pair.mentor)
    reflection = journal.reflection_save(meeting=meeting, actor=leader, first=SECRET, second="")
    assert reflection.shared_with_partner is False
    url = f"/pairs/{pair.pk}/meetings/{meeting.pk}/"
    assert SECRET in client_for(leader).get(url).content.decode()
    assert SECRET not in client_for(mentor).get(url).content.decode()
    api = client_for(mentor).get(f"/api/v1/pairs/{pair.pk}/meetings/{meeting.pk}/reflections")
    assert api.status_code == 200 and api.json() == []


def test_the_page_form_starts_on_private_and_shares_only_when_chosen() -> None:
    pair = PairFactory()
    meeting = _held_meeting(pair)
    leader, mentor = user_of(pair.leader), user_of(pair.mentor)
    url = f"/pairs/{pair.pk}/meetings/{meeting.pk}/"
    page = client_for(leader).get(url).content.decode()
    private_radio = r'<input type="radio" name="shared_with_partner" value="private"[^>]*checked'
    assert re.search(private_radio, page)
    # Posting the form without touching the choice keeps it private.
    client_for(leader).post(f"{url}reflection/", {"first": SECRET, "second": ""})
    assert Reflection.objects.get().shared_with_partner is False
    assert "private: only you" in client_for(leader).get(url).content.decode()
    # Choosing to share shows it to the partner, and the writer sees that it is shared.
    client_for(leader).post(
        f"{url}reflection/", {"first": SECRET, "second": "", "shared_with_partner": "shared"}
    )
    assert SECRET in client_for(mentor).get(url).content.decode()
    assert "shared with your partner" in client_for(leader).get(url).content.decode()


def test_the_api_keeps_the_writers_choice_when_saving_again_without_it() -> None:
    pair = PairFactory()
    meeting = _held_meeting(pair)
    leader = client_for(user_of(pair.leader))
    url = f"/api/v1/pairs/{pair.pk}/meetings/{meeting.pk}/reflection"
    first = leader.put(url, {"first": "a"}, content_type="application/json")
    assert first.status_code == 200 and first.json()["shared_with_partner"] is False
    shared = leader.put(
        url, {"first": "b", "shared_with_partner": True}, content_type="application/json"
    )
    assert shared.json()["shared_with_partner"] is True
    again = leader.put(url, {"first": "c"}, content_type="application/json")
    assert again.json()["shared_with_partner"] is True
    schema = client_for(user_of(pair.leader)).get("/api/v1/openapi.json").json()
    described = str(schema["components"]["schemas"]["ReflectionIn"])
    assert "private by default" in described


# --- sponsors: figures and published follow-through, not posts or names ------------------------


@pytest.fixture
def space(sponsor_user: User, coordinator_user: User) -> dict[str, object]:
    program = ProgramFactory(slug="space", sponsor=sponsor_user)
    program.coordinators.add(coordinator_user)
    pair = PairFactory(program=program)
    pair.leader.person.name = "Lena Leaderperson"
    pair.leader.person.save()
    pair.mentor.person.name = "Milo Mentorperson"
    pair.mentor.person.save()
    leader = user_of(pair.leader)
    post = post_create(program=program, actor=leader, body="MK-INDIVIDUAL-POST")
    action = journal.action_create(
        pair=pair,
        actor=leader,
        title="MK-PUBLISHED-ACTION",
        due_on=timezone.localdate() + dt.timedelta(days=30),
    )
    journal.action_publish(action=action, actor=leader)
    journal.action_credit_mentor(action=action, actor=user_of(pair.mentor), consent=True)
    journal.growth_entry_create(
        pair=pair, actor=leader, text="MK-PUBLISHED-GROWTH", visibility="program"
    )
    return {"program": program, "pair": pair, "post": post}


def test_a_sponsor_sees_the_space_in_figures_but_no_post_or_name(
    space: dict[str, object], sponsor_user: User
) -> None:
    sponsor = client_for(sponsor_user)
    page = sponsor.get("/community/space/").content.decode()
    assert "The space in figures" in page
    for hidden in ("MK-INDIVIDUAL-POST", "Lena Leaderperson", "Milo Mentorperson"):
        assert hidden not in page, hidden
    celebrations = sponsor.get("/community/space/?show=celebrations").content.decode()
    assert "Lena Leaderperson" not in celebrations
    assert sponsor.get("/api/v1/community/spaces/space/posts").json() == []
    summary = sponsor.get("/api/v1/community/spaces/space/summary").json()
    assert summary["posts"] == Post.objects.count() and summary["actions_published"] == 1
    assert summary["leaders"] == 1 and summary["mentors"] == 1
    board = sponsor.get("/api/v1/community/spaces/space/board").json()
    assert [a["title"] for a in board] == ["MK-PUBLISHED-ACTION"]
    assert board[0]["leader"] is None and board[0]["credited_mentor"] is None


def test_a_sponsor_cannot_open_one_post_by_page_api_or_selector(
    space: dict[str, object], sponsor_user: User
) -> None:
    post = space["post"]
    assert isinstance(post, Post)
    sponsor = client_for(sponsor_user)
    assert sponsor.get(f"/community/posts/{post.pk}/delete/").status_code == 404
    assert sponsor.delete(f"/api/v1/community/posts/{post.pk}").status_code == 404
    with pytest.raises(Http404):
        post_in_space(user=sponsor_user, post_id=post.pk)
    assert not posts_of(user=sponsor_user, program=post.program).exists()


def test_the_board_shows_a_sponsor_published_actions_without_names_or_growth_entries(
    space: dict[str, object], sponsor_user: User, coordinator_user: User
) -> None:
    board = client_for(sponsor_user).get("/pairs/board/space/").content.decode()
    assert "MK-PUBLISHED-ACTION" in board
    for hidden in ("Lena Leaderperson", "Milo Mentorperson", "MK-PUBLISHED-GROWTH"):
        assert hidden not in board, hidden
    # The space's own people still see who did what.
    pair = space["pair"]
    assert isinstance(pair, Pair)
    member_board = client_for(user_of(pair.mentor)).get("/pairs/board/space/").content.decode()
    assert "Lena Leaderperson" in member_board and "MK-PUBLISHED-GROWTH" in member_board
    coordinator = client_for(coordinator_user).get("/community/space/").content.decode()
    assert "MK-INDIVIDUAL-POST" in coordinator
    api = client_for(coordinator_user).get("/api/v1/community/spaces/space/board").json()
    assert api[0]["leader"] == "Lena Leaderperson"
    assert api[0]["credited_mentor"] == "Milo Mentorperson"


def test_a_sponsor_who_also_takes_part_sees_the_space_as_a_member(
    space: dict[str, object], sponsor_user: User
) -> None:
    program = space["program"]
    ParticipantFactory(program=program, person=sponsor_user.person, user=sponsor_user)
    page = client_for(sponsor_user).get("/community/space/").content.decode()
    assert "MK-INDIVIDUAL-POST" in page
