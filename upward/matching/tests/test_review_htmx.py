"""The review screen updates in place with htmx (the changed row or rows, the totals, the
unmatched list, a status line) and still works as plain forms without JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from conftest import client_for
from upward.matching import services
from upward.matching.models import ProposedPair
from upward.matching.tests.factories import run_finished
from upward.people.models import User
from upward.people.tests.factories import UserFactory
from upward.programs.tests.factories import enrol, matching_program, person, user_of

pytestmark = pytest.mark.django_db
Capture = Callable[..., Any]
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_page_wires_each_action_to_htmx_with_a_plain_form_fallback(
    coordinator_user: User,
    coordinator_client: Client,
) -> None:
    run = run_finished(coordinator_user, leaders=3, mentors=4)
    p = run.proposals.first()
    assert p is not None
    html = coordinator_client.get(f"/matching/runs/{run.pk}/").content.decode()
    assert f'<tr id="proposal-{p.pk}">' in html
    assert 'id="proposal-rows"' in html and 'id="run-totals"' in html
    assert f'action="/matching/proposals/{p.pk}/lock/"' in html  # works without JavaScript
    assert f'hx-post="/matching/proposals/{p.pk}/lock/" hx-target="closest tr"' in html
    assert 'hx-confirm="Never propose' in html  # forbid asks first


def test_lock_answers_the_row_and_the_totals(
    coordinator_user: User,
    coordinator_client: Client,
) -> None:
    run = run_finished(coordinator_user, leaders=3, mentors=4)
    p = run.proposals.first()
    assert p is not None
    response = coordinator_client.post(f"/matching/proposals/{p.pk}/lock/", {"locked": "1"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="proposal-{p.pk}">')  # the row comes first
    assert "Unlock" in html and "badge-ok" in html
    assert '<div id="run-totals" hx-swap-oob="true">' in html
    assert '<div class="stat">1</div><div class="muted small">locked</div>' in html
    assert "stay together in every new run" in html
    assert "<html" not in html
    assert ProposedPair.objects.get(pk=p.pk).locked
    unlocked = coordinator_client.post(f"/matching/proposals/{p.pk}/lock/", {"locked": "0"}, **HTMX)
    assert b">Lock</button>" in unlocked.content
    assert not ProposedPair.objects.get(pk=p.pk).locked


def test_forbid_answers_all_rows_totals_and_unmatched(
    coordinator_user: User,
    coordinator_client: Client,
) -> None:
    run = run_finished(coordinator_user, leaders=3, mentors=4)
    p = run.proposals.first()
    assert p is not None
    response = coordinator_client.post(
        f"/matching/proposals/{p.pk}/forbid/", {"confirm": "1"}, **HTMX
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<tbody id="proposal-rows">')
    assert f'id="proposal-{p.pk}"' not in html
    assert '<section id="run-unmatched" hx-swap-oob="true">' in html
    assert p.leader.person.name in html.split('id="run-unmatched"')[1]
    assert '<div class="stat">2</div><div class="muted small">proposed pairs</div>' in html
    assert "will never be proposed together" in html
    run.refresh_from_db()
    assert run.stats["pairs"] == 2  # the API's stats follow too


def test_forbidding_the_last_pair_leaves_an_empty_state(
    coordinator_user: User,
    coordinator_client: Client,
) -> None:
    run = run_finished(coordinator_user, leaders=1, mentors=2)
    p = run.proposals.get()
    html = coordinator_client.post(
        f"/matching/proposals/{p.pk}/forbid/", {"confirm": "1"}, **HTMX
    ).content.decode()
    assert "No proposed pairs left" in html
    assert '<div class="stat">–</div><div class="muted small">total score</div>' in html


def test_swap_answers_all_rows_with_fresh_swap_lists(
    coordinator_user: User,
    coordinator_client: Client,
) -> None:
    run = run_finished(coordinator_user, leaders=2, mentors=3)
    a, b = run.proposals.all()
    response = coordinator_client.post(
        f"/matching/proposals/{a.pk}/swap/", {"other": str(b.pk)}, **HTMX
    )
    html = response.content.decode()
    a.refresh_from_db()
    b.refresh_from_db()
    assert html.lstrip().startswith('<tbody id="proposal-rows">')
    assert f"{a.mentor.person.name} (with {a.leader.person.name})" in html  # the new pairing
    assert html.count("badge-ok") == 2 and "Mentors swapped" in html


def test_a_refused_swap_shows_the_reason_in_the_status_line(
    coordinator_user: User,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    program = matching_program(coordinator_user, leaders=0, mentors=0)
    boss = person(9, "Ops")
    enrol(program, boss, "leader")
    enrol(program, person(9, "Sales"), "leader")
    enrol(program, person(2, "Ops", manager=boss), "mentor")
    enrol(program, person(2, "Legal"), "mentor")
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(actor=coordinator_user, program=program)
    a, b = run.proposals.all()
    response = coordinator_client.post(
        f"/matching/proposals/{a.pk}/swap/", {"other": str(b.pk)}, **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#review-status"
    assert b"flash-error" in response.content and b"reporting line" in response.content
    gone = coordinator_client.post(f"/matching/proposals/{a.pk}/swap/", {"other": "999"}, **HTMX)
    assert b"no longer in this run" in gone.content
    junk = coordinator_client.post(f"/matching/proposals/{a.pk}/swap/", {"other": "x"}, **HTMX)
    assert b"Choose the pair to swap" in junk.content


def test_without_javascript_actions_redirect_back_to_the_row(
    coordinator_user: User,
    coordinator_client: Client,
) -> None:
    run = run_finished(coordinator_user, leaders=2, mentors=3)
    a, b = run.proposals.all()
    locked = coordinator_client.post(f"/matching/proposals/{a.pk}/lock/", {"locked": "1"})
    assert locked.status_code == 302
    assert locked["Location"] == f"/matching/runs/{run.pk}/#proposal-{a.pk}"
    swapped = coordinator_client.post(f"/matching/proposals/{a.pk}/swap/", {"other": str(b.pk)})
    assert swapped["Location"] == f"/matching/runs/{run.pk}/#proposal-{a.pk}"
    page = coordinator_client.get(swapped["Location"])
    assert b"Mentors swapped" in page.content


def test_a_published_run_cannot_be_edited_in_place(
    coordinator_user: User,
    coordinator_client: Client,
) -> None:
    run = run_finished(coordinator_user, leaders=1, mentors=2)
    services.run_publish(actor=coordinator_user, run=run, confirm=True)
    p = run.proposals.get()
    response = coordinator_client.post(f"/matching/proposals/{p.pk}/lock/", {"locked": "1"}, **HTMX)
    assert response["HX-Retarget"] == "#review-status"
    assert b"start a new run to change it" in response.content
    page = coordinator_client.get(f"/matching/runs/{run.pk}/")
    assert b"hx-post" not in page.content  # no actions on a published run


@pytest.mark.parametrize("who", ["other_coordinator", "sponsor", "participant"])
def test_review_actions_are_for_the_programs_coordinators_only(
    who: str,
    coordinator_user: User,
    sponsor_user: User,
) -> None:
    run = run_finished(coordinator_user, leaders=2, mentors=3)
    run.program.sponsor = sponsor_user
    run.program.save()
    a, b = run.proposals.all()
    users: dict[str, User] = {
        "other_coordinator": UserFactory(is_coordinator=True),
        "sponsor": sponsor_user,
        "participant": user_of(a.leader),
    }
    client = client_for(users[who])
    for url, data in (
        (f"/matching/proposals/{a.pk}/lock/", {"locked": "1"}),
        (f"/matching/proposals/{a.pk}/forbid/", {"confirm": "1"}),
        (f"/matching/proposals/{a.pk}/swap/", {"other": str(b.pk)}),
    ):
        assert client.post(url, data, **HTMX).status_code == 404
    a.refresh_from_db()
    assert not a.locked and a.mentor_id != b.mentor_id


def test_the_score_breakdown_names_each_criterion_in_words(
    coordinator_user: User, coordinator_client: Client
) -> None:
    run = run_finished(coordinator_user, leaders=3, mentors=4)
    p = run.proposals.first()
    assert p is not None
    p.breakdown = {"cross_department": 1.0, "topics": 0.456}
    p.save(update_fields=["breakdown"])
    html = coordinator_client.get(f"/matching/runs/{run.pk}/").content.decode()
    assert "Different departments 100" in html and "Topics 46" in html
    assert "cross_department" not in html
