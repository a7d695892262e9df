"""Match runs end to end: start (task runs eagerly) -> proposals -> lock/forbid -> re-run ->
consultation -> publish -> pairs; late joiners; the run pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from conftest import client_for
from upward.errors import ServiceError
from upward.matching import services
from upward.matching.models import MatchRun, PairRule, ProposedPair
from upward.matching.selectors import build_pool
from upward.matching.tests.factories import run_started
from upward.mentoring.models import Pair
from upward.people.models import User
from upward.programs.models import Program
from upward.programs.tests.factories import enrol, matching_program, person, user_of

pytestmark = pytest.mark.django_db
Capture = Callable[..., Any]


def test_pool_uses_directory_and_intake(coordinator_user: User) -> None:
    program = matching_program(coordinator_user, leaders=1, mentors=1)
    enrol(program, person(9), "leader", intake=False)
    pool = build_pool(program)
    leader = pool.instance["leaders"][0]
    assert leader["level"] == 9 and leader["languages"] == ["en"]
    assert leader["topics"] == {"digital-tools-ai": 3, "social-platforms": 2}
    assert pool.instance["mentors"][0]["capacity"] == 1
    assert [e["reason"] for e in pool.excluded] == ["intake not finished"]


def test_reporting_line_comes_from_the_directory(coordinator_user: User) -> None:
    program = Program.objects.get(pk=matching_program(coordinator_user, leaders=0, mentors=0).pk)
    boss = person(9)
    junior = person(2, manager=boss)
    enrol(program, boss, "leader")
    enrol(program, junior, "mentor")
    pool = build_pool(program)
    assert pool.instance["mentors"][0]["manager_chain"] == [f"p{boss.pk}"]


def test_run_end_to_end(
    coordinator_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    program = matching_program(coordinator_user, leaders=3, mentors=4)
    run = run_started(program, coordinator_user)
    assert run.status == "done" and run.progress == 1.0
    proposals = list(run.proposals.all())
    assert len(proposals) == 3
    assert all(0 < p.score <= 1 and p.reasons and p.breakdown for p in proposals)
    assert all("p" + str(p.leader.person_id) not in " ".join(p.reasons) for p in proposals)
    assert run.unmatched.count() == 1  # four mentors, three leaders
    assert run.unmatched.get().reason

    locked, forbidden = proposals[0], proposals[1]
    services.proposal_lock(actor=coordinator_user, proposal=locked)
    pair_forbidden = (forbidden.leader_id, forbidden.mentor_id)
    services.proposal_forbid(actor=coordinator_user, proposal=forbidden)

    rerun = run_started(program, coordinator_user)
    assert rerun.number == 2
    pairs = {(p.leader_id, p.mentor_id) for p in rerun.proposals.all()}
    assert (locked.leader_id, locked.mentor_id) in pairs
    assert pair_forbidden not in pairs
    assert rerun.proposals.get(leader=locked.leader).locked

    with django_capture_on_commit_callbacks(execute=True):
        created = services.run_publish(actor=coordinator_user, run=rerun, confirm=True)
    assert len(created) == 3
    assert Pair.objects.filter(program=program, status="active").count() == 3
    program.refresh_from_db()
    assert program.phase == "active"
    assert program.phase_changes.filter(to_phase="active", changed_by=coordinator_user).exists()
    intros = [m for m in mail.outbox if m.subject.startswith("Meet your")]
    assert len(intros) == 6
    assert f"/pairs/{created[0].pk}/" in intros[0].body
    run.refresh_from_db()
    assert run.status == "discarded"  # the older unpublished run is out of date


def test_only_one_run_at_a_time_and_not_before_matching(coordinator_user: User) -> None:
    program = matching_program(coordinator_user, leaders=1, mentors=1)
    services.run_start(actor=coordinator_user, program=program)  # not executed: stays queued
    with pytest.raises(ServiceError):
        services.run_start(actor=coordinator_user, program=program)
    program.phase = "recruiting"
    program.save()
    MatchRun.objects.all().delete()
    with pytest.raises(ServiceError):
        services.run_start(actor=coordinator_user, program=program)


def test_empty_pool_fails_with_a_reason(coordinator_user: User) -> None:
    program = matching_program(coordinator_user, leaders=0, mentors=2)
    run = run_started(program, coordinator_user)
    assert run.status == "failed" and "at least one ready leader" in run.error


def test_swap_rescores_and_locks_both(coordinator_user: User) -> None:
    program = matching_program(coordinator_user, leaders=2, mentors=2)
    run = run_started(program, coordinator_user)
    a, b = run.proposals.all()
    mentors = (a.mentor_id, b.mentor_id)
    services.proposal_swap(actor=coordinator_user, first=a, second=b)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.mentor_id, b.mentor_id) == (mentors[1], mentors[0])
    assert a.locked and b.locked and a.edited
    assert PairRule.objects.filter(kind="lock").count() == 2


def test_swap_into_a_reporting_line_is_refused(coordinator_user: User) -> None:
    program = matching_program(coordinator_user, leaders=0, mentors=0)
    boss = person(9, "Ops")
    enrol(program, boss, "leader")
    enrol(program, person(9, "Sales"), "leader")
    enrol(program, person(2, "Ops", manager=boss), "mentor")
    enrol(program, person(2, "Legal"), "mentor")
    run = run_started(program, coordinator_user)
    a, b = run.proposals.all()
    with pytest.raises(ServiceError) as err:
        services.proposal_swap(actor=coordinator_user, first=a, second=b)
    assert "reporting line" in err.value.message


def test_consultation_refusal_becomes_forbidden_next_run(
    coordinator_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    program = matching_program(coordinator_user, leaders=2, mentors=3)
    run = run_started(program, coordinator_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_start(
            actor=coordinator_user, run=run, deadline=timezone.localdate() + dt.timedelta(days=5)
        )
    assert len([m for m in mail.outbox if "proposed" in m.subject]) == 2  # leaders only
    refused, accepted = run.proposals.all()
    services.proposal_respond(
        proposal=refused, actor=user_of(refused.leader), accept=False, note="Same team last year"
    )
    services.proposal_respond(proposal=accepted, actor=user_of(accepted.leader), accept=True)
    assert PairRule.objects.get(leader=refused.leader).kind == "forbid"
    assert PairRule.objects.get(leader=accepted.leader).kind == "lock"
    with pytest.raises(ServiceError):  # a mentor was not asked here
        services.proposal_respond(proposal=accepted, actor=user_of(accepted.mentor), accept=True)
    rerun = run_started(program, coordinator_user)
    pairs = {(p.leader_id, p.mentor_id) for p in rerun.proposals.all()}
    assert (refused.leader_id, refused.mentor_id) not in pairs
    assert (accepted.leader_id, accepted.mentor_id) in pairs


def test_publish_needs_confirmation_when_answers_are_missing(coordinator_user: User) -> None:
    program = matching_program(coordinator_user, leaders=2, mentors=2)
    run = run_started(program, coordinator_user)
    services.consultation_start(
        actor=coordinator_user, run=run, deadline=timezone.localdate() + dt.timedelta(days=5)
    )
    declined = run.proposals.first()
    assert declined is not None
    services.proposal_respond(proposal=declined, actor=user_of(declined.leader), accept=False)
    with pytest.raises(ServiceError) as err:
        services.run_publish(actor=coordinator_user, run=run)
    assert err.value.warnings
    created = services.run_publish(actor=coordinator_user, run=run, confirm=True)
    assert len(created) == 1 and created[0].leader_id != declined.leader_id


def test_late_joiners_do_not_disturb_existing_pairs(coordinator_user: User) -> None:
    program = matching_program(coordinator_user, leaders=2, mentors=2)
    run = run_started(program, coordinator_user)
    existing = services.run_publish(actor=coordinator_user, run=run, confirm=True)
    program.refresh_from_db()
    assert program.phase == "active"
    late_leader = enrol(program, person(10, "Late"), "leader")
    late_mentor = enrol(program, person(1, "Later"), "mentor")
    late = run_started(program, coordinator_user)
    assert late.late_joiners
    proposals = list(late.proposals.all())
    assert [(p.leader_id, p.mentor_id) for p in proposals] == [(late_leader.pk, late_mentor.pk)]
    services.run_publish(actor=coordinator_user, run=late, confirm=True)
    assert Pair.objects.filter(program=program, status="active").count() == 3
    assert all(Pair.objects.filter(pk=p.pk, status="active").exists() for p in existing)


def test_full_mentor_capacity_is_accounted_for(coordinator_user: User) -> None:
    program = matching_program(coordinator_user, leaders=1, mentors=1)
    run = run_started(program, coordinator_user)
    services.run_publish(actor=coordinator_user, run=run, confirm=True)
    enrol(program, person(10, "Late"), "leader")
    late = run_started(program, coordinator_user)
    assert late.status == "failed"  # the only mentor is full: nobody to match with


# --- pages ------------------------------------------------------------------------------------


def test_run_pages_and_progress_polling(
    coordinator_user: User,
    coordinator_client: Client,
) -> None:
    program = matching_program(coordinator_user, leaders=2, mentors=2)
    services.run_start(actor=coordinator_user, program=program)  # queued, not executed
    run = MatchRun.objects.get()
    page = coordinator_client.get(f"/matching/runs/{run.pk}/")
    assert b'hx-trigger="every 1s"' in page.content
    services.run_execute(run_id=run.pk)
    poll = coordinator_client.get(f"/matching/runs/{run.pk}/progress/", HTTP_HX_REQUEST="true")
    assert poll["HX-Refresh"] == "true"
    page = coordinator_client.get(f"/matching/runs/{run.pk}/")
    assert b"Proposed pairs" in page.content and b"Leader 0" in page.content


def test_review_actions_through_pages(
    coordinator_user: User,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    program = matching_program(coordinator_user, leaders=2, mentors=3)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(f"/matching/programs/{program.slug}/run/")
    run = MatchRun.objects.get()
    a, b = run.proposals.all()
    coordinator_client.post(f"/matching/proposals/{a.pk}/lock/", {"locked": "1"})
    assert ProposedPair.objects.get(pk=a.pk).locked
    confirm = coordinator_client.post(f"/matching/proposals/{b.pk}/forbid/")
    assert b"Forbid this pair" in confirm.content  # without JavaScript: a confirmation page
    assert ProposedPair.objects.filter(pk=b.pk).exists()
    coordinator_client.post(f"/matching/proposals/{b.pk}/forbid/", {"confirm": "1"})
    assert not ProposedPair.objects.filter(pk=b.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(f"/matching/programs/{program.slug}/run/")
    second = MatchRun.objects.get(number=2)
    compare = coordinator_client.get(f"/matching/runs/{second.pk}/compare/?with={run.pk}")
    assert compare.status_code == 200 and b"total score" in compare.content
    whatif = coordinator_client.post(
        f"/matching/runs/{second.pk}/what-if/",
        {
            "objective": "max_min",
            "weight_topics": "10",
            "weight_interests": "90",
            "weight_style": "0",
            "weight_affinity": "0",
            "weight_cross_department": "0",
            "weight_text": "0",
        },
        HTTP_HX_REQUEST="true",
    )
    assert whatif.status_code == 200 and b"Preview" in whatif.content
    assert MatchRun.objects.count() == 2  # a preview saves nothing
    bad = coordinator_client.post(f"/matching/runs/{second.pk}/what-if/", {"objective": "best"})
    assert bad.status_code == 400
    publish = coordinator_client.get(f"/matching/runs/{second.pk}/publish/")
    assert b"Publish and introduce" in publish.content
    coordinator_client.post(f"/matching/runs/{second.pk}/publish/", {"confirm": "on"})
    assert Pair.objects.filter(program=program).count() == 2


def test_consultation_page_shows_partner_and_records_answer(coordinator_user: User) -> None:
    program = matching_program(coordinator_user, leaders=1, mentors=1)
    program.consult_mentors = True
    program.save()
    run = run_started(program, coordinator_user)
    services.consultation_start(
        actor=coordinator_user, run=run, deadline=timezone.localdate() + dt.timedelta(days=3)
    )
    proposal = run.proposals.get()
    mentor_client = client_for(user_of(proposal.mentor))
    page = mentor_client.get(f"/matching/mine/{proposal.pk}/")
    assert b"Leader 0" in page.content and b"Why this match" in page.content
    assert b"See who and answer" in mentor_client.get("/").content
    assert mentor_client.post(f"/matching/mine/{proposal.pk}/", {}).status_code == 400
    mentor_client.post(f"/matching/mine/{proposal.pk}/", {"answer": "another"})
    proposal.refresh_from_db()
    assert proposal.mentor_response == "declined"


@pytest.mark.parametrize(
    ("who", "status"),
    [("coordinator", 200), ("other", 404), ("sponsor", 404), ("participant", 404)],
)
def test_run_page_permissions(
    who: str,
    status: int,
    coordinator_user: User,
    sponsor_user: User,
    plain_user: User,
) -> None:
    program = matching_program(coordinator_user, leaders=1, mentors=1)
    program.sponsor = sponsor_user
    program.save()
    run = run_started(program, coordinator_user)
    users: dict[str, User] = {
        "coordinator": coordinator_user,
        "other": plain_user,
        "sponsor": sponsor_user,
        "participant": user_of(run.proposals.get().leader),
    }
    client = client_for(users[who])
    assert client.get(f"/matching/runs/{run.pk}/").status_code == status
    assert client.get(f"/matching/programs/{program.slug}/").status_code == status
    proposal = run.proposals.get()
    if status != 200:
        assert client.post(f"/matching/proposals/{proposal.pk}/forbid/").status_code == 404
        assert client.get(f"/matching/mine/{proposal.pk}/").status_code == 404
