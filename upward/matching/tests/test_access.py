"""Who may touch a match run: the program's coordinators and org admins. For anyone else (another
program's coordinator, the sponsor, a participant, an employee with no role) the run does not
exist: services refuse them with 404, pages and API answer 404, and anonymous callers are sent
to sign in (pages) or get 401 (API). A consulted participant answers only their own proposal."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404
from django.test import Client
from django.utils import timezone

from conftest import client_for
from upward.matching import services
from upward.matching.models import MatchRun, PairRule
from upward.matching.tests.factories import run_consulting, run_finished
from upward.people.models import User
from upward.people.tests.factories import UserFactory
from upward.programs.tests.factories import user_of

pytestmark = pytest.mark.django_db
OUTSIDERS = ["other_coordinator", "sponsor", "participant", "plain"]
SOON = dt.timedelta(days=5)


@pytest.fixture
def run(coordinator_user: User, sponsor_user: User) -> MatchRun:
    run = run_finished(coordinator_user, leaders=2)
    run.program.sponsor = sponsor_user
    run.program.save()
    return run


def outsider(who: str, run: MatchRun, sponsor_user: User, plain_user: User) -> User:
    if who == "other_coordinator":
        other: User = UserFactory(is_coordinator=True)
        return other
    if who == "sponsor":
        return sponsor_user
    if who == "participant":
        first = run.proposals.first()
        assert first is not None
        return user_of(first.leader)
    return plain_user


def service_calls(run: MatchRun, actor: User) -> dict[str, Callable[[], Any]]:
    a, b = run.proposals.all()
    rule = PairRule.objects.create(
        program=run.program, leader=a.leader, mentor=a.mentor, kind=PairRule.Kind.FORBID
    )
    deadline = timezone.localdate() + SOON
    return {
        "run_start": lambda: services.run_start(actor=actor, program=run.program),
        "proposal_lock": lambda: services.proposal_lock(actor=actor, proposal=a),
        "proposal_forbid": lambda: services.proposal_forbid(actor=actor, proposal=a),
        "proposal_swap": lambda: services.proposal_swap(actor=actor, first=a, second=b),
        "run_preview": lambda: services.run_preview(actor=actor, run=run, settings_override={}),
        "run_publish": lambda: services.run_publish(actor=actor, run=run, confirm=True),
        "run_discard": lambda: services.run_discard(actor=actor, run=run),
        "rule_delete": lambda: services.rule_delete(actor=actor, rule=rule),
        "consultation_start": lambda: services.consultation_start(
            actor=actor, run=run, deadline=deadline
        ),
    }


@pytest.mark.parametrize("who", OUTSIDERS)
def test_services_refuse_anyone_but_the_programs_coordinators(
    who: str, run: MatchRun, sponsor_user: User, plain_user: User
) -> None:
    actor = outsider(who, run, sponsor_user, plain_user)
    for name, call in service_calls(run, actor).items():
        with pytest.raises(Http404):
            call()
        assert name  # the loop names the service in the failure report
    run.refresh_from_db()
    assert run.status == "done" and run.proposals.count() == 2
    assert MatchRun.objects.count() == 1 and PairRule.objects.count() == 1
    assert not run.proposals.filter(locked=True).exists()


def test_an_org_admin_may_run_the_services(
    coordinator_user: User, admin_user: User, run: MatchRun
) -> None:
    preview = services.run_preview(actor=admin_user, run=run, settings_override={})
    assert len(preview.result["pairs"]) == 2
    services.run_discard(actor=admin_user, run=run)
    assert services.run_start(actor=admin_user, program=run.program).number == 2


@pytest.mark.parametrize("who", ["other_coordinator", "sponsor", "participant", "plain"])
def test_extending_a_consultation_is_refused_to_outsiders(
    who: str, coordinator_user: User, sponsor_user: User, plain_user: User
) -> None:
    run = run_consulting(coordinator_user, leaders=1)
    run.program.sponsor = sponsor_user
    run.program.save()
    actor = outsider(who, run, sponsor_user, plain_user)
    with pytest.raises(Http404):
        services.consultation_extend(actor=actor, run=run, deadline=timezone.localdate() + SOON * 2)
    run.refresh_from_db()
    assert run.consultation_deadline == timezone.localdate() + SOON


def test_only_the_person_asked_answers_a_proposal(coordinator_user: User) -> None:
    run = run_consulting(coordinator_user, leaders=2)
    mine, theirs = run.proposals.all()
    for stranger in (coordinator_user, user_of(theirs.leader)):
        with pytest.raises(Http404):
            services.proposal_respond(actor=stranger, proposal=mine, accept=False)
    mine.refresh_from_db()
    assert mine.leader_response == "pending" and not PairRule.objects.exists()
    services.proposal_respond(actor=user_of(mine.leader), proposal=mine, accept=True)
    mine.refresh_from_db()
    assert mine.leader_response == "accepted"


# --- pages ------------------------------------------------------------------------------------


def page_requests(run: MatchRun) -> list[tuple[str, str, dict[str, str]]]:
    a, b = run.proposals.all()
    rule = PairRule.objects.create(
        program=run.program, leader=a.leader, mentor=a.mentor, kind=PairRule.Kind.FORBID
    )
    deadline = (timezone.localdate() + SOON).isoformat()
    return [
        ("get", f"/matching/programs/{run.program.slug}/", {}),
        ("post", f"/matching/programs/{run.program.slug}/run/", {}),
        ("get", f"/matching/runs/{run.pk}/", {}),
        ("get", f"/matching/runs/{run.pk}/progress/", {}),
        ("get", f"/matching/runs/{run.pk}/compare/?with={run.pk}", {}),
        ("get", f"/matching/runs/{run.pk}/what-if/", {}),
        ("post", f"/matching/runs/{run.pk}/consult/", {"deadline": deadline}),
        ("get", f"/matching/runs/{run.pk}/publish/", {}),
        ("post", f"/matching/runs/{run.pk}/publish/", {"confirm": "on"}),
        ("post", f"/matching/runs/{run.pk}/discard/", {}),
        ("post", f"/matching/proposals/{a.pk}/lock/", {"locked": "1"}),
        ("post", f"/matching/proposals/{a.pk}/forbid/", {"confirm": "1"}),
        ("post", f"/matching/proposals/{a.pk}/swap/", {"other": str(b.pk)}),
        ("post", f"/matching/rules/{rule.pk}/delete/", {}),
    ]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_pages_answer_404_to_outsiders(
    who: str, run: MatchRun, sponsor_user: User, plain_user: User
) -> None:
    client = client_for(outsider(who, run, sponsor_user, plain_user))
    for method, url, data in page_requests(run):
        response = getattr(client, method)(url, data)
        assert (url, response.status_code) == (url, 404)
    run.refresh_from_db()
    assert run.status == "done" and MatchRun.objects.count() == 1
    assert PairRule.objects.count() == 1


def test_pages_send_anonymous_visitors_to_sign_in(run: MatchRun) -> None:
    for method, url, data in page_requests(run):
        response = getattr(Client(), method)(url, data)
        assert response.status_code == 302 and "/login" in response["Location"], url


# --- API --------------------------------------------------------------------------------------


def api_requests(run: MatchRun) -> list[tuple[str, str, dict[str, Any] | None]]:
    a, b = run.proposals.all()
    base = f"/api/v1/programs/{run.program_id}/match-runs"
    deadline = (timezone.localdate() + SOON).isoformat()
    return [
        ("get", base, None),
        ("post", base, {}),
        ("get", f"{base}/{run.pk}", None),
        ("post", f"{base}/{run.pk}/pairs/{a.pk}", {"action": "lock"}),
        ("post", f"{base}/{run.pk}/publish", {"confirm": True}),
        ("post", f"{base}/{run.pk}/swap", {"first": a.pk, "second": b.pk}),
        ("post", f"{base}/{run.pk}/consultation", {"deadline": deadline}),
        ("post", f"{base}/{run.pk}/what-if", {}),
        (
            "post",
            f"/api/v1/programs/{run.program_id}/proposals/{a.pk}/answer",
            {"answer": "accept"},
        ),
    ]


def call(client: Client, method: str, url: str, body: dict[str, Any] | None) -> int:
    if method == "get":
        return client.get(url).status_code
    return client.post(url, json.dumps(body), content_type="application/json").status_code


@pytest.mark.parametrize("who", OUTSIDERS)
def test_api_answers_404_to_outsiders(
    who: str, run: MatchRun, sponsor_user: User, plain_user: User
) -> None:
    client = client_for(outsider(who, run, sponsor_user, plain_user))
    for method, url, body in api_requests(run):
        assert (url, call(client, method, url, body)) == (url, 404)
    run.refresh_from_db()
    assert run.status == "done" and MatchRun.objects.count() == 1


def test_api_answers_401_without_a_token(run: MatchRun) -> None:
    for method, url, body in api_requests(run):
        assert (url, call(Client(), method, url, body)) == (url, 401)


def test_a_run_of_another_program_is_not_found_through_this_one(
    coordinator_user: User, coordinator_client: Client, run: MatchRun
) -> None:
    other = run_finished(coordinator_user, leaders=1)
    url = f"/api/v1/programs/{other.program_id}/match-runs/{run.pk}"
    assert coordinator_client.get(url).status_code == 404
