from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext, ngettext
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from upward.access import (
    AuthedRequest,
    can_browse_directory,
    participations_of_person_visible_to,
)
from upward.api.errors import ApiError
from upward.people import importing
from upward.people.models import Person
from upward.people.ratelimit import lockout_get, lockout_release, lockouts_visible_to
from upward.people.selectors import people_search, people_visible_to

router = Router(tags=["people"])


class PersonOut(Schema):
    employee_id: str
    name: str
    email: str
    title: str
    level: int | None
    department: str | None
    manager_employee_id: str | None
    location: str
    timezone: str
    languages: list[str]
    affinity_groups: list[str]
    hire_date: dt.date | None
    left_on: dt.date | None
    is_active: bool

    @staticmethod
    def from_person(p: Person) -> PersonOut:
        return PersonOut(
            employee_id=p.employee_id,
            name=p.name,
            email=p.email,
            title=p.title,
            level=p.level,
            department=p.department.name if p.department else None,
            manager_employee_id=p.manager.employee_id if p.manager else None,
            location=p.location,
            timezone=p.timezone,
            languages=list(p.languages or []),
            affinity_groups=sorted(g.name for g in p.affinity_groups.all()),
            hire_date=p.hire_date,
            left_on=p.left_on,
            is_active=p.is_active,
        )


class PeoplePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[PersonOut]


class PeopleFilters(Schema):
    q: str = ""
    department: str = ""
    level: int | None = Field(None, ge=0)
    affinity_group: str = ""
    include_leavers: bool = False
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)


@router.get("", response=PeoplePage, summary="Search the directory (paginated)")
def list_people(request: AuthedRequest, filters: Query[PeopleFilters]) -> PeoplePage:
    if not can_browse_directory(request.user):
        raise PermissionDenied(
            gettext("Only org admins and coordinators may browse the directory.")
        )
    qs = people_search(
        user=request.user,
        q=filters.q,
        department=filters.department,
        level=filters.level,
        affinity_group=filters.affinity_group,
        include_leavers=filters.include_leavers,
    )
    start = (filters.page - 1) * filters.page_size
    people = list(qs[start : start + filters.page_size])
    return PeoplePage(
        count=qs.count(),
        page=filters.page,
        page_size=filters.page_size,
        results=[PersonOut.from_person(p) for p in people],
    )


class PersonIn(Schema):
    employee_id: str = ""
    name: str = ""
    email: str = ""
    title: str = ""
    level: str | int | None = ""
    department: str = ""
    manager_employee_id: str = ""
    location: str = ""
    timezone: str = ""
    languages: str | list[str] = ""
    affinity_groups: str | list[str] = ""
    hire_date: str = ""
    left_on: str = ""


class ImportIn(Schema):
    people: list[PersonIn]


class ImportOut(Schema):
    rows: int
    created: int
    updated: int
    unchanged: int
    deactivated: int


def _as_row(item: PersonIn) -> dict[str, str]:
    row: dict[str, str] = {}
    for key, value in item.dict().items():
        if isinstance(value, list):
            row[key] = ";".join(str(v) for v in value)
        else:
            row[key] = "" if value is None else str(value)
    return row


@router.post(
    "/import",
    response={200: ImportOut},
    summary="Bulk upsert by employee_id, all or nothing (same rules as the CSV import)",
)
def import_people(request: AuthedRequest, payload: ImportIn) -> ImportOut:
    try:
        # Items are numbered from 1 here (there is no header row in JSON).
        result = importing.people_import(
            raw_rows=[_as_row(p) for p in payload.people],
            source="api",
            actor=request.user,
            header_rows=0,
        )
    except importing.DirectoryImportError as exc:
        raise ApiError(
            ngettext(
                "%(n)d problem; nothing was imported. First: %(first)s",
                "%(n)d problems; nothing was imported. First: %(first)s",
                len(exc.errors),
            )
            % {"n": len(exc.errors), "first": exc.errors[0]},
            status=422,
            errors=[
                {"row": e.row, "field": e.column, "message": e.problem} for e in exc.errors[:1000]
            ],
        ) from None
    return ImportOut(
        rows=result.rows,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        deactivated=result.deactivated,
    )


class LockoutOut(Schema):
    id: int
    kind: str = Field(..., description="email or address")
    value: str
    failures: int
    last_attempt_at: dt.datetime
    unlocks_at: dt.datetime


@router.get(
    "/sign-in-lockouts",
    response=list[LockoutOut],
    summary="Emails and addresses locked out of sign-in now (org admins)",
)
def list_lockouts(request: AuthedRequest) -> list[LockoutOut]:
    return [
        LockoutOut(
            id=lock.pk,
            kind=lock.kind,
            value=lock.value,
            failures=lock.failures,
            last_attempt_at=lock.last_attempt_at,
            unlocks_at=lock.unlocks_at,
        )
        for lock in lockouts_visible_to(user=request.user)
    ]


@router.post(
    "/sign-in-lockouts/{lockout_id}/unlock",
    response={204: None},
    summary="Lift a sign-in lockout now (org admins)",
)
def unlock(request: AuthedRequest, lockout_id: int) -> Status:
    lockout_release(actor=request.user, lock=lockout_get(user=request.user, pk=lockout_id))
    return Status(204, None)


# Declared after /import so that POST /import is not shadowed by this path.
@router.get("/{employee_id}", response=PersonOut, summary="One person")
def get_person(request: AuthedRequest, employee_id: str) -> PersonOut:
    person = (
        people_visible_to(user=request.user)
        .prefetch_related("affinity_groups")
        .filter(employee_id=employee_id)
        .first()
    )
    if person is None:
        raise Http404(f"No person with employee_id {employee_id!r} that you may see.")
    return PersonOut.from_person(person)


class ParticipationOut(Schema):
    program_id: int
    program_slug: str
    program_name: str
    program_phase: str
    role: str
    status: str
    consented_at: dt.datetime | None


@router.get(
    "/{employee_id}/participations",
    response=list[ParticipationOut],
    summary="A person's participation across programs (those you may see)",
)
def person_participations(request: AuthedRequest, employee_id: str) -> list[ParticipationOut]:
    person = people_visible_to(user=request.user).filter(employee_id=employee_id).first()
    if person is None:
        raise Http404(f"No person with employee_id {employee_id!r} that you may see.")
    return [
        ParticipationOut(
            program_id=p.program_id,
            program_slug=p.program.slug,
            program_name=p.program.name,
            program_phase=p.program.phase,
            role=p.role,
            status=p.status,
            consented_at=p.consented_at,
        )
        for p in participations_of_person_visible_to(user=request.user, person_id=person.pk)
    ]
