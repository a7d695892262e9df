from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.http import Http404
from django.utils import timezone

from upward import events
from upward.errors import ServiceError
from upward.mentoring.tests.factories import PairFactory
from upward.people.models import User
from upward.people.tests.factories import UserFactory
from upward.programs import services
from upward.programs.events import PHASE_CHECKS
from upward.programs.forms import IntakeForm
from upward.programs.models import (
    HeldInterest,
    InterestReceipt,
    InterestResponse,
    Participant,
    Program,
    ProgramPhaseChange,
    Topic,
    TrainingCompletion,
)
from upward.programs.selectors import PhaseCheck, interest_summary, is_ready, phase_check
from upward.programs.services import enrolment, interest, topics, training
from upward.programs.tests.factories import enrol, make_program, person, user_of

pytestmark = pytest.mark.django_db


def test_seed_topics_exist_and_identity_topics_are_sensitive() -> None:
    assert Topic.objects.filter(slug="digital-tools-ai", sensitive=False).exists()
    assert Topic.objects.filter(slug="lgbtq-experience", sensitive=True).exists()


def test_template_fills_topics_weights_and_defaults(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user, template="inclusive-leadership")
    assert program.duration_months == 9
    assert program.consult_mentors is True
    assert program.anonymity_threshold == 5
    assert program.topics.filter(slug="inclusion").exists()
    assert program.matching_settings["weights"]["affinity"] == 0.15
    assert list(program.coordinators.all()) == [coordinator_user]


def test_purpose_is_required(coordinator_user: User) -> None:
    with pytest.raises(ServiceError) as err:
        services.program_create(actor=coordinator_user, name="X", purpose="  ")
    assert err.value.field == "purpose"


def test_end_date_must_follow_start(coordinator_user: User) -> None:
    with pytest.raises(ServiceError) as err:
        services.program_create(
            actor=coordinator_user,
            name="X",
            purpose="p",
            starts_on=dt.date(2026, 5, 1),
            ends_on=dt.date(2026, 4, 1),
        )
    assert err.value.field == "ends_on"


def test_coordinators_add_topics_but_not_twice(coordinator_user: User) -> None:
    topic = topics.topic_create(actor=coordinator_user, name="Hybrid meetings", sensitive=False)
    assert topic.slug == "hybrid-meetings"
    with pytest.raises(ServiceError) as err:
        topics.topic_create(actor=coordinator_user, name="Hybrid Meetings")
    assert err.value.field == "name"


def test_draft_cannot_recruit_without_topics(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user, template="blank")
    program.topics.clear()
    with pytest.raises(ServiceError) as err:
        services.program_transition(actor=coordinator_user, program=program, to_phase="recruiting")
    assert "topic" in err.value.message


def test_phase_change_is_audited(coordinator_user: User, sponsor_user: User) -> None:
    program = make_program(coordinator=coordinator_user, sponsor=sponsor_user)
    services.program_transition(
        actor=coordinator_user, program=program, to_phase="recruiting", note="go"
    )
    change = ProgramPhaseChange.objects.get(program=program)
    assert (change.from_phase, change.to_phase, change.changed_by, change.note) == (
        "draft",
        "recruiting",
        coordinator_user,
        "go",
    )


def test_phases_cannot_be_skipped(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user)
    with pytest.raises(ServiceError):
        services.program_transition(actor=coordinator_user, program=program, to_phase="active")


def test_no_matching_before_intake_is_done(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user, phase="recruiting")
    enrol(program, person(9), "leader", intake=False)
    enrol(program, person(2), "mentor")
    with pytest.raises(ServiceError) as err:
        services.program_transition(actor=coordinator_user, program=program, to_phase="matching")
    assert "No leader" in err.value.message


def test_matching_waits_for_readiness_when_required(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user, phase="recruiting")
    assert program.require_readiness
    enrol(program, person(9), "leader", trained=False)
    enrol(program, person(2), "mentor")
    check = phase_check(program=program, to_phase="matching")
    assert check.errors == ["No leader has finished their readiness training yet."]


def test_warnings_need_confirmation(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user, phase="recruiting")
    enrol(program, person(9), "leader")
    enrol(program, person(2), "mentor")
    enrol(program, person(8), "leader", intake=False)
    with pytest.raises(ServiceError) as err:
        services.program_transition(actor=coordinator_user, program=program, to_phase="matching")
    assert err.value.field == "confirm" and err.value.warnings
    services.program_transition(
        actor=coordinator_user, program=program, to_phase="matching", confirm=True
    )
    program.refresh_from_db()
    assert program.phase == "matching"


def test_closing_checks_from_other_apps_ask_for_confirmation(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user, phase="active")

    def unsigned(program: Program, to_phase: str) -> PhaseCheck:
        return PhaseCheck(warnings=["2 charters are unsigned."])

    events.subscribe(PHASE_CHECKS, unsigned)
    try:
        with pytest.raises(ServiceError) as err:
            services.program_transition(actor=coordinator_user, program=program, to_phase="closing")
        assert "2 charters are unsigned." in err.value.warnings
    finally:
        events._subscribers[PHASE_CHECKS].remove(unsigned)


def test_interest_answers_are_anonymous_and_hidden_below_threshold(
    coordinator_user: User, plain_user: User
) -> None:
    program = make_program(coordinator=coordinator_user, interest_survey_open=True)
    interest.interest_answer(
        actor=plain_user, program=program, interest="mentor", topics=["digital-tools-ai"]
    )
    # Held, sealed, until k people answered: nothing readable yet.
    assert not InterestResponse.objects.exists()
    assert "mentor" not in HeldInterest.objects.get().sealed
    field_names = {f.name for f in InterestResponse._meta.get_fields()}
    assert not field_names & {"user", "person", "participant", "created_at", "submitted_on"}
    assert InterestReceipt.objects.filter(user=plain_user).exists()
    summary = interest_summary(program=program)
    assert summary.shown is False and summary.by_interest == []
    with pytest.raises(ServiceError):
        interest.interest_answer(actor=plain_user, program=program, interest="leader")


def test_interest_results_appear_from_the_threshold(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user, interest_survey_open=True)
    for _ in range(5):
        interest.interest_answer(actor=UserFactory.create(), program=program, interest="leader")
    summary = interest_summary(program=program)
    assert (
        summary.shown
        and dict(summary.by_interest)["I would like to be mentored (as a senior leader)"] == 5
    )


def test_invitation_sends_email_and_needs_opt_in(
    coordinator_user: User, django_capture_on_commit_callbacks: object
) -> None:
    program = make_program(coordinator=coordinator_user, phase="recruiting")
    who = person(9, email="dana@example.com")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        participant = enrolment.participant_invite(
            actor=coordinator_user, program=program, person=who, role="leader"
        )
    assert participant.status == "invited"
    assert mail.outbox[0].to == ["dana@example.com"]
    assert f"/programs/{program.slug}/join/" in mail.outbox[0].body
    with pytest.raises(ServiceError) as err:
        enrolment.participant_opt_in(
            actor=user_of(participant), participant=participant, consent=False
        )
    assert err.value.field == "consent"
    enrolment.participant_opt_in(actor=user_of(participant), participant=participant, consent=True)
    assert participant.status == "opted_in" and participant.consent_version


def test_nobody_opts_in_for_someone_else(coordinator_user: User, plain_user: User) -> None:
    program = make_program(coordinator=coordinator_user, phase="recruiting")
    participant = enrol(program, person(9), "leader", opted_in=False)
    with pytest.raises(Http404):
        enrolment.participant_opt_in(actor=plain_user, participant=participant, consent=True)


def test_withdrawal_needs_no_reason_and_ends_the_pair(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user, phase="active")
    leader = enrol(program, person(9), "leader")
    mentor = enrol(program, person(2), "mentor")
    pair = PairFactory(
        program=program, leader=leader, mentor=mentor, started_on=timezone.localdate()
    )
    enrolment.participant_withdraw(actor=user_of(mentor), participant=mentor)
    mentor.refresh_from_db()
    pair.refresh_from_db()
    assert mentor.status == "withdrawn" and mentor.withdrawn_at
    assert pair.status == "ended" and pair.ended_by == "mentor"


def test_intake_draft_saves_partial_answers_and_submit_validates(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user, phase="recruiting")
    participant = enrol(program, person(9), "leader", intake=False)
    draft = IntakeForm({"goals": "AI"}, participant=participant, submitting=False)
    assert draft.is_valid(), draft.errors
    intake = enrolment.intake_save(
        actor=user_of(participant),
        participant=participant,
        values=draft.intake_values(),
        submit=False,
    )
    assert intake.submitted_at is None and intake.goals == "AI"
    final = IntakeForm({"goals": "AI"}, participant=participant, submitting=True)
    assert not final.is_valid()
    assert {"will_do", "languages", "topic_digital-tools-ai"} <= set(final.errors)


def test_mentor_intake_never_assumes_sensitive_topics(coordinator_user: User) -> None:
    program = make_program(
        coordinator=coordinator_user, template="inclusive-leadership", phase="recruiting"
    )
    participant = enrol(program, person(2), "mentor", intake=False)
    form = IntakeForm(
        {
            "topic_inclusion": "3",
            "strengths": "I run our ERG",
            "availability": "Mondays",
            "capacity": "1",
            "languages": ["en"],
            "sensitive_topics": ["race-ethnicity"],
            "not_represent": ["race-ethnicity"],
        },
        participant=participant,
        submitting=True,
    )
    assert "topic_lgbtq-experience" not in form.fields  # sensitive: opt-in list only
    assert not form.is_valid()
    assert "not_represent" in form.errors


def test_mentor_capacity_is_bounded_by_the_program(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user, phase="recruiting", mentor_capacity=2)
    participant = enrol(program, person(2), "mentor", intake=False)
    form = IntakeForm(
        {
            "topic_digital-tools-ai": "3",
            "strengths": "x",
            "availability": "y",
            "capacity": "3",
            "languages": ["en"],
        },
        participant=participant,
        submitting=True,
    )
    assert not form.is_valid() and "capacity" in form.errors


def test_intake_is_closed_during_matching(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user, phase="matching")
    participant = enrol(program, person(9), "leader", intake=False)
    with pytest.raises(ServiceError):
        enrolment.intake_save(
            actor=user_of(participant), participant=participant, values={}, submit=False
        )


def test_training_completes_on_the_right_answer_only(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user, phase="recruiting")
    participant = enrol(program, person(2), "mentor", trained=False)
    assert not training.training_complete(
        actor=user_of(participant),
        participant=participant,
        module_slug="mentor-boundaries",
        answer=0,
    )
    assert training.training_complete(
        actor=user_of(participant),
        participant=participant,
        module_slug="mentor-boundaries",
        answer=1,
    )
    assert TrainingCompletion.objects.filter(participant=participant).count() == 1
    assert not is_ready(participant)
    with pytest.raises(ServiceError):
        training.training_complete(
            actor=user_of(participant),
            participant=participant,
            module_slug="leader-active-listening",
            answer=1,
        )


def test_participant_role_choice_validated(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user, phase="recruiting")
    with pytest.raises(ServiceError) as err:
        enrolment.participant_invite(
            actor=coordinator_user, program=program, person=person(3), role="boss"
        )
    assert err.value.field == "role"
    assert Participant.objects.count() == 0


def test_counted_words_agree_with_their_number() -> None:
    from upward.humane import count

    assert count(1, "invitation", "invitations") == "1 invitation"
    assert count(0, "invitation", "invitations") == "0 invitations"
    assert count(2, "proposal is", "proposals are") == "2 proposals are"
