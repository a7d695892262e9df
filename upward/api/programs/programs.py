"""/api/v1/programs: listing, creating, reading and updating programs, and their phases."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, ngettext
from ninja import Schema
from ninja.responses import Status

from upward.access import AuthedRequest, program_access, programs_visible_to
from upward.api.errors import field_error
from upward.api.programs.base import program_of, router
from upward.api.programs.schemas import (
    OpenProgramOut,
    PhaseIn,
    ProgramIn,
    ProgramOut,
    ProgramPatch,
    _program_out,
)
from upward.engine.instance import SETTINGS_KEYS
from upward.errors import ServiceError
from upward.matching.services import clean_settings_override
from upward.people.models import User
from upward.programs import services
from upward.programs.catalog import PROGRAM_TEMPLATES
from upward.programs.models import Program, Topic
from upward.programs.selectors import open_programs_for


@router.get(
    "",
    response=list[ProgramOut],
    summary="Programs you coordinate or sponsor",
    operation_id="upward_api_programs_list_programs",
)
def list_programs(request: AuthedRequest) -> list[ProgramOut]:
    return [
        _program_out(p, program_access(user=request.user, program=p) or "summary")
        for p in programs_visible_to(user=request.user).order_by("-created_at")
    ]


def _users(emails: list[str], field: str) -> list[User]:
    found = list(User.objects.filter(email__in=[e.lower() for e in emails], is_active=True))
    missing = sorted({e.lower() for e in emails} - {u.email for u in found})
    if missing:
        raise field_error(
            field, gettext("no active account for %(emails)s") % {"emails": ", ".join(missing)}
        )
    return found


def _topics(slugs: list[str]) -> list[Topic]:
    found = list(Topic.objects.filter(slug__in=slugs))
    missing = sorted(set(slugs) - {t.slug for t in found})
    if missing:
        raise field_error(
            "topics",
            ngettext("unknown topic: %(topics)s", "unknown topics: %(topics)s", len(missing))
            % {"topics": ", ".join(missing)},
        )
    return found


def _matching_settings(raw: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(raw) - set(SETTINGS_KEYS))
    if unknown:
        raise field_error(f"matching_settings.{unknown[0]}", gettext("unknown setting"))
    try:
        cleaned = clean_settings_override(raw)
    except ServiceError as exc:
        raise field_error(f"matching_settings.{exc.field}", exc.message) from None
    return {**raw, **cleaned}


def _values(payload: Schema, *, partial: bool) -> dict[str, Any]:
    data = payload.dict(exclude_unset=partial)
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in {"coordinators", "topics", "template", "version"}:
            continue
        if partial and value is None and key not in {"starts_on", "ends_on", "sponsor"}:
            continue
        if not partial and value is None and key in {"require_readiness", "consult_mentors"}:
            continue
        if key == "objectives":
            if value in (None, "", []):
                continue
            # Objectives are records with a measure and a target now, not lines of text.
            raise field_error(
                "objectives",
                gettext(
                    "objectives are added one by one, each with its measure and target: "
                    "POST /api/v1/programs/{id}/objectives"
                ),
            )
        if key == "sponsor":
            value = _users([value], "sponsor")[0] if value else None
        if key == "matching_settings" and value is not None:
            value = _matching_settings(value)
        values[key] = value
    return values


@router.post(
    "",
    response={201: ProgramOut},
    summary="Create a program (coordinators, org admins)",
    operation_id="upward_api_programs_create_program",
)
def create_program(request: AuthedRequest, payload: ProgramIn) -> Status:
    if payload.template not in PROGRAM_TEMPLATES:
        raise field_error(
            "template", gettext("one of %(choices)s") % {"choices": ", ".join(PROGRAM_TEMPLATES)}
        )
    values = _values(payload, partial=False)
    name, purpose = values.pop("name"), values.pop("purpose")
    if values.get("matching_settings") is None:
        values.pop("matching_settings", None)
    program = services.program_create(
        actor=request.user,
        name=name,
        purpose=purpose,
        template=payload.template,
        coordinators=_users(payload.coordinators, "coordinators"),
        topics=_topics(payload.topics),
        **values,
    )
    return Status(201, _program_out(program, "manage"))


# Before /{program_id}: URL patterns match in registration order.
@router.get(
    "/open",
    response=list[OpenProgramOut],
    summary="Programs with open enrolment you may apply to, with your own status in each",
    operation_id="upward_api_programs_open",
)
def open_programs(request: AuthedRequest) -> list[OpenProgramOut]:
    return [
        _open_out(row.program, row.mine.status if row.mine else None, row.can_apply)
        for row in open_programs_for(user=request.user)
    ]


def _open_out(program: Program, status: str | None, can_apply: bool) -> OpenProgramOut:
    return OpenProgramOut(
        id=program.pk,
        slug=program.slug,
        name=program.name,
        purpose=program.purpose,
        phase=program.phase,
        starts_on=program.starts_on,
        ends_on=program.ends_on,
        duration_months=program.duration_months,
        cadence_days=program.cadence_days,
        my_status=status,
        can_apply=can_apply,
    )


@router.get(
    "/{program_id}",
    response=ProgramOut,
    summary="One program",
    operation_id="upward_api_programs_get_program",
)
def get_program(request: AuthedRequest, program_id: int) -> ProgramOut:
    program, access = program_of(request, program_id)
    return _program_out(program, access)


@router.patch(
    "/{program_id}",
    response=ProgramOut,
    summary="Update a program's design",
    operation_id="upward_api_programs_update_program",
)
def update_program(request: AuthedRequest, program_id: int, payload: ProgramPatch) -> ProgramOut:
    program, _ = program_of(request, program_id, manage=True)
    values = _values(payload, partial=True)
    services.program_update(
        actor=request.user,
        program=program,
        coordinators=_users(payload.coordinators, "coordinators")
        if payload.coordinators is not None
        else None,
        topics=_topics(payload.topics) if payload.topics is not None else None,
        version=payload.version,
        **values,
    )
    program.refresh_from_db()
    return _program_out(program, "manage")


@router.post(
    "/{program_id}/phase",
    response=ProgramOut,
    summary="Move to another phase (409 lists warnings to confirm with confirm=true)",
    operation_id="upward_api_programs_transition",
)
def transition(request: AuthedRequest, program_id: int, payload: PhaseIn) -> ProgramOut:
    program, _ = program_of(request, program_id, manage=True)
    services.program_transition(
        actor=request.user,
        program=program,
        to_phase=payload.to_phase,
        note=payload.note,
        confirm=payload.confirm,
    )
    program.refresh_from_db()
    return _program_out(program, "manage")
