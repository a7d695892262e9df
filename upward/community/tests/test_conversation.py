"""A space is a conversation: replies under posts, a few reactions, and the platform's
celebrations grouped into one card a week instead of flooding the feed."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.test import Client

from conftest import client_for
from upward.community.models import Post, Reaction, Reply
from upward.community.services import celebration_for_closure, post_create, reaction_set
from upward.mentoring.models import ClosureChoice, Pair
from upward.mentoring.tests.factories import PairFactory, ProgramFactory
from upward.people.models import User
from upward.programs.models import Program

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def program(coordinator_user: User, sponsor_user: User) -> Program:
    program = ProgramFactory(slug="space", sponsor=sponsor_user)
    program.coordinators.add(coordinator_user)
    return program


@pytest.fixture
def pair(program: Program) -> Pair:
    return PairFactory(program=program)


def api(client: Client, method: str, url: str, body: object = None) -> object:
    return getattr(client, method)(
        f"/api/v1/community{url}", data=body, content_type="application/json"
    )


def test_members_reply_under_a_post_and_see_the_thread(program: Program, pair: Pair) -> None:
    leader, mentor = pair.leader.user, pair.mentor.user
    post = post_create(program=program, actor=leader, body="What did you try this week?")
    page = client_for(mentor).get("/community/space/").content.decode()
    assert f'hx-post="/community/posts/{post.pk}/replies/"' in page
    thread = client_for(mentor).post(
        f"/community/posts/{post.pk}/replies/", {"body": HOSTILE}, HTTP_HX_REQUEST="true"
    )
    html = thread.content.decode()
    assert thread.status_code == 200 and f'id="social-{post.pk}"' in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    # Without htmx: back to the post on the page, which shows the reply escaped.
    again = client_for(leader).post(f"/community/posts/{post.pk}/replies/", {"body": "Thanks!"})
    assert again.status_code == 302 and again["Location"].endswith(f"#post-{post.pk}")
    page = client_for(leader).get("/community/space/").content.decode()
    assert "Thanks!" in page and "&lt;img src=x" in page and "<img src=x" not in page
    empty = client_for(leader).post(
        f"/community/posts/{post.pk}/replies/", {"body": "  "}, HTTP_HX_REQUEST="true"
    )
    assert "This field is required" in empty.content.decode()
    assert Reply.objects.count() == 2

    body = api(client_for(leader), "get", f"/posts/{post.pk}/replies").json()
    assert [r["body"] for r in body] == [HOSTILE, "Thanks!"]
    made = api(client_for(leader), "post", f"/posts/{post.pk}/replies", {"body": "API reply"})
    assert made.status_code == 201
    bad = api(client_for(leader), "post", f"/posts/{post.pk}/replies", {"body": ""})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "body"
    listed = api(client_for(mentor), "get", "/spaces/space/posts").json()
    assert len(listed[0]["replies"]) == 3


def test_replies_follow_the_space_rules(
    program: Program, pair: Pair, coordinator_user: User, sponsor_user: User, plain_user: User
) -> None:
    leader, mentor = pair.leader.user, pair.mentor.user
    post = post_create(program=program, actor=leader, body="Hello")
    reply = Reply.objects.create(post=post, author=mentor, body="Mentor's answer by Ana")
    # The sponsor sees figures, not the thread or its names; outsiders see nothing.
    sponsor_page = client_for(sponsor_user).get("/community/space/").content.decode()
    assert "Mentor's answer" not in sponsor_page and "Replies to posts" in sponsor_page
    for user in (sponsor_user, plain_user):
        c = client_for(user)
        assert c.post(f"/community/posts/{post.pk}/replies/", {"body": "x"}).status_code == 404
        assert api(c, "get", f"/posts/{post.pk}/replies").status_code == 404
        assert api(c, "delete", f"/replies/{reply.pk}").status_code == 404
        assert api(c, "put", f"/posts/{post.pk}/reactions/thanks").status_code == 404
    # Another program's member cannot reach this post either.
    stranger = PairFactory(program=ProgramFactory(slug="other")).leader.user
    assert api(client_for(stranger), "get", f"/posts/{post.pk}/replies").status_code == 404
    # Only its author or a coordinator removes a reply.
    assert api(client_for(leader), "delete", f"/replies/{reply.pk}").status_code == 404
    confirm = client_for(coordinator_user).get(f"/community/replies/{reply.pk}/delete/")
    assert "Remove this reply?" in confirm.content.decode()
    client_for(coordinator_user).post(f"/community/replies/{reply.pk}/delete/")
    assert not Reply.objects.exists()
    own = Reply.objects.create(post=post, author=leader, body="mine")
    assert api(client_for(leader), "delete", f"/replies/{own.pk}").status_code == 204
    assert not Reply.objects.exists()


def test_a_reaction_counts_once_per_person_and_kind_and_can_be_taken_back(
    program: Program, pair: Pair
) -> None:
    leader, mentor = pair.leader.user, pair.mentor.user
    post = post_create(program=program, actor=leader, body="We shipped it")
    client = client_for(mentor)
    for _ in range(2):  # a double click asks for the same state twice
        html = client.post(
            f"/community/posts/{post.pk}/react/",
            {"kind": "celebrate", "on": "1"},
            HTTP_HX_REQUEST="true",
        ).content.decode()
    assert Reaction.objects.filter(post=post, kind="celebrate").count() == 1
    assert 'aria-pressed="true"' in html and "Celebrate · 1" in html
    put = api(client_for(leader), "put", f"/posts/{post.pk}/reactions/celebrate").json()
    assert put == {"post_id": post.pk, "kind": "celebrate", "mine": True, "count": 2}
    gone = api(client, "delete", f"/posts/{post.pk}/reactions/celebrate").json()
    assert gone["mine"] is False and gone["count"] == 1
    bad = api(client, "put", f"/posts/{post.pk}/reactions/love")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "kind"
    page = client.post(f"/community/posts/{post.pk}/react/", {"kind": "love", "on": "1"})
    assert page.status_code == 302 and Reaction.objects.count() == 1
    listed = api(client_for(leader), "get", "/spaces/space/posts").json()
    assert listed[0]["reactions"] == {"celebrate": 1} and listed[0]["my_reactions"] == ["celebrate"]


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_the_same_reaction_stores_one(program: Program, pair: Pair) -> None:
    if connection.vendor != "postgresql":  # SQLite locks the table instead of racing
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")
    post = post_create(program=program, actor=pair.leader.user, body="Burst")
    mentor = pair.mentor.user
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def react() -> None:
        try:
            barrier.wait()
            reaction_set(post=post, actor=mentor, kind="thanks", on=True)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=react) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Reaction.objects.filter(post=post, user=mentor, kind="thanks").count() == 1


def test_the_database_refuses_a_second_identical_reaction(program: Program, pair: Pair) -> None:
    post = post_create(program=program, actor=pair.leader.user, body="Twice")
    Reaction.objects.create(post=post, user=pair.mentor.user, kind="thanks")
    with pytest.raises(IntegrityError), transaction.atomic():
        Reaction.objects.create(post=post, user=pair.mentor.user, kind="thanks")
    Reaction.objects.create(post=post, user=pair.mentor.user, kind="insightful")
    assert Reaction.objects.count() == 2


def _close(pair: Pair, *, by_name: bool) -> None:
    for role, participant in (("leader", pair.leader), ("mentor", pair.mentor)):
        ClosureChoice.objects.create(
            pair=pair,
            user=participant.user,
            role=role,
            choice="continue",
            final_reflection="x",
            celebrate_by_name=by_name,
        )
    celebration_for_closure(pair=pair)


def test_a_week_of_celebrations_is_one_card_with_names_only_where_agreed(
    program: Program, coordinator_user: User
) -> None:
    named = PairFactory(program=program)
    quiet = [PairFactory(program=program) for _ in range(3)]
    with time_machine.travel(dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC), tick=False):
        _close(named, by_name=True)
        for p in quiet:
            _close(p, by_name=False)
    with time_machine.travel(dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC), tick=False):
        last_week = PairFactory(program=program)
        _close(last_week, by_name=False)
        post_create(program=program, actor=coordinator_user, body="Well done, everyone")
        page = client_for(coordinator_user).get("/community/space/").content.decode()
    assert Post.objects.filter(kind="celebration").count() == 5  # each kept as its own row
    assert page.count('class="celebration digest"') == 2  # one card per week
    assert "4 pairs completed the program" in page and "1 pair completed the program" in page
    assert page.count("A pair in this program completed") == 4
    assert named.leader.person.name in page  # both agreed
    assert quiet[0].leader.person.name not in page
    # The newest week's card comes after the newer post, above the older week's card.
    assert (
        page.index("Well done, everyone")
        < page.index("1 pair completed")
        < page.index("4 pairs completed")
    )
