"""Request and response schemas for /api/v1/programs, with the helpers that build them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from upward.programs.models import Intake, Participant, Program
from upward.programs.selectors import program_counts


class CountsOut(Schema):
    invited: int
    applied: int = Field(0, description="Applications waiting for an answer (open enrolment).")
    opted_in: int
    withdrawn: int
    leaders: int
    mentors: int
    intake_done: int
    ready: int
    pairs: int


class ProgramOut(Schema):
    id: int
    slug: str
    name: str
    template: str
    phase: str
    purpose: str
    objectives: list[str] = Field(
        description="The objectives' statements; their measures, targets and progress are at "
        "/programs/{id}/objectives."
    )
    sponsor: str | None
    coordinators: list[str]
    topics: list[str]
    starts_on: dt.date | None
    ends_on: dt.date | None
    duration_months: int
    cadence_days: int
    meeting_minutes: int
    mentor_capacity: int
    anonymity_threshold: int
    require_readiness: bool
    consult_mentors: bool
    interest_survey_open: bool
    open_enrolment: bool = Field(
        False, description="Anyone in the directory may apply; coordinators accept or decline."
    )
    matching_settings: dict[str, Any] | None = Field(
        None, description="Only for the program's coordinators and org admins."
    )
    counts: CountsOut
    access: str
    version: int


def _program_out(program: Program, access: str) -> ProgramOut:
    counts = program_counts(program=program)
    return ProgramOut(
        id=program.pk,
        slug=program.slug,
        name=program.name,
        template=program.template,
        phase=program.phase,
        purpose=program.purpose,
        objectives=[o.statement for o in program.objectives.all()],
        sponsor=program.sponsor.email if program.sponsor else None,
        coordinators=sorted(u.email for u in program.coordinators.all()),
        topics=sorted(program.topics.values_list("slug", flat=True)),
        starts_on=program.starts_on,
        ends_on=program.ends_on,
        duration_months=program.duration_months,
        cadence_days=program.cadence_days,
        meeting_minutes=program.meeting_minutes,
        mentor_capacity=program.mentor_capacity,
        anonymity_threshold=program.anonymity_threshold,
        require_readiness=program.require_readiness,
        consult_mentors=program.consult_mentors,
        interest_survey_open=program.interest_survey_open,
        open_enrolment=program.open_enrolment,
        matching_settings=program.matching_settings if access == "manage" else None,
        counts=CountsOut(**counts.__dict__),
        access=access,
        version=program.version,
    )


class ProgramIn(Schema):
    name: str = Field(..., max_length=200)
    purpose: str
    template: str = "blank"
    objectives: Any = Field(None, description="Refused: use /programs/{id}/objectives.")
    sponsor: str | None = Field(None, description="The sponsor's e-mail address.")
    coordinators: list[str] = Field(default_factory=list, description="E-mail addresses.")
    topics: list[str] = Field(default_factory=list, description="Topic slugs.")
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    duration_months: int = 6
    cadence_days: int = 30
    meeting_minutes: int = 60
    mentor_capacity: int = 1
    anonymity_threshold: int = 5
    require_readiness: bool | None = None
    consult_mentors: bool | None = None
    open_enrolment: bool = False
    matching_settings: dict[str, Any] | None = None


class ProgramPatch(Schema):
    name: str | None = None
    purpose: str | None = None
    objectives: Any = Field(None, description="Refused: use /programs/{id}/objectives.")
    sponsor: str | None = None
    coordinators: list[str] | None = None
    topics: list[str] | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    duration_months: int | None = None
    cadence_days: int | None = None
    meeting_minutes: int | None = None
    mentor_capacity: int | None = None
    anonymity_threshold: int | None = None
    require_readiness: bool | None = None
    consult_mentors: bool | None = None
    interest_survey_open: bool | None = None
    open_enrolment: bool | None = None
    matching_settings: dict[str, Any] | None = None
    version: int | None = Field(
        None,
        description="The version you edited (from the last read). If the saved one is newer, "
        "the edit is refused with 409 and `current` holds what is saved now.",
    )


class PhaseIn(Schema):
    to_phase: str
    note: str = Field("", max_length=500)
    confirm: bool = False


class ParticipantOut(Schema):
    id: int
    employee_id: str
    name: str
    email: str
    role: str
    status: str
    invited_at: dt.datetime | None
    invitation_sent_at: dt.datetime | None = Field(
        None, description="When the invitation e-mail last went out."
    )
    invitations_sent: int = 0
    consented_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    capacity: int
    intake_status: str
    applied_at: dt.datetime | None = Field(None, description="Open enrolment: when they applied.")
    application_note: str = Field("", description="Open enrolment: why they applied.")


def _participant_out(p: Participant) -> ParticipantOut:
    intake = Intake.objects.filter(participant=p).first()
    return ParticipantOut(
        id=p.pk,
        employee_id=p.person.employee_id,
        name=p.person.name,
        email=p.person.email,
        role=p.role,
        status=p.status,
        invited_at=p.invited_at,
        invitation_sent_at=p.invitation_sent_at,
        invitations_sent=p.invitations_sent,
        consented_at=p.consented_at,
        withdrawn_at=p.withdrawn_at,
        capacity=p.capacity,
        applied_at=p.applied_at,
        application_note=p.application_note,
        intake_status="submitted"
        if intake and intake.submitted_at
        else ("draft" if intake else "none"),
    )


class InviteIn(Schema):
    role: str
    employee_id: str = ""
    email: str = ""
    send_email: bool = True


class BatchInviteIn(Schema):
    role: str
    people: list[str] = Field(
        ..., description="Employee ids or e-mail addresses, one per item (at most 200)."
    )
    send_email: bool = True


class LineOut(Schema):
    input: str = Field(..., description="The item as sent (a CSV row's email).")
    row: int | None = Field(None, description="CSV uploads: the row, the header being row 1.")
    outcome: str = Field(
        ...,
        description="invited, invited_again (success); already_invited, already_taking_part, "
        "applied, listed_twice (nothing to do); unknown_address, not_in_directory, invalid (to "
        "correct); left_organisation, account_deactivated.",
    )
    ok: bool
    message: str
    participant_id: int | None = None


class BatchOut(Schema):
    invited: int
    not_invited: int
    results: list[LineOut]


def _batch_out(result: Any) -> BatchOut:
    return BatchOut(
        invited=result.sent,
        not_invited=len(result.failed),
        results=[
            LineOut(
                input=line.line,
                row=line.row,
                outcome=line.outcome,
                ok=line.ok,
                message=line.message,
                participant_id=line.participant.pk if line.participant else None,
            )
            for line in result.lines
        ],
    )


class DirectoryFilterIn(Schema):
    department: str = Field("", description="A department's name, as in the directory.")
    level_min: int | None = None
    level_max: int | None = None
    location: str = ""


class DirectoryInviteIn(DirectoryFilterIn):
    role: str
    expected_count: int | None = Field(
        None,
        description="The to_invite count from the preview: if the directory changed since, "
        "nothing is sent (409).",
    )
    send_email: bool = True


class DirectoryPreviewOut(Schema):
    matching: int
    already_in_program: int
    to_invite: int
    sample: list[str]
    too_many: bool


class OpenProgramOut(Schema):
    id: int
    slug: str
    name: str
    purpose: str
    phase: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    duration_months: int
    cadence_days: int
    my_status: str | None = Field(
        None, description="Your own status in it (applied, declined, invited...), if any."
    )
    can_apply: bool


class ApplicationIn(Schema):
    role: str
    consent: bool
    note: str = Field("", max_length=1000)


class ConsentIn(Schema):
    consent: bool


class IntakeIO(Schema):
    topics: dict[str, int] = Field(default_factory=dict, description="Topic slug -> 0..3.")
    goals: str = ""
    will_do: str = ""
    strengths: str = ""
    sensitive_topics: list[str] = Field(default_factory=list)
    not_represent: list[str] = Field(default_factory=list)
    not_represent_note: str = ""
    capacity: int | None = None
    availability: str = ""
    time_zone: str = ""
    style: list[int] = Field(default_factory=list, description="Three answers 1..5.")
    interests: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    preferred_channel: str = ""


class IntakeIn(IntakeIO):
    submit: bool = False


class IntakeOut(IntakeIO):
    submitted: bool
    updated_at: dt.datetime | None


def _intake_out(intake: Intake | None) -> IntakeOut:
    if intake is None:
        return IntakeOut(submitted=False, updated_at=None)
    return IntakeOut(
        topics=intake.topics,
        goals=intake.goals,
        will_do=intake.will_do,
        strengths=intake.strengths,
        sensitive_topics=intake.sensitive_topics,
        not_represent=intake.not_represent,
        not_represent_note=intake.not_represent_note,
        capacity=intake.capacity,
        availability=intake.availability,
        time_zone=intake.time_zone,
        style=[int(v) for v in intake.style or []],
        interests=intake.interests,
        languages=intake.languages,
        preferred_channel=intake.preferred_channel,
        submitted=intake.submitted_at is not None,
        updated_at=intake.updated_at,
    )
