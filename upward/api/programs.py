"""/api/v1/programs and /api/v1/programs/{id}/participants: the same rules as the pages.

Coordinators of a program and org admins manage it; its sponsor reads the summary; a participant
reads and writes only their own participant record and intake.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from upward.api.errors import ApiError, field_error
from upward.people.models import Person, User
from upward.programs import enrolment, services
from upward.programs.catalog import PROGRAM_TEMPLATES, STYLE_QUESTIONS
from upward.programs.forms import IntakeForm
from upward.programs.models import Intake, Participant, Program, Topic
from upward.programs.selectors import (
    can_create_program,
    participant_of,
    participants_of,
    program_access,
    program_counts,
    programs_visible_to,
)
from upward.programs.services import ProgramError

router = Router(tags=["programs"])


def _raise(exc: ProgramError, *, status: int = 400) -> NoReturn:
    if exc.warnings:
        raise ApiError(
            exc.message,
            status=409,
            errors=[{"field": "confirm", "message": w} for w in exc.warnings],
        )
    raise field_error(exc.field or "body", exc.message, status=status)


class CountsOut(Schema):
    invited: int
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
    objectives: list[str]
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
    matching_settings: dict[str, Any] | None = Field(
        None, description="Only for the program's coordinators and org admins."
    )
    counts: CountsOut
    access: str


def _program_out(program: Program, access: str) -> ProgramOut:
    counts = program_counts(program=program)
    return ProgramOut(
        id=program.pk,
        slug=program.slug,
        name=program.name,
        template=program.template,
        phase=program.phase,
        purpose=program.purpose,
        objectives=[line for line in program.objectives.splitlines() if line.strip()],
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
        matching_settings=program.matching_settings if access == "manage" else None,
        counts=CountsOut(**counts.__dict__),
        access=access,
    )


def _get(request: HttpRequest, program_id: int, *, manage: bool = False) -> tuple[Program, str]:
    program = Program.objects.filter(pk=program_id).first()
    access = program_access(user=request.user, program=program) if program else None
    if program is None or access is None:
        raise Http404(f"No program {program_id} that you may see.")
    if manage and access != "manage":
        raise PermissionDenied("Only the program's coordinators and org admins may do this.")
    return program, access


@router.get("", response=list[ProgramOut], summary="Programs you coordinate or sponsor")
def list_programs(request: HttpRequest) -> list[ProgramOut]:
    return [
        _program_out(p, program_access(user=request.user, program=p) or "summary")
        for p in programs_visible_to(user=request.user).order_by("-created_at")
    ]


class ProgramIn(Schema):
    name: str = Field(..., max_length=200)
    purpose: str
    template: str = "blank"
    objectives: str | list[str] = ""
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
    matching_settings: dict[str, Any] | None = None


class ProgramPatch(Schema):
    name: str | None = None
    purpose: str | None = None
    objectives: str | list[str] | None = None
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
    matching_settings: dict[str, Any] | None = None


def _users(emails: list[str], field: str) -> list[User]:
    found = list(User.objects.filter(email__in=[e.lower() for e in emails], is_active=True))
    missing = sorted({e.lower() for e in emails} - {u.email for u in found})
    if missing:
        raise field_error(field, f"no active account for {', '.join(missing)}")
    return found


def _topics(slugs: list[str]) -> list[Topic]:
    found = list(Topic.objects.filter(slug__in=slugs))
    missing = sorted(set(slugs) - {t.slug for t in found})
    if missing:
        raise field_error("topics", f"unknown topic(s): {', '.join(missing)}")
    return found


def _matching_settings(raw: dict[str, Any]) -> dict[str, Any]:
    from upward.matching.instance import SETTINGS_KEYS
    from upward.matching.services import MatchingError, clean_settings_override

    unknown = sorted(set(raw) - set(SETTINGS_KEYS))
    if unknown:
        raise field_error(f"matching_settings.{unknown[0]}", "unknown setting")
    try:
        cleaned = clean_settings_override(raw)
    except MatchingError as exc:
        raise field_error(f"matching_settings.{exc.field}", exc.message) from None
    return {**raw, **cleaned}


def _values(payload: Schema, *, partial: bool) -> dict[str, Any]:
    data = payload.dict(exclude_unset=partial)
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in {"coordinators", "topics", "template"}:
            continue
        if partial and value is None and key not in {"starts_on", "ends_on", "sponsor"}:
            continue
        if not partial and value is None and key in {"require_readiness", "consult_mentors"}:
            continue
        if key == "objectives" and isinstance(value, list):
            value = "\n".join(str(v) for v in value)
        if key == "sponsor":
            value = _users([value], "sponsor")[0] if value else None
        if key == "matching_settings" and value is not None:
            value = _matching_settings(value)
        values[key] = value
    return values


@router.post("", response={201: ProgramOut}, summary="Create a program (coordinators, org admins)")
def create_program(request: HttpRequest, payload: ProgramIn) -> Status:
    if not can_create_program(request.user):
        raise PermissionDenied("Only coordinators and org admins create programs.")
    if payload.template not in PROGRAM_TEMPLATES:
        raise field_error("template", f"one of {', '.join(PROGRAM_TEMPLATES)}")
    values = _values(payload, partial=False)
    name, purpose = values.pop("name"), values.pop("purpose")
    if values.get("matching_settings") is None:
        values.pop("matching_settings", None)
    try:
        program = services.program_create(
            actor=request.user,  # type: ignore[arg-type]
            name=name,
            purpose=purpose,
            template=payload.template,
            coordinators=_users(payload.coordinators, "coordinators"),
            topics=_topics(payload.topics),
            **values,
        )
    except ProgramError as exc:
        _raise(exc)
    return Status(201, _program_out(program, "manage"))


@router.get("/{program_id}", response=ProgramOut, summary="One program")
def get_program(request: HttpRequest, program_id: int) -> ProgramOut:
    program, access = _get(request, program_id)
    return _program_out(program, access)


@router.patch("/{program_id}", response=ProgramOut, summary="Update a program's design")
def update_program(request: HttpRequest, program_id: int, payload: ProgramPatch) -> ProgramOut:
    program, _ = _get(request, program_id, manage=True)
    values = _values(payload, partial=True)
    try:
        services.program_update(
            actor=request.user,  # type: ignore[arg-type]
            program=program,
            coordinators=_users(payload.coordinators, "coordinators")
            if payload.coordinators is not None
            else None,
            topics=_topics(payload.topics) if payload.topics is not None else None,
            **values,
        )
    except ProgramError as exc:
        _raise(exc)
    program.refresh_from_db()
    return _program_out(program, "manage")


class PhaseIn(Schema):
    to_phase: str
    note: str = Field("", max_length=500)
    confirm: bool = False


@router.post(
    "/{program_id}/phase",
    response=ProgramOut,
    summary="Move to another phase (409 lists warnings to confirm with confirm=true)",
)
def transition(request: HttpRequest, program_id: int, payload: PhaseIn) -> ProgramOut:
    program, _ = _get(request, program_id, manage=True)
    try:
        services.program_transition(
            actor=request.user,  # type: ignore[arg-type]
            program=program,
            to_phase=payload.to_phase,
            note=payload.note,
            confirm=payload.confirm,
        )
    except ProgramError as exc:
        _raise(exc, status=422 if exc.field == "to_phase" else 400)
    program.refresh_from_db()
    return _program_out(program, "manage")


# --- participants -----------------------------------------------------------------------------


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
        intake_status="submitted"
        if intake and intake.submitted_at
        else ("draft" if intake else "none"),
    )


def _program_for_participant(request: HttpRequest, program_id: int) -> Program:
    program = Program.objects.filter(pk=program_id).first()
    if program is None:
        raise Http404(f"No program {program_id} that you may see.")
    return program


@router.get(
    "/{program_id}/participants",
    response=list[ParticipantOut],
    summary="Coordinators: everyone; a participant: only their own record",
)
def list_participants(
    request: HttpRequest, program_id: int, role: str = "", status: str = ""
) -> list[ParticipantOut]:
    program = _program_for_participant(request, program_id)
    access = program_access(user=request.user, program=program)
    if access == "manage":
        return [
            _participant_out(p) for p in participants_of(program=program, role=role, status=status)
        ]
    own = participant_of(user=request.user, program=program)
    if own is not None:
        return [_participant_out(own)]
    if access == "summary":
        raise PermissionDenied("Sponsors see the program summary, not who takes part.")
    raise Http404(f"No program {program_id} that you may see.")


class InviteIn(Schema):
    role: str
    employee_id: str = ""
    email: str = ""
    send_email: bool = True


@router.post(
    "/{program_id}/participants",
    response={201: ParticipantOut},
    summary="Invite a person (by employee_id or email)",
)
def invite(request: HttpRequest, program_id: int, payload: InviteIn) -> Status:
    program, _ = _get(request, program_id, manage=True)
    if not payload.employee_id and not payload.email:
        raise field_error("employee_id", "give employee_id or email")
    person = Person.objects.filter(
        Q(employee_id=payload.employee_id)
        if payload.employee_id
        else Q(email__iexact=payload.email)
    ).first()
    if person is None:
        raise field_error("employee_id" if payload.employee_id else "email", "not in the directory")
    try:
        participant = enrolment.participant_invite(
            actor=request.user,  # type: ignore[arg-type]
            program=program,
            person=person,
            role=payload.role,
            send=payload.send_email,
        )
    except ProgramError as exc:
        _raise(exc)
    return Status(201, _participant_out(participant))


@router.post(
    "/{program_id}/participants/{participant_id}/resend-invitation",
    response=ParticipantOut,
    summary="E-mail an unanswered invitation again (at most once a day; 429 when too soon)",
)
def resend_invitation(request: HttpRequest, program_id: int, participant_id: int) -> ParticipantOut:
    program, _ = _get(request, program_id, manage=True)
    participant = participants_of(program=program).filter(pk=participant_id).first()
    if participant is None:
        raise Http404(f"No participant {participant_id} in program {program_id}.")
    try:
        participant = enrolment.invitation_resend(
            actor=request.user,  # type: ignore[arg-type]
            participant=participant,
        )
    except enrolment.ResendTooSoon as exc:
        raise ApiError(
            exc.message,
            status=429,
            errors=[
                {
                    "field": "participant",
                    "message": exc.message,
                    "retry_at": exc.retry_at.isoformat(),
                }
            ],
        ) from None
    except ProgramError as exc:
        _raise(exc, status=409)
    return _participant_out(participant)


def _own_participant(request: HttpRequest, program_id: int, participant_id: int) -> Participant:
    program = _program_for_participant(request, program_id)
    own = participant_of(user=request.user, program=program)
    if own is None or own.pk != participant_id:
        raise Http404("No such participant of yours.")
    return own


class ConsentIn(Schema):
    consent: bool


@router.post(
    "/{program_id}/participants/{participant_id}/opt-in",
    response=ParticipantOut,
    summary="Opt in with explicit consent (your own invitation only)",
)
def opt_in(
    request: HttpRequest, program_id: int, participant_id: int, payload: ConsentIn
) -> ParticipantOut:
    participant = _own_participant(request, program_id, participant_id)
    try:
        enrolment.participant_opt_in(
            participant=participant,
            user=request.user,  # type: ignore[arg-type]
            consent=payload.consent,
        )
    except ProgramError as exc:
        _raise(exc)
    return _participant_out(participant)


@router.post(
    "/{program_id}/participants/{participant_id}/withdraw",
    response=ParticipantOut,
    summary="Withdraw at any time, no reason asked (your own participation only)",
)
def withdraw(request: HttpRequest, program_id: int, participant_id: int) -> ParticipantOut:
    participant = _own_participant(request, program_id, participant_id)
    enrolment.participant_withdraw(participant=participant, user=request.user)  # type: ignore[arg-type]
    return _participant_out(participant)


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


@router.get(
    "/{program_id}/participants/{participant_id}/intake",
    response=IntakeOut,
    summary="Your own intake answers",
)
def get_intake(request: HttpRequest, program_id: int, participant_id: int) -> IntakeOut:
    participant = _own_participant(request, program_id, participant_id)
    return _intake_out(Intake.objects.filter(participant=participant).first())


def _api_field(form_field: str) -> str:
    if form_field.startswith("topic_"):
        return f"topics.{form_field[6:]}"
    if form_field.startswith("style_"):
        return "style"
    return form_field if form_field != "__all__" else "body"


@router.put(
    "/{program_id}/participants/{participant_id}/intake",
    response=IntakeOut,
    summary="Save your intake (submit=true to complete it); errors name each field",
)
def put_intake(
    request: HttpRequest, program_id: int, participant_id: int, payload: IntakeIn
) -> IntakeOut:
    participant = _own_participant(request, program_id, participant_id)
    form_probe = IntakeForm(participant=participant)
    allowed_topics = {n[6:] for n in form_probe.fields if n.startswith("topic_")}
    for slug in payload.topics:
        if slug not in allowed_topics:
            raise field_error(f"topics.{slug}", "not a topic you can choose in this program")
    if payload.style and len(payload.style) != len(STYLE_QUESTIONS):
        raise field_error("style", f"give {len(STYLE_QUESTIONS)} answers from 1 to 5")
    data: dict[str, Any] = {f"topic_{slug}": str(level) for slug, level in payload.topics.items()}
    for (key, _, _), value in zip(STYLE_QUESTIONS, payload.style, strict=False):
        data[f"style_{key}"] = str(value)
    for name in (
        "goals",
        "will_do",
        "strengths",
        "not_represent_note",
        "availability",
        "time_zone",
        "preferred_channel",
    ):
        data[name] = getattr(payload, name)
    data["capacity"] = "" if payload.capacity is None else str(payload.capacity)
    data["interests"] = ", ".join(payload.interests)
    data["languages"] = payload.languages
    data["sensitive_topics"] = payload.sensitive_topics
    data["not_represent"] = payload.not_represent
    form = IntakeForm(data, participant=participant, submitting=payload.submit)
    if not form.is_valid():
        errors: list[dict[str, object]] = [
            {"field": _api_field(name), "message": str(message)}
            for name, messages in form.errors.items()
            for message in messages
        ]
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        raise ApiError(f"Invalid intake: {summary}", status=422, errors=errors)
    try:
        intake = enrolment.intake_save(
            participant=participant,
            user=request.user,  # type: ignore[arg-type]
            values=form.intake_values(),
            submit=payload.submit,
        )
    except ProgramError as exc:
        _raise(exc, status=409)
    return _intake_out(intake)
