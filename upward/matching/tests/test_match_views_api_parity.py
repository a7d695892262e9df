"""API parity with the review pages: swap, consultation (start, extend, answer my proposal) and
the what-if preview, with the same permissions as the pages and 4xx naming the field."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client

from conftest import client_for
from upward.matching import services
from upward.matching.models import MatchRun, PairRule
from upward.matching.tests.factories import run_finished
from upward.people.models import User
from upward.people.tests.factories import UserFactory
from upward.programs.tests.factories import enrol, matching_program, person, user_of

pytestmark = pytest.mark.django_db
Capture = Callable[..., Any]
TODAY = dt.date(2025, 3, 3)


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def base(run: MatchRun) -> str:
    return f"/api/v1/programs/{run.program_id}/match-runs/{run.pk}"


def test_swap_exchanges_mentors_and_names_bad_fields(
    coordinator_user: User,
    coordinator_client: Client,
) -> None:
    run = run_finished(coordinator_user)
    a, b = run.proposals.all()
    missing = post(coordinator_client, f"{base(run)}/swap", {"first": a.pk, "second": 99999})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "second"
    same = post(coordinator_client, f"{base(run)}/swap", {"first": a.pk, "second": a.pk})
    assert same.status_code == 422 and same.json()["errors"][0]["field"] == "second"
    no_body = post(coordinator_client, f"{base(run)}/swap", {"first": a.pk})
    assert no_body.status_code == 422
    done = post(coordinator_client, f"{base(run)}/swap", {"first": a.pk, "second": b.pk})
    assert done.status_code == 200
    by_id = {p["id"]: p for p in done.json()["pairs"]}
    assert by_id[a.pk]["mentor"] == b.mentor_id and by_id[a.pk]["locked"]
    assert by_id[b.pk]["mentor"] == a.mentor_id
    assert done.json()["stats"]["edited"] is True


def test_a_swap_into_the_reporting_line_is_409_naming_the_field(
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
    refused = post(coordinator_client, f"{base(run)}/swap", {"first": a.pk, "second": b.pk})
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["field"] == "second"
    assert "reporting line" in refused.json()["detail"]


def test_what_if_previews_without_saving(
    coordinator_user: User,
    coordinator_client: Client,
) -> None:
    run = run_finished(coordinator_user, leaders=3)
    url = f"{base(run)}/what-if"
    preview = post(coordinator_client, url, {"objective": "max_min", "weights": {"topics": 1}})
    assert preview.status_code == 200
    body = preview.json()
    assert body["settings"]["objective"] == "max_min"
    assert body["settings"]["weights"] == {"topics": 1.0}
    assert len(body["pairs"]) == 3 and body["totals"]["pairs"] == 3
    assert body["current"]["pairs"] == 3 and isinstance(body["changed"], int)
    assert all(0 <= p["score"] <= 100 and p["leader_name"] for p in body["pairs"])
    assert MatchRun.objects.count() == 1  # nothing saved
    bad = post(coordinator_client, url, {"weights": {"looks": 1}})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "weights.looks"
    bad = post(coordinator_client, url, {"objective": "best"})
    assert bad.json()["errors"][0]["field"] == "objective"
    zero = post(coordinator_client, url, {"weights": {"topics": 0}})
    assert zero.status_code == 422 and zero.json()["errors"][0]["field"] == "weights"


def test_what_if_waits_for_a_finished_run(
    coordinator_user: User, coordinator_client: Client
) -> None:
    program = matching_program(coordinator_user, leaders=1, mentors=1)
    run = services.run_start(actor=coordinator_user, program=program)  # queued, not executed
    refused = post(coordinator_client, f"{base(run)}/what-if", {})
    assert refused.status_code == 409 and refused.json()["errors"][0]["field"] == "run"


@time_machine.travel(TODAY, tick=False)
def test_consultation_start_extend_and_answer(
    coordinator_user: User,
    coordinator_client: Client,
) -> None:
    run = run_finished(coordinator_user)
    url = f"{base(run)}/consultation"
    past = post(coordinator_client, url, {"deadline": "2025-03-01"})
    assert past.status_code == 422 and past.json()["errors"][0]["field"] == "deadline"
    junk = post(coordinator_client, url, {"deadline": "soon"})
    assert junk.status_code == 422
    started = post(coordinator_client, url, {"deadline": "2025-03-08"})
    assert started.status_code == 200 and started.json()["status"] == "consulting"
    earlier = post(coordinator_client, url, {"deadline": "2025-03-05"})
    assert earlier.status_code == 422 and "after the current deadline" in earlier.json()["detail"]
    extended = post(coordinator_client, url, {"deadline": "2025-03-12"})
    assert extended.json()["consultation_deadline"] == "2025-03-12"

    first = run.proposals.first()
    assert first is not None
    leader = client_for(user_of(first.leader))
    program_id = run.program_id
    mine = leader.get(f"/api/v1/programs/{program_id}/proposals/mine").json()
    assert len(mine) == 1 and mine[0]["id"] == first.pk
    assert mine[0]["side"] == "leader" and mine[0]["answer"] == "pending" and mine[0]["open"]
    assert mine[0]["partner"]["name"] == first.mentor.person.name
    assert mine[0]["partner"]["role"] == "mentor" and mine[0]["reasons"]
    answer_url = f"/api/v1/programs/{program_id}/proposals/{first.pk}/answer"
    bad = post(leader, answer_url, {"answer": "maybe"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "answer"
    declined = post(leader, answer_url, {"answer": "another", "note": "We worked together"})
    assert declined.status_code == 200 and declined.json()["answer"] == "declined"
    assert PairRule.objects.get(leader=first.leader).kind == "forbid"
    # The partner's private note never appears in the coordinator's view of the run.
    assert "We worked together" not in coordinator_client.get(base(run)).content.decode()


def test_after_the_deadline_answers_are_refused_and_shown_as_no_answer(
    coordinator_user: User,
) -> None:
    with time_machine.travel(TODAY, tick=False):
        run = run_finished(coordinator_user, leaders=1)
        post(client_for(coordinator_user), f"{base(run)}/consultation", {"deadline": "2025-03-05"})
    proposal = run.proposals.get()
    leader = client_for(user_of(proposal.leader))
    with time_machine.travel(TODAY + dt.timedelta(days=3), tick=False):
        mine = leader.get(f"/api/v1/programs/{run.program_id}/proposals/mine").json()
        assert mine[0]["answer"] == "no_answer" and not mine[0]["open"]
        late = post(
            leader,
            f"/api/v1/programs/{run.program_id}/proposals/{proposal.pk}/answer",
            {"answer": "another"},
        )
    assert late.status_code == 409 and late.json()["errors"][0]["field"] == "proposal"


@time_machine.travel(TODAY, tick=False)
def test_participants_only_see_and_answer_their_own_proposals(
    coordinator_user: User,
    plain_user: User,
) -> None:
    run = run_finished(coordinator_user)
    post(client_for(coordinator_user), f"{base(run)}/consultation", {"deadline": "2025-03-08"})
    mine, theirs = run.proposals.all()
    me = client_for(user_of(mine.leader))
    other_url = f"/api/v1/programs/{run.program_id}/proposals/{theirs.pk}/answer"
    assert post(me, other_url, {"answer": "accept"}).status_code == 404
    mentor = client_for(user_of(mine.mentor))  # mentors are not consulted in this program
    assert mentor.get(f"/api/v1/programs/{run.program_id}/proposals/mine").json() == []
    assert (
        client_for(plain_user).get(f"/api/v1/programs/{run.program_id}/proposals/mine").json() == []
    )
    # Participants cannot reach the coordinator's run endpoints.
    assert post(me, f"{base(run)}/what-if", {}).status_code == 404
    assert post(me, f"{base(run)}/swap", {"first": mine.pk, "second": theirs.pk}).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"), [("sponsor", 404), ("other_coordinator", 404), ("plain", 404)]
)
def test_run_endpoints_need_the_same_rights_as_the_pages(
    who: str,
    status: int,
    coordinator_user: User,
    sponsor_user: User,
    plain_user: User,
) -> None:
    run = run_finished(coordinator_user)
    run.program.sponsor = sponsor_user
    run.program.save()
    a, b = run.proposals.all()
    users: dict[str, User] = {
        "sponsor": sponsor_user,
        "other_coordinator": UserFactory(is_coordinator=True),
        "plain": plain_user,
    }
    client = client_for(users[who])
    assert post(client, f"{base(run)}/swap", {"first": a.pk, "second": b.pk}).status_code == status
    assert post(client, f"{base(run)}/what-if", {}).status_code == status
    deadline = {"deadline": (dt.date.today() + dt.timedelta(days=5)).isoformat()}
    assert post(client, f"{base(run)}/consultation", deadline).status_code == status
    run.refresh_from_db()
    assert run.status == "done"


def test_an_org_admin_may_use_the_run_endpoints(coordinator_user: User, admin_user: User) -> None:
    run = run_finished(coordinator_user)
    a, b = run.proposals.all()
    admin = client_for(admin_user)
    assert post(admin, f"{base(run)}/swap", {"first": a.pk, "second": b.pk}).status_code == 200
    assert post(admin, f"{base(run)}/what-if", {}).status_code == 200


def test_what_if_totals_score_both_sides_with_the_same_weights(
    coordinator_user: User,
    coordinator_client: Client,
) -> None:
    run = run_finished(coordinator_user, leaders=4)
    url = f"{base(run)}/what-if"
    # Departments only: the run's pairs are re-scored on that criterion alone, not left with
    # the scores the run's own (default) weights gave them.
    body = post(coordinator_client, url, {"weights": {"cross_department": 1}}).json()
    by_department = [round(p.breakdown["cross_department"] * 100) for p in run.proposals.all()]
    assert abs(body["current"]["total"] - sum(by_department)) <= len(by_department)
    assert body["current"]["total"] != round(sum(p.score for p in run.proposals.all()) * 100) or (
        all(p.breakdown["cross_department"] == p.score for p in run.proposals.all())
    )
    # The run's own weights again: the same pairs, so the same total on both sides.
    weights = run.instance["settings"].get("weights")
    same = post(coordinator_client, url, {"weights": weights} if weights else {}).json()
    assert same["changed"] == 0
    assert same["current"]["total"] == same["totals"]["total"]


def test_what_if_page_says_what_it_compares(
    coordinator_user: User,
    coordinator_client: Client,
) -> None:
    run = run_finished(coordinator_user, leaders=3)
    page = coordinator_client.get(f"/matching/runs/{run.pk}/what-if/")
    html = page.content.decode()
    assert 'type="number"' in html and "slider" not in html.lower()
    form = {"objective": "max_total"} | {
        f"weight_{c}": 0 for c in ("topics", "interests", "style", "affinity", "text")
    }
    form["weight_cross_department"] = 100
    result = coordinator_client.post(
        f"/matching/runs/{run.pk}/what-if/", form, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Both sides are scored with the weights above" in result
    by_department = sum(round(p.breakdown["cross_department"] * 100) for p in run.proposals.all())
    current_total = int(result.split('<div class="stat">')[2].split(" →")[0])
    assert abs(current_total - by_department) <= 3
