"""Rematch done right (issue 15 item 1): a no-fault exit records who asked for a new partner,
the former partner is never proposed again (nor locked back in), the wish shows to the
program's coordinators until it is met, and the partner is told kindly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from conftest import client_for
from upward.matching import services as matching
from upward.matching.models import MatchRun, PairRule
from upward.matching.tests.factories import run_started
from upward.mentoring.models import Meeting, Pair
from upward.mentoring.services import meetings
from upward.notifications.models import Notification
from upward.people.models import User
from upward.people.tests.factories import UserFactory
from upward.programs.models import Participant
from upward.programs.tests.factories import enrol, matching_program, person, user_of

pytestmark = pytest.mark.django_db
Capture = Callable[..., Any]


def _published_with_consultation_lock(coordinator: User, *, mentors: int = 2) -> Pair:
    """One leader and `mentors` mentors; the leader accepted in the consultation (which locks
    the pair, the lock that used to bring an ended pair back), then the run was published."""
    program = matching_program(coordinator, leaders=1, mentors=mentors)
    run = run_started(program, coordinator)
    matching.consultation_start(
        actor=coordinator, run=run, deadline=timezone.localdate() + dt.timedelta(days=5)
    )
    proposal = run.proposals.get()
    matching.proposal_respond(proposal=proposal, actor=user_of(proposal.leader), accept=True)
    assert PairRule.objects.get(program=program).kind == PairRule.Kind.LOCK
    matching.run_publish(actor=coordinator, run=run, confirm=True)
    return Pair.objects.get(program=program)


def _exit_on_the_page(pair: Pair, *, wants_new: bool) -> None:
    data = {"exit": "1", "confirm": "on"} | ({"wants_rematch": "on"} if wants_new else {})
    response = client_for(user_of(pair.leader)).post(f"/pairs/{pair.pk}/safety/", data)
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ENDED


def test_publishing_spends_the_locks_so_nothing_carries_an_ended_pair_forward(
    coordinator_user: User,
) -> None:
    pair = _published_with_consultation_lock(coordinator_user)
    assert not PairRule.objects.filter(program=pair.program, kind=PairRule.Kind.LOCK).exists()


def test_an_ended_pair_is_never_proposed_again_and_its_leader_gets_someone_else(
    coordinator_user: User,
) -> None:
    pair = _published_with_consultation_lock(coordinator_user)
    former_mentor = pair.mentor
    _exit_on_the_page(pair, wants_new=True)
    rule = PairRule.objects.get(program=pair.program, leader=pair.leader, mentor=former_mentor)
    assert (rule.kind, rule.source) == (PairRule.Kind.FORBID, PairRule.Source.EXIT)

    late = run_started(pair.program, coordinator_user)
    assert late.late_joiners and late.status == MatchRun.Status.DONE
    [proposal] = late.proposals.all()
    assert proposal.leader_id == pair.leader_id
    assert proposal.mentor_id != former_mentor.pk and not proposal.locked

    page = client_for(coordinator_user).get(f"/matching/runs/{late.pk}/").content.decode()
    assert "Ended by no-fault exit" in page
    assert "Locked by the coordinator" not in page
    api = client_for(coordinator_user).get(
        f"/api/v1/programs/{pair.program_id}/match-runs/{late.pk}"
    )
    [rule_out] = api.json()["rules"]
    assert rule_out["kind"] == "forbid" and rule_out["reason"] == "ended by no-fault exit"


def test_a_lock_left_from_before_never_brings_an_ended_pair_back(coordinator_user: User) -> None:
    """The class of bug: whatever rule stands for a pair that is over (here a consultation lock
    written before locks were spent at publish), a run neither locks nor proposes it."""
    pair = _published_with_consultation_lock(coordinator_user)
    _exit_on_the_page(pair, wants_new=True)
    PairRule.objects.filter(program=pair.program).update(
        kind=PairRule.Kind.LOCK, source=PairRule.Source.CONSULTATION
    )
    late = run_started(pair.program, coordinator_user)
    [proposal] = late.proposals.all()
    assert proposal.mentor_id != pair.mentor_id and not proposal.locked
    assert not any("Locked" in reason for reason in proposal.reasons)


def test_a_consultation_lock_says_so_instead_of_blaming_the_coordinator(
    coordinator_user: User,
) -> None:
    program = matching_program(coordinator_user, leaders=2, mentors=2)
    run = run_started(program, coordinator_user)
    matching.consultation_start(
        actor=coordinator_user, run=run, deadline=timezone.localdate() + dt.timedelta(days=5)
    )
    accepted = run.proposals.first()
    assert accepted is not None
    matching.proposal_respond(proposal=accepted, actor=user_of(accepted.leader), accept=True)
    rerun = run_started(program, coordinator_user)
    kept = rerun.proposals.get(leader=accepted.leader)
    assert kept.locked
    assert kept.reasons[0] == "Both accepted this match in the consultation"


def test_whoever_ended_without_asking_for_a_new_partner_waits_out_of_the_next_run(
    coordinator_user: User,
) -> None:
    pair = _published_with_consultation_lock(coordinator_user)
    _exit_on_the_page(pair, wants_new=False)
    enrol(pair.program, person(9, "Late dept", name="Late Leader"), "leader")
    late = run_started(pair.program, coordinator_user)
    excluded = {e["participant"]: e["reason"] for e in late.excluded}
    assert "has not asked for a new partner" in excluded[pair.leader_id]
    assert not late.proposals.filter(leader=pair.leader).exists()
    # The partner did not choose the ending: they stay in the pool.
    assert pair.mentor_id not in excluded
    # Asking later (the Support page) brings the leader back into the next run.
    client_for(user_of(pair.leader)).post(f"/pairs/{pair.pk}/safety/", {"rematch": "1"})
    matching.run_discard(actor=coordinator_user, run=late)
    again = run_started(pair.program, coordinator_user)
    assert again.proposals.filter(leader=pair.leader).exists()


def test_the_wish_shows_to_coordinators_until_a_new_pair_meets_it(coordinator_user: User) -> None:
    pair = _published_with_consultation_lock(coordinator_user)
    program = pair.program
    coordinator = client_for(coordinator_user)
    home = coordinator.get("/").content.decode()
    assert "all 1 pairs fine" not in home  # one pair: "the pair is fine" at most
    _exit_on_the_page(pair, wants_new=True)
    name = pair.leader.person.name

    home = coordinator.get("/").content.decode()
    assert "1 person waiting for a new partner" in home
    assert "no pairs running" in home and "pairs fine" not in home
    program_page = coordinator.get(f"/programs/{program.slug}/").content.decode()
    assert "Waiting for a new partner" in program_page and name in program_page
    board = coordinator.get(f"/insights/programs/{program.slug}/health/").content.decode()
    assert "Waiting for a new partner" in board and name in board
    api = coordinator.get(f"/api/v1/pairs/programs/{program.pk}/rematch-wishes").json()
    assert api == [
        {
            "participant": pair.leader_id,
            "name": name,
            "role": "leader",
            "since": timezone.localdate().isoformat(),
            "no_fault_exit": True,
        }
    ]

    late = run_started(program, coordinator_user)
    matching.run_publish(actor=coordinator_user, run=late, confirm=True)
    assert Pair.objects.filter(leader=pair.leader, status=Pair.Status.ACTIVE).exists()
    assert coordinator.get(f"/api/v1/pairs/programs/{program.pk}/rematch-wishes").json() == []
    assert (
        "Waiting for a new partner"
        not in coordinator.get(f"/programs/{program.slug}/").content.decode()
    )
    assert "waiting for a new partner" not in coordinator.get("/").content.decode()


def test_the_partner_is_told_kindly_in_the_app_and_by_email_and_meetings_still_cancel(
    coordinator_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    pair = _published_with_consultation_lock(coordinator_user)
    partner = user_of(pair.mentor)
    meeting = meetings.meeting_schedule(
        pair=pair, actor=partner, starts_at=timezone.now() + dt.timedelta(days=3)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _exit_on_the_page(pair, wants_new=True)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED

    notice = Notification.objects.get(user=partner, kind="pair_ended")
    assert "nobody is at fault" in notice.body
    assert pair.leader.person.name in notice.body
    assert notice.url == f"/pairs/{pair.pk}/safety/"
    to_partner = [m for m in mail.outbox if partner.email in m.to]
    subjects = [m.subject for m in to_partner]
    assert any("has come to an end" in s for s in subjects)
    assert any("ancel" in s for s in subjects)  # the meeting's own cancellation still goes out
    letter = next(m for m in to_partner if "come to an end" in m.subject).body
    assert "Nobody is at fault" in letter
    # Never who asked for a new partner, never a reason (none is asked).
    assert "asked for a new partner" not in letter and "wants" not in letter
    # The one who left is not sent the partner's notice.
    assert not Notification.objects.filter(user=user_of(pair.leader), kind="pair_ended").exists()


def test_the_partner_and_others_never_learn_about_the_wish(
    coordinator_user: User, sponsor_user: User
) -> None:
    pair = _published_with_consultation_lock(coordinator_user)
    _exit_on_the_page(pair, wants_new=True)
    partner = client_for(user_of(pair.mentor))
    mine = partner.get(f"/api/v1/pairs/{pair.pk}").json()
    assert mine["you_asked_for_a_new_partner"] is False
    assert (
        "You asked for a new partner"
        not in partner.get(f"/pairs/{pair.pk}/safety/").content.decode()
    )
    leader_view = client_for(user_of(pair.leader)).get(f"/api/v1/pairs/{pair.pk}").json()
    assert leader_view["you_asked_for_a_new_partner"] is True
    coordinator_view = client_for(coordinator_user).get(f"/api/v1/pairs/{pair.pk}").json()
    assert coordinator_view["you_asked_for_a_new_partner"] is None

    wishes = f"/api/v1/pairs/programs/{pair.program_id}/rematch-wishes"
    outsider_program = matching_program(UserFactory(is_coordinator=True), leaders=1)
    outsider = Participant.objects.filter(program=outsider_program).first()
    assert outsider is not None
    for client in (partner, client_for(sponsor_user), client_for(user_of(outsider))):
        assert client.get(wishes).status_code == 404
        page = client.get(f"/programs/{pair.program.slug}/")
        assert "Waiting for a new partner" not in page.content.decode()
    # Another program's coordinator: 404 too.
    other = UserFactory(is_coordinator=True)
    matching_program(other, leaders=1)
    assert client_for(other).get(wishes).status_code == 404


def test_an_exit_cannot_be_repeated_or_done_by_someone_else(coordinator_user: User) -> None:
    pair = _published_with_consultation_lock(coordinator_user)
    base = f"/api/v1/pairs/{pair.pk}/exit"
    assert (
        client_for(coordinator_user)
        .post(base, {"wants_rematch": True}, content_type="application/json")
        .status_code
        == 404
    )
    first = client_for(user_of(pair.leader)).post(
        base, {"wants_rematch": True}, content_type="application/json"
    )
    assert first.status_code == 200 and first.json()["status"] == "ended"
    again = client_for(user_of(pair.mentor)).post(
        base, {"wants_rematch": True}, content_type="application/json"
    )
    assert again.status_code == 409


def test_the_partner_can_ask_for_a_new_partner_too_through_the_api(
    coordinator_user: User,
) -> None:
    pair = _published_with_consultation_lock(coordinator_user)
    url = f"/api/v1/pairs/{pair.pk}/new-partner"
    partner = client_for(user_of(pair.mentor))
    early = partner.post(url, {"wants_new_partner": True}, content_type="application/json")
    assert early.status_code == 409 and early.json()["errors"][0]["field"] == "pair"
    _exit_on_the_page(pair, wants_new=False)
    asked = partner.post(url, {"wants_new_partner": True}, content_type="application/json")
    assert asked.status_code == 200 and asked.json()["you_asked_for_a_new_partner"] is True
    wishes = client_for(coordinator_user).get(
        f"/api/v1/pairs/programs/{pair.program_id}/rematch-wishes"
    )
    assert [w["participant"] for w in wishes.json()] == [pair.mentor_id]
    assert (
        client_for(coordinator_user)
        .post(url, {"wants_new_partner": True}, content_type="application/json")
        .status_code
        == 404
    )
    partner.post(url, {"wants_new_partner": False}, content_type="application/json")
    assert (
        client_for(coordinator_user)
        .get(f"/api/v1/pairs/programs/{pair.program_id}/rematch-wishes")
        .json()
        == []
    )


def test_leaving_the_program_ends_the_pair_and_tells_the_partner_like_an_exit(
    coordinator_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    # Withdrawing from the program once only flipped the pair's status: meetings stayed in the
    # partner's calendar and they learnt nothing.
    pair = _published_with_consultation_lock(coordinator_user)
    leaver, partner = user_of(pair.leader), user_of(pair.mentor)
    meeting = meetings.meeting_schedule(
        pair=pair, actor=partner, starts_at=timezone.now() + dt.timedelta(days=3)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(leaver).post(f"/programs/{pair.program.slug}/withdraw/")
    assert response.status_code == 302
    pair.refresh_from_db()
    meeting.refresh_from_db()
    assert pair.status == Pair.Status.ENDED and pair.ended_by == "leader"
    assert meeting.status == Meeting.Status.CANCELLED
    notice = Notification.objects.get(user=partner, kind="pair_ended")
    assert "nobody is at fault" in notice.body
    assert any("has come to an end" in m.subject for m in mail.outbox if partner.email in m.to)
    assert PairRule.objects.filter(
        program=pair.program, leader=pair.leader, mentor=pair.mentor, kind="forbid"
    ).exists()
