"""/api/v1/programs/{program_id}/participants: invitations, consent, withdrawal and intake."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext
from ninja import File, Form, UploadedFile
from ninja.responses import Status

from upward.access import AuthedRequest, program_open_to_apply
from upward.api.errors import ApiError, field_error
from upward.api.programs.base import program_of, router
from upward.api.programs.schemas import (
    ApplicationIn,
    BatchInviteIn,
    BatchOut,
    ConsentIn,
    DirectoryFilterIn,
    DirectoryInviteIn,
    DirectoryPreviewOut,
    IntakeIn,
    IntakeOut,
    InviteIn,
    ParticipantOut,
    _batch_out,
    _intake_out,
    _participant_out,
)
from upward.people.models import Department, Person
from upward.programs.catalog import STYLE_QUESTIONS
from upward.programs.forms import IntakeForm
from upward.programs.models import Intake
from upward.programs.selectors import (
    applications_of,
    own_participation,
    participants_of,
)
from upward.programs.services import enrolment, invitations


@router.get(
    "/{program_id}/participants",
    response=list[ParticipantOut],
    summary="Coordinators: everyone; a participant: only their own record",
    operation_id="upward_api_programs_list_participants",
)
def list_participants(
    request: AuthedRequest, program_id: int, role: str = "", status: str = ""
) -> list[ParticipantOut]:
    try:
        program, _ = program_of(request, program_id, manage=True)
    except Http404:
        # Not a manager: their own record if they take part; anyone else, sponsors included (they
        # see the summary, never who takes part), is told there is nothing here.
        return [_participant_out(own_participation(user=request.user, program_id=program_id))]
    return [_participant_out(p) for p in participants_of(program=program, role=role, status=status)]


@router.post(
    "/{program_id}/participants",
    response={201: ParticipantOut},
    summary="Invite a person (by employee_id or email)",
    operation_id="upward_api_programs_invite",
)
def invite(request: AuthedRequest, program_id: int, payload: InviteIn) -> Status:
    program, _ = program_of(request, program_id, manage=True)
    if not payload.employee_id and not payload.email:
        raise field_error("employee_id", gettext("give employee_id or email"))
    person = Person.objects.filter(
        Q(employee_id=payload.employee_id)
        if payload.employee_id
        else Q(email__iexact=payload.email)
    ).first()
    if person is None:
        raise field_error(
            "employee_id" if payload.employee_id else "email", gettext("not in the directory")
        )
    participant = enrolment.participant_invite(
        actor=request.user,
        program=program,
        person=person,
        role=payload.role,
        send=payload.send_email,
    )
    return Status(201, _participant_out(participant))


def _batch_answer(result: invitations.BatchResult, *, field: str) -> BatchOut:
    """200 with a line per item, whatever happened to each; 400 only when no item named anyone
    who could be invited (the whole request was bad input), each failure named."""
    if result.nothing_valid:
        raise ApiError(
            gettext("%(field)s: nobody in the batch could be found in the directory")
            % {"field": field},
            status=400,
            errors=[
                {
                    "field": f"{field}[{index}]" if line.row is None else f"{field}.row{line.row}",
                    "input": line.line,
                    "outcome": line.outcome,
                    "message": line.message,
                }
                for index, line in enumerate(result.lines)
            ],
        )
    return _batch_out(result)


@router.post(
    "/{program_id}/participants/batch",
    response=BatchOut,
    summary="Invite many people at once; 200 with a result per item (invited, already invited, "
    "not in the directory...), 400 only when no item could be invited",
    operation_id="upward_api_programs_invite_batch",
)
def invite_batch(request: AuthedRequest, program_id: int, payload: BatchInviteIn) -> BatchOut:
    program, _ = program_of(request, program_id, manage=True)
    result = invitations.invitations_from_text(
        actor=request.user,
        program=program,
        role=payload.role,
        text=payload.people,
        send=payload.send_email,
    )
    return _batch_answer(result, field="people")


@router.post(
    "/{program_id}/participants/csv",
    response=BatchOut,
    summary="Invite from a CSV file (multipart: file, role); an email column, an optional role "
    "column; a result per row",
    operation_id="upward_api_programs_invite_csv",
)
def invite_csv(
    request: AuthedRequest,
    program_id: int,
    file: File[UploadedFile],
    role: Form[str] = "",
    send_email: Form[bool] = True,
) -> BatchOut:
    program, _ = program_of(request, program_id, manage=True)
    result = invitations.invitations_from_csv(
        actor=request.user,
        program=program,
        role=role,
        data=file.read(invitations.MAX_FILE_BYTES + 1),
        send=send_email,
    )
    return _batch_answer(result, field="file")


def _directory_filter(payload: DirectoryFilterIn) -> invitations.DirectoryFilter:
    department = None
    if payload.department:
        department = Department.objects.filter(name__iexact=payload.department.strip()).first()
        if department is None:
            raise field_error("department", gettext("no such department in the directory"))
    return invitations.DirectoryFilter(
        department=department,
        level_min=payload.level_min,
        level_max=payload.level_max,
        location=payload.location,
    )


@router.get(
    "/{program_id}/participants/directory-preview",
    response=DirectoryPreviewOut,
    summary="How many people a directory filter (department, level range, location) would invite",
    operation_id="upward_api_programs_directory_preview",
)
def directory_preview(
    request: AuthedRequest,
    program_id: int,
    department: str = "",
    level_min: int | None = None,
    level_max: int | None = None,
    location: str = "",
) -> DirectoryPreviewOut:
    program, _ = program_of(request, program_id, manage=True)
    flt = _directory_filter(
        DirectoryFilterIn(
            department=department, level_min=level_min, level_max=level_max, location=location
        )
    )
    preview = invitations.directory_preview(actor=request.user, program=program, flt=flt)
    return DirectoryPreviewOut(**preview.as_dict())


@router.post(
    "/{program_id}/participants/from-directory",
    response=BatchOut,
    summary="Invite everyone a directory filter matches who is not in the program yet "
    "(send expected_count from the preview: 409 if it changed)",
    operation_id="upward_api_programs_invite_from_directory",
)
def invite_from_directory(
    request: AuthedRequest, program_id: int, payload: DirectoryInviteIn
) -> BatchOut:
    program, _ = program_of(request, program_id, manage=True)
    result = invitations.invitations_from_directory(
        actor=request.user,
        program=program,
        role=payload.role,
        flt=_directory_filter(payload),
        expected=payload.expected_count,
        send=payload.send_email,
    )
    return _batch_out(result)


@router.post(
    "/{program_id}/participants/{participant_id}/accept",
    response=ParticipantOut,
    summary="Accept an application (open enrolment): the applicant is opted in",
    operation_id="upward_api_programs_accept_application",
)
def accept_application(
    request: AuthedRequest, program_id: int, participant_id: int
) -> ParticipantOut:
    return _decide(request, program_id, participant_id, accept=True)


@router.post(
    "/{program_id}/participants/{participant_id}/decline",
    response=ParticipantOut,
    summary="Decline an application (open enrolment)",
    operation_id="upward_api_programs_decline_application",
)
def decline_application(
    request: AuthedRequest, program_id: int, participant_id: int
) -> ParticipantOut:
    return _decide(request, program_id, participant_id, accept=False)


def _decide(
    request: AuthedRequest, program_id: int, participant_id: int, *, accept: bool
) -> ParticipantOut:
    program, _ = program_of(request, program_id, manage=True)
    participant = applications_of(program=program).filter(pk=participant_id).first()
    if participant is None:
        raise Http404(
            gettext("No application %(participant)d in program %(program)d.")
            % {"participant": participant_id, "program": program_id}
        )
    participant = enrolment.application_decide(
        actor=request.user, participant=participant, accept=accept
    )
    return _participant_out(participant)


@router.post(
    "/{program_id}/applications",
    response={201: ParticipantOut},
    summary="Apply to a program with open enrolment (consent=true; role leader or mentor)",
    operation_id="upward_api_programs_apply",
)
def apply(request: AuthedRequest, program_id: int, payload: ApplicationIn) -> Status:
    program = program_open_to_apply(user=request.user, program_id=program_id)
    participant = enrolment.application_submit(
        actor=request.user,
        program=program,
        role=payload.role,
        consent=payload.consent,
        note=payload.note,
    )
    return Status(201, _participant_out(participant))


@router.post(
    "/{program_id}/participants/{participant_id}/resend-invitation",
    response=ParticipantOut,
    summary="E-mail an unanswered invitation again (at most once a day; 429 when too soon)",
    operation_id="upward_api_programs_resend_invitation",
)
def resend_invitation(
    request: AuthedRequest, program_id: int, participant_id: int
) -> ParticipantOut:
    program, _ = program_of(request, program_id, manage=True)
    participant = participants_of(program=program).filter(pk=participant_id).first()
    if participant is None:
        raise Http404(
            gettext("No participant %(participant)d in program %(program)d.")
            % {"participant": participant_id, "program": program_id}
        )
    try:
        participant = enrolment.invitation_resend(actor=request.user, participant=participant)
    except enrolment.ResendTooSoon as exc:
        # The one refusal that carries more than words: when the invitation may go again.
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
    return _participant_out(participant)


@router.post(
    "/{program_id}/participants/{participant_id}/opt-in",
    response=ParticipantOut,
    summary="Opt in with explicit consent (your own invitation only)",
    operation_id="upward_api_programs_opt_in",
)
def opt_in(
    request: AuthedRequest, program_id: int, participant_id: int, payload: ConsentIn
) -> ParticipantOut:
    participant = own_participation(
        user=request.user, program_id=program_id, participant_id=participant_id
    )
    enrolment.participant_opt_in(
        actor=request.user, participant=participant, consent=payload.consent
    )
    return _participant_out(participant)


@router.post(
    "/{program_id}/participants/{participant_id}/withdraw",
    response=ParticipantOut,
    summary="Withdraw at any time, no reason asked (your own participation only)",
    operation_id="upward_api_programs_withdraw",
)
def withdraw(request: AuthedRequest, program_id: int, participant_id: int) -> ParticipantOut:
    participant = own_participation(
        user=request.user, program_id=program_id, participant_id=participant_id
    )
    enrolment.participant_withdraw(actor=request.user, participant=participant)
    return _participant_out(participant)


@router.get(
    "/{program_id}/participants/{participant_id}/intake",
    response=IntakeOut,
    summary="Your own intake answers",
    operation_id="upward_api_programs_get_intake",
)
def get_intake(request: AuthedRequest, program_id: int, participant_id: int) -> IntakeOut:
    participant = own_participation(
        user=request.user, program_id=program_id, participant_id=participant_id
    )
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
    operation_id="upward_api_programs_put_intake",
)
def put_intake(
    request: AuthedRequest, program_id: int, participant_id: int, payload: IntakeIn
) -> IntakeOut:
    participant = own_participation(
        user=request.user, program_id=program_id, participant_id=participant_id
    )
    form_probe = IntakeForm(participant=participant)
    allowed_topics = {n[6:] for n in form_probe.fields if n.startswith("topic_")}
    for slug in payload.topics:
        if slug not in allowed_topics:
            raise field_error(
                f"topics.{slug}", gettext("not a topic you can choose in this program")
            )
    if payload.style and len(payload.style) != len(STYLE_QUESTIONS):
        raise field_error(
            "style",
            gettext("give %(n)d answers from 1 to 5") % {"n": len(STYLE_QUESTIONS)},
        )
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
        raise ApiError(
            gettext("Invalid intake: %(summary)s") % {"summary": summary}, status=422, errors=errors
        )
    intake = enrolment.intake_save(
        actor=request.user,
        participant=participant,
        values=form.intake_values(),
        submit=payload.submit,
    )
    return _intake_out(intake)
