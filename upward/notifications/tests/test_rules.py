"""Every reminder rule, with frozen time: sent when due, not before, not twice, not in quiet
hours (email waits until they end), not when the program's nudges are paused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from upward.feedback.models import Survey, SurveyAssignment
from upward.matching.models import MatchRun, ProposedPair
from upward.mentoring.models import Action, AgendaItem, Charter, ClosureChoice, Meeting, Pair
from upward.notifications.messages import render_delivery
from upward.notifications.models import (
    Delivery,
    DeliveryPreference,
    Notification,
    ProgramNudgePause,
)
from upward.notifications.preferences import zone
from upward.notifications.tests.factories import (
    PairSetup,
    make_pair,
    make_participant,
    make_program,
    make_user,
)
from upward.people.models import User
from upward.programs.models import Program

pytestmark = pytest.mark.django_db

# A Wednesday, noon UTC; the digest scenario uses the Monday of that week.
ANCHOR = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.UTC)


@dataclass
class Scenario:
    kind: str
    recipient: User
    program: Program
    due: dt.datetime


def meeting_soon() -> Scenario:
    s = make_pair()
    meeting = Meeting.objects.create(pair=s.pair, starts_at=ANCHOR + dt.timedelta(hours=24))
    AgendaItem.objects.create(
        meeting=meeting, author=s.leader, text="How our apps feel to new hires"
    )
    return Scenario("meeting_soon", s.leader, s.program, ANCHOR)


def charter_unsigned() -> Scenario:
    s = make_pair(started_on=ANCHOR.date() - dt.timedelta(days=7))
    midnight = dt.datetime.combine(ANCHOR.date(), dt.time(0), tzinfo=dt.UTC)
    return Scenario("charter_unsigned", s.mentor, s.program, midnight)


def action_due() -> Scenario:
    s = make_pair()
    Action.objects.create(
        pair=s.pair,
        title="Try the team's chat tool for a week",
        due_on=ANCHOR.date() + dt.timedelta(days=1),
    )
    midnight = dt.datetime.combine(ANCHOR.date(), dt.time(0), tzinfo=dt.UTC)
    return Scenario("action_due", s.leader, s.program, midnight)


def _survey_for(s: PairSetup, due_on: dt.date) -> None:
    survey = Survey.objects.create(
        program=s.program,
        kind="custom",
        audience="all",
        title="Pulse check",
        due_on=due_on,
    )
    SurveyAssignment.objects.create(
        survey=survey,
        participant=s.pair.mentor,
        pair=s.pair,
        due_on=due_on,
    )


def survey_due() -> Scenario:
    s = make_pair()
    _survey_for(s, ANCHOR.date() + dt.timedelta(days=7))
    midnight = dt.datetime.combine(ANCHOR.date(), dt.time(0), tzinfo=dt.UTC)
    return Scenario("survey_due", s.mentor, s.program, midnight)


def survey_overdue() -> Scenario:
    s = make_pair()
    _survey_for(s, ANCHOR.date() - dt.timedelta(days=1))
    midnight = dt.datetime.combine(ANCHOR.date(), dt.time(0), tzinfo=dt.UTC)
    return Scenario("survey_overdue", s.mentor, s.program, midnight)


def invitation_unanswered() -> Scenario:
    program = make_program(phase="recruiting")
    invitee = make_user(level=9)
    make_participant(
        program=program,
        user=invitee,
        role="leader",
        status="invited",
        invited_at=ANCHOR - dt.timedelta(days=7),
    )
    return Scenario("invitation_unanswered", invitee, program, ANCHOR)


def weekly_digest() -> Scenario:
    coordinator = make_user(tz="America/New_York", is_coordinator=True)
    program = make_program(coordinator=coordinator)
    make_pair(program=program)
    # Monday 16 November, 08:00 in New York is 13:00 UTC.
    return Scenario(
        "weekly_digest", coordinator, program, dt.datetime(2026, 11, 16, 13, 0, tzinfo=dt.UTC)
    )


def pair_at_risk() -> Scenario:
    coordinator = make_user(is_coordinator=True)
    program = make_program(coordinator=coordinator)
    # No meeting held since the pair started: at risk from day 45, which is the anchor day.
    make_pair(program=program, started_on=ANCHOR.date() - dt.timedelta(days=45))
    midnight = dt.datetime.combine(ANCHOR.date(), dt.time(0), tzinfo=dt.UTC)
    return Scenario("pair_at_risk", coordinator, program, midnight)


def _consultation(
    s: PairSetup, *, deadline: dt.date, mentor_response: str = "not_asked"
) -> ProposedPair:
    run = MatchRun.objects.create(
        program=s.program, status="consulting", consultation_deadline=deadline
    )
    return ProposedPair.objects.create(
        run=run,
        leader=s.pair.leader,
        mentor=s.pair.mentor,
        score=0.8,
        leader_response="pending",
        mentor_response=mentor_response,
    )


def consultation_due() -> Scenario:
    s = make_pair(program=make_program(phase="matching"))
    _consultation(s, deadline=ANCHOR.date() + dt.timedelta(days=2))
    midnight = dt.datetime.combine(ANCHOR.date(), dt.time(0), tzinfo=dt.UTC)
    return Scenario("consultation_due", s.leader, s.program, midnight)


def closing_invited() -> Scenario:
    s = make_pair(program=make_program(phase="closing"))
    Pair.objects.filter(pk=s.pair.pk).update(closing_invited_at=ANCHOR)
    return Scenario("closing_invited", s.mentor, s.program, ANCHOR)


SCENARIOS: dict[str, Callable[[], Scenario]] = {
    f.__name__: f
    for f in [
        meeting_soon,
        charter_unsigned,
        action_due,
        survey_due,
        survey_overdue,
        invitation_unanswered,
        weekly_digest,
        pair_at_risk,
        consultation_due,
        closing_invited,
    ]
}
MINUTE = dt.timedelta(minutes=1)


def emails_of(kind: str, user: User) -> list[Any]:
    return [
        m
        for m in mail.outbox
        if m.to == [user.email] and m.extra_headers["X-Upward-Delivery"].startswith(kind)
    ]


def notifications_of(kind: str, user: User) -> int:
    return Notification.objects.filter(user=user, kind=kind).count()


@pytest.fixture(params=sorted(SCENARIOS))
def scenario(request: pytest.FixtureRequest) -> Scenario:
    return SCENARIOS[request.param]()


def test_it_is_not_sent_before_it_is_due(scenario: Scenario, tick: Callable) -> None:
    tick(scenario.due - dt.timedelta(hours=1))
    assert emails_of(scenario.kind, scenario.recipient) == []
    assert not Delivery.objects.filter(kind=scenario.kind, user=scenario.recipient).exists()


def test_it_is_sent_by_email_and_in_app_when_due(scenario: Scenario, tick: Callable) -> None:
    tick(scenario.due + MINUTE)
    [email] = emails_of(scenario.kind, scenario.recipient)
    assert email.subject
    html = email.alternatives[0][0]
    assert "<html" in html and scenario.recipient.get_short_name() in html
    assert notifications_of(scenario.kind, scenario.recipient) == 1


def test_it_is_never_sent_twice(scenario: Scenario, tick: Callable) -> None:
    tick(scenario.due + MINUTE)
    tick(scenario.due + 2 * MINUTE)
    tick(scenario.due + dt.timedelta(hours=3))
    assert len(emails_of(scenario.kind, scenario.recipient)) == 1
    assert notifications_of(scenario.kind, scenario.recipient) == 1


def test_email_waits_for_the_end_of_quiet_hours(scenario: Scenario, tick: Callable) -> None:
    moment = scenario.due + MINUTE
    person = scenario.recipient.person
    assert person is not None
    tz = zone(person.timezone)
    local = moment.astimezone(tz)
    DeliveryPreference.objects.create(
        user=scenario.recipient,
        quiet_start=(local - dt.timedelta(hours=1)).time().replace(second=0, microsecond=0),
        quiet_end=(local + dt.timedelta(hours=1)).time().replace(second=0, microsecond=0),
    )
    tick(moment)
    assert emails_of(scenario.kind, scenario.recipient) == []
    # The in-app list is silent, so it is not held back.
    assert notifications_of(scenario.kind, scenario.recipient) == 1
    tick(moment + dt.timedelta(minutes=30))
    assert emails_of(scenario.kind, scenario.recipient) == []
    tick(moment + dt.timedelta(hours=1, minutes=1))
    assert len(emails_of(scenario.kind, scenario.recipient)) == 1


def test_nothing_is_sent_while_the_program_is_paused(scenario: Scenario, tick: Callable) -> None:
    ProgramNudgePause.objects.create(program=scenario.program)
    tick(scenario.due + MINUTE)
    assert emails_of(scenario.kind, scenario.recipient) == []
    assert notifications_of(scenario.kind, scenario.recipient) == 0


def test_channels_the_person_turned_off_are_not_used(scenario: Scenario, tick: Callable) -> None:
    DeliveryPreference.objects.create(user=scenario.recipient, email_enabled=False)
    tick(scenario.due + MINUTE)
    assert emails_of(scenario.kind, scenario.recipient) == []
    assert notifications_of(scenario.kind, scenario.recipient) == 1


# Rule-specific details ---------------------------------------------------------------------


def test_meeting_reminder_goes_to_both_people_with_the_agenda(tick: Callable) -> None:
    s = make_pair(mentor_tz="Asia/Singapore")
    meeting = Meeting.objects.create(pair=s.pair, starts_at=ANCHOR + dt.timedelta(hours=20))
    AgendaItem.objects.create(meeting=meeting, author=s.mentor, text="What onboarding felt like")
    tick(ANCHOR)
    to_leader, to_mentor = emails_of("meeting_soon", s.leader), emails_of("meeting_soon", s.mentor)
    assert len(to_leader) == len(to_mentor) == 1
    assert "What onboarding felt like" in to_mentor[0].body
    # 08:00 UTC is 16:00 in Singapore and 08:00 in London (GMT in November).
    assert "16:00" in to_mentor[0].subject and "08:00" in to_leader[0].subject


def test_a_moved_meeting_is_reminded_again(tick: Callable) -> None:
    s = make_pair()
    meeting = Meeting.objects.create(pair=s.pair, starts_at=ANCHOR + dt.timedelta(hours=20))
    tick(ANCHOR)
    meeting.starts_at = ANCHOR + dt.timedelta(hours=44)
    meeting.save()
    tick(ANCHOR + dt.timedelta(hours=21))
    assert len(emails_of("meeting_soon", s.leader)) == 2


def test_cancelled_meetings_are_not_reminded(tick: Callable) -> None:
    s = make_pair()
    Meeting.objects.create(
        pair=s.pair, starts_at=ANCHOR + dt.timedelta(hours=20), status="cancelled"
    )
    tick(ANCHOR)
    assert emails_of("meeting_soon", s.leader) == []


def test_charter_reminder_only_goes_to_who_has_not_signed(tick: Callable) -> None:
    s = make_pair(started_on=ANCHOR.date() - dt.timedelta(days=8))
    Charter.objects.create(pair=s.pair, leader_signed_at=ANCHOR - dt.timedelta(days=2))
    tick(ANCHOR)
    assert emails_of("charter_unsigned", s.leader) == []
    [email] = emails_of("charter_unsigned", s.mentor)
    assert "already signed" in email.body


def test_signed_charters_are_not_reminded(tick: Callable) -> None:
    s = make_pair(started_on=ANCHOR.date() - dt.timedelta(days=8))
    Charter.objects.create(pair=s.pair, leader_signed_at=ANCHOR, mentor_signed_at=ANCHOR)
    tick(ANCHOR)
    assert not Delivery.objects.filter(kind="charter_unsigned").exists()


def test_done_actions_are_not_reminded(tick: Callable) -> None:
    s = make_pair()
    Action.objects.create(
        pair=s.pair,
        title="Shadow a support call",
        status="done",
        due_on=ANCHOR.date() + dt.timedelta(days=1),
    )
    tick(ANCHOR)
    assert emails_of("action_due", s.leader) == []


def test_answered_invitations_are_not_reminded(tick: Callable) -> None:
    program = make_program(phase="recruiting")
    person = make_user()
    make_participant(
        program=program,
        user=person,
        role="mentor",
        status="opted_in",
        invited_at=ANCHOR - dt.timedelta(days=8),
    )
    tick(ANCHOR)
    assert emails_of("invitation_unanswered", person) == []


def test_weekly_digest_counts_without_content(tick: Callable) -> None:
    coordinator = make_user(tz="Europe/London", is_coordinator=True)
    program = make_program(coordinator=coordinator)
    s = make_pair(program=program)
    Meeting.objects.create(
        pair=s.pair, starts_at=dt.datetime(2026, 11, 12, 9, tzinfo=dt.UTC), status="held"
    )
    tick(dt.datetime(2026, 11, 16, 8, 5, tzinfo=dt.UTC))
    [email] = emails_of("weekly_digest", coordinator)
    assert program.name in email.body
    assert "Meetings held in the last 7 days: 1" in email.body


def test_a_stale_digest_is_not_sent_late(tick: Callable) -> None:
    coordinator = make_user(is_coordinator=True)
    make_program(coordinator=coordinator)
    tick(dt.datetime(2026, 11, 19, 9, 0, tzinfo=dt.UTC))  # Thursday: this week's has expired
    assert emails_of("weekly_digest", coordinator) == []


def test_a_pair_at_risk_is_reported_again_only_for_a_new_warning_sign(tick: Callable) -> None:
    coordinator = make_user(is_coordinator=True)
    program = make_program(coordinator=coordinator)
    s = make_pair(program=program, started_on=ANCHOR.date() - dt.timedelta(days=60))
    tick(ANCHOR)
    tick(ANCHOR + dt.timedelta(days=5))  # the gap grew, but it is the same gap
    [email] = emails_of("pair_at_risk", coordinator)
    assert s.leader.name in email.subject
    # The link opens the pair's health page, where a nudge is one click away.
    [note] = Notification.objects.filter(user=coordinator, kind="pair_at_risk")
    assert note.url == reverse("mentoring:room", args=[s.pair.pk])
    assert "No meeting held since the pair started 60 days ago" in email.body
    for n in range(2):
        Meeting.objects.create(
            pair=s.pair,
            starts_at=ANCHOR + dt.timedelta(days=6 + n),
            status="cancelled",
            cancelled_by_role="leader",
        )
    tick(ANCHOR + dt.timedelta(days=8))
    assert len(emails_of("pair_at_risk", coordinator)) == 2
    # Health is for coordinators: the pair's own people are not told they are "at risk".
    assert emails_of("pair_at_risk", s.leader) == []


def test_consultation_reminder_says_silence_counts_as_yes_and_links_the_proposal(
    tick: Callable,
) -> None:
    s = make_pair(program=make_program(phase="matching"))
    proposal = _consultation(s, deadline=ANCHOR.date() + dt.timedelta(days=2))
    tick(ANCHOR)
    [email] = emails_of("consultation_due", s.leader)
    assert "Fri 20 Nov" in email.body
    assert "take it that the match suits you" in email.body
    assert f"/matching/mine/{proposal.pk}/" in email.body
    # The mentor was not consulted in this program, so there is nothing to remind them of.
    assert emails_of("consultation_due", s.mentor) == []


def test_consultation_reminder_only_goes_to_the_side_still_pending(tick: Callable) -> None:
    s = make_pair(program=make_program(phase="matching"))
    proposal = _consultation(
        s, deadline=ANCHOR.date() + dt.timedelta(days=2), mentor_response="pending"
    )
    proposal.leader_response = "accepted"
    proposal.save()
    tick(ANCHOR)
    assert emails_of("consultation_due", s.leader) == []
    assert len(emails_of("consultation_due", s.mentor)) == 1


def test_an_answer_before_the_reminder_stops_it(tick: Callable) -> None:
    s = make_pair(program=make_program(phase="matching"))
    proposal = _consultation(s, deadline=ANCHOR.date() + dt.timedelta(days=2))
    tick(ANCHOR - dt.timedelta(days=1))
    proposal.leader_response = "declined"
    proposal.save()
    tick(ANCHOR)
    assert not Delivery.objects.filter(kind="consultation_due").exists()


def test_a_published_run_is_not_reminded(tick: Callable) -> None:
    s = make_pair(program=make_program(phase="matching"))
    proposal = _consultation(s, deadline=ANCHOR.date() + dt.timedelta(days=2))
    MatchRun.objects.filter(pk=proposal.run_id).update(status="published")
    tick(ANCHOR)
    assert not Delivery.objects.filter(kind="consultation_due").exists()


def test_an_extended_consultation_is_reminded_again(tick: Callable) -> None:
    s = make_pair(program=make_program(phase="matching"))
    proposal = _consultation(s, deadline=ANCHOR.date() + dt.timedelta(days=2))
    tick(ANCHOR)
    MatchRun.objects.filter(pk=proposal.run_id).update(
        consultation_deadline=ANCHOR.date() + dt.timedelta(days=9)
    )
    tick(ANCHOR + dt.timedelta(days=1))  # not yet due for the new deadline
    assert len(emails_of("consultation_due", s.leader)) == 1
    tick(ANCHOR + dt.timedelta(days=7, minutes=1))
    assert len(emails_of("consultation_due", s.leader)) == 2


def test_consultation_reminder_is_due_at_local_midnight(tick: Callable) -> None:
    s = make_pair(program=make_program(phase="matching"), leader_tz="Asia/Tokyo")
    _consultation(s, deadline=ANCHOR.date() + dt.timedelta(days=2))
    # Midnight of 18 November in Tokyo is 15:00 UTC on the 17th.
    tick(dt.datetime(2026, 11, 17, 14, 59, tzinfo=dt.UTC))
    assert emails_of("consultation_due", s.leader) == []
    tick(dt.datetime(2026, 11, 17, 15, 1, tzinfo=dt.UTC))
    assert len(emails_of("consultation_due", s.leader)) == 1


def test_a_consultation_past_its_deadline_is_not_reminded(tick: Callable) -> None:
    s = make_pair(program=make_program(phase="matching"))
    _consultation(s, deadline=ANCHOR.date() - dt.timedelta(days=1))
    tick(ANCHOR)
    assert not Delivery.objects.filter(kind="consultation_due").exists()


def test_closing_invitation_goes_to_both_people_with_the_close_page(tick: Callable) -> None:
    s = make_pair(program=make_program(phase="closing"))
    Pair.objects.filter(pk=s.pair.pk).update(closing_invited_at=ANCHOR)
    tick(ANCHOR + MINUTE)
    [to_leader] = emails_of("closing_invited", s.leader)
    [to_mentor] = emails_of("closing_invited", s.mentor)
    assert f"/pairs/{s.pair.pk}/close/" in to_leader.body
    assert "final reflection" in to_mentor.body and "join a group" in to_mentor.body
    assert s.leader.name in to_mentor.subject


def test_whoever_already_closed_is_not_invited_again(tick: Callable) -> None:
    s = make_pair(program=make_program(phase="closing"))
    Pair.objects.filter(pk=s.pair.pk).update(closing_invited_at=ANCHOR)
    ClosureChoice.objects.create(
        pair=s.pair, user=s.leader, role="leader", choice="group", final_reflection="A lot."
    )
    tick(ANCHOR + MINUTE)
    assert emails_of("closing_invited", s.leader) == []
    assert len(emails_of("closing_invited", s.mentor)) == 1


def test_closed_pairs_and_uninvited_pairs_are_not_invited_to_close(tick: Callable) -> None:
    closed = make_pair(program=make_program(phase="closing"))
    Pair.objects.filter(pk=closed.pair.pk).update(closing_invited_at=ANCHOR, status="closed")
    make_pair(program=make_program(phase="active"))
    tick(ANCHOR + MINUTE)
    assert not Delivery.objects.filter(kind="closing_invited").exists()


def test_survey_reminders_say_whether_answers_are_anonymous(tick: Callable) -> None:
    scenario = survey_due()
    tick(scenario.due + MINUTE)
    [anonymous] = emails_of("survey_due", scenario.recipient)
    assert "This survey is anonymous" in anonymous.body
    assert "groups of 5 people or more" in anonymous.body
    assert "not anonymous" not in anonymous.body.lower()
    note = Notification.objects.get(user=scenario.recipient, kind="survey_due")
    assert "Anonymous: nobody sees which answers are yours." in note.body
    assert "not anonymous" not in note.body.lower()

    named = survey_due()
    Survey.objects.filter(program=named.program).update(anonymous=False)
    tick(named.due + 2 * MINUTE)
    [email] = emails_of("survey_due", named.recipient)
    assert "This survey is named, not anonymous" in email.body
    assert "This survey is anonymous" not in email.body
    note = Notification.objects.get(user=named.recipient, kind="survey_due")
    assert "Named, not anonymous" in note.body


def test_late_survey_reminders_say_whether_answers_are_anonymous(tick: Callable) -> None:
    anonymous = survey_overdue()
    named = survey_overdue()
    Survey.objects.filter(program=named.program).update(anonymous=False)
    tick(anonymous.due + MINUTE)
    [email] = emails_of("survey_overdue", anonymous.recipient)
    assert "This survey is anonymous" in email.body and "not anonymous" not in email.body
    [email] = emails_of("survey_overdue", named.recipient)
    assert "This survey is named, not anonymous" in email.body
    assert (
        "Named, not anonymous"
        in Notification.objects.get(user=named.recipient, kind="survey_overdue").body
    )


def test_a_survey_note_without_the_anonymity_flag_claims_nothing() -> None:
    user = make_user()
    message = render_delivery(
        Delivery(
            user=user,
            template="survey_due",
            context={"survey_title": "Pulse", "program_name": "P", "due_on": "2026-12-01"},
        )
    )
    assert "anonymous" not in message.inapp_body.lower()
    assert "anonymous" not in message.text.lower()
