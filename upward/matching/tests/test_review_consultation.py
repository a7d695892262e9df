"""Consultation deadline: silence counts as yes after the deadline, shown to the coordinator and
recorded at publish; the coordinator can extend the deadline (pages and rules)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from conftest import client_for
from upward.errors import ServiceError
from upward.matching import services
from upward.matching.selectors import (
    consultation_summary,
    proposals_awaiting_answer,
    publish_warnings,
)
from upward.matching.tests.factories import run_consulting
from upward.mentoring.models import Pair
from upward.people.models import User
from upward.programs.tests.factories import matching_program, user_of

pytestmark = pytest.mark.django_db
Capture = Callable[..., Any]
TODAY = dt.date(2025, 3, 3)


@time_machine.travel(TODAY, tick=False)
def test_before_the_deadline_answers_are_waiting(coordinator_user: User) -> None:
    run = run_consulting(coordinator_user, leaders=3)
    first = run.proposals.first()
    assert first is not None
    services.proposal_respond(proposal=first, actor=user_of(first.leader), accept=True)
    summary = consultation_summary(run)
    assert summary is not None
    assert (summary.asked, summary.accepted, summary.waiting, summary.no_answer) == (3, 1, 2, 0)
    assert not summary.over
    warnings = publish_warnings(run)
    assert "2 proposals are still waiting for an answer (deadline 8 Mar 2025)" in warnings[0]
    assert "counts them as accepted" in warnings[0]


def test_after_the_deadline_silence_counts_as_yes(
    coordinator_user: User,
    coordinator_client: Client,
) -> None:
    with time_machine.travel(TODAY, tick=False):
        run = run_consulting(coordinator_user, leaders=3)
        declined, accepted, silent = run.proposals.all()
        services.proposal_respond(proposal=declined, actor=user_of(declined.leader), accept=False)
        services.proposal_respond(proposal=accepted, actor=user_of(accepted.leader), accept=True)
        assert proposals_awaiting_answer(user=user_of(silent.leader)) == [silent]
    with time_machine.travel(TODAY + dt.timedelta(6), tick=False):
        run.refresh_from_db()
        assert run.consultation_over
        summary = consultation_summary(run)
        assert summary is not None and (summary.waiting, summary.no_answer) == (0, 1)
        silent.refresh_from_db()
        assert silent.leader_answer == "no_answer"
        # The silent leader can no longer answer, and their home page stops asking.
        with pytest.raises(ServiceError) as err:
            services.proposal_respond(proposal=silent, actor=user_of(silent.leader), accept=False)
        assert "match stands" in err.value.message
        assert proposals_awaiting_answer(user=user_of(silent.leader)) == []
        home = client_for(user_of(silent.leader)).get("/")
        assert b"See who and answer" not in home.content
        mine = client_for(user_of(silent.leader)).get(f"/matching/mine/{silent.pk}/")
        assert b"this match stands" in mine.content
        # The coordinator sees it on the review page and before publishing.
        page = coordinator_client.get(f"/matching/runs/{run.pk}/")
        assert b"1 no answer by 8 Mar: counted as yes" in page.content
        assert b"no answer: counts as yes" in page.content
        assert b"deadline passed" in page.content
        publish = coordinator_client.get(f"/matching/runs/{run.pk}/publish/")
        assert b"had no answer by the deadline" in publish.content
        pairs = services.run_publish(actor=coordinator_user, run=run, confirm=True)
    assert {(p.leader_id, p.mentor_id) for p in pairs} == {
        (accepted.leader_id, accepted.mentor_id),
        (silent.leader_id, silent.mentor_id),
    }
    silent.refresh_from_db()
    assert silent.leader_response == "no_answer"  # recorded as what it was
    assert not Pair.objects.filter(leader=declined.leader).exists()


def test_the_invitation_says_silence_counts_as_yes(
    coordinator_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    program = matching_program(coordinator_user, leaders=1, mentors=1)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(actor=coordinator_user, program=program)
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_start(
            actor=coordinator_user, run=run, deadline=timezone.localdate() + dt.timedelta(3)
        )
    assert "we take it that the match suits you" in mail.outbox[-1].body


def test_extend_moves_the_deadline_and_tells_only_who_has_not_answered(
    coordinator_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with time_machine.travel(TODAY, tick=False):
        run = run_consulting(coordinator_user, leaders=2)
        answered, silent = run.proposals.all()
        services.proposal_respond(proposal=answered, actor=user_of(answered.leader), accept=True)
    with time_machine.travel(TODAY + dt.timedelta(7), tick=False):  # after the deadline
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.consultation_extend(
                actor=coordinator_user, run=run, deadline=TODAY + dt.timedelta(10)
            )
        run.refresh_from_db()
        assert run.consultation_deadline == TODAY + dt.timedelta(10)
        assert not run.consultation_over
        assert [m.to for m in mail.outbox] == [[silent.leader.person.email]]
        assert "new deadline is 13 Mar 2025" in mail.outbox[0].body
        services.proposal_respond(proposal=silent, actor=user_of(silent.leader), accept=False)
        silent.refresh_from_db()
        assert silent.leader_response == "declined"


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("days", "message"),
    [
        (0, "The deadline must be in the future."),
        (4, "Choose a date after the current deadline (8 Mar 2025)."),
        (61, "Give people at most 60 days to answer."),
    ],
)
def test_extend_refuses_bad_dates_naming_the_field(
    days: int,
    message: str,
    coordinator_user: User,
) -> None:
    run = run_consulting(coordinator_user, leaders=1)
    with pytest.raises(ServiceError) as err:
        services.consultation_extend(
            actor=coordinator_user, run=run, deadline=TODAY + dt.timedelta(days)
        )
    assert (err.value.field, err.value.message) == ("deadline", message)


@time_machine.travel(TODAY, tick=False)
def test_extend_through_the_page_shows_field_errors(
    coordinator_user: User,
    coordinator_client: Client,
) -> None:
    run = run_consulting(coordinator_user, leaders=1)
    page = coordinator_client.get(f"/matching/runs/{run.pk}/")
    assert b"Extend the deadline" in page.content
    assert b"counted as accepting their match" in page.content  # the help text
    bad = coordinator_client.post(f"/matching/runs/{run.pk}/consult/", {"deadline": "2025-03-05"})
    assert bad.status_code == 400
    assert b"Choose a date after the current deadline" in bad.content
    assert b'class="field-error"' in bad.content
    garbage = coordinator_client.post(f"/matching/runs/{run.pk}/consult/", {"deadline": "soon"})
    assert garbage.status_code == 400 and b"field-error" in garbage.content
    ok = coordinator_client.post(f"/matching/runs/{run.pk}/consult/", {"deadline": "2025-03-20"})
    assert ok.status_code == 302
    run.refresh_from_db()
    assert run.consultation_deadline == dt.date(2025, 3, 20)


def test_only_an_open_consultation_can_be_extended(
    coordinator_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    program = matching_program(coordinator_user, leaders=1, mentors=1)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(actor=coordinator_user, program=program)
    run.refresh_from_db()
    with pytest.raises(ServiceError) as err:
        services.consultation_extend(
            actor=coordinator_user, run=run, deadline=timezone.localdate() + dt.timedelta(3)
        )
    assert err.value.field == "run"


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("who", ["other", "sponsor", "participant"])
def test_only_the_coordinators_can_extend(
    who: str,
    coordinator_user: User,
    sponsor_user: User,
    plain_user: User,
) -> None:
    run = run_consulting(coordinator_user, leaders=1)
    run.program.sponsor = sponsor_user
    run.program.save()
    users = {
        "other": plain_user,
        "sponsor": sponsor_user,
        "participant": user_of(run.proposals.get().leader),
    }
    client = client_for(users[who])
    refused = client.post(f"/matching/runs/{run.pk}/consult/", {"deadline": "2025-03-20"})
    assert refused.status_code == 404
    run.refresh_from_db()
    assert run.consultation_deadline == TODAY + dt.timedelta(5)
