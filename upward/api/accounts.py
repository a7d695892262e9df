"""/api/v1/accounts: accounts and roles, for org admins (the same services as the pages)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status

from upward.access import AuthedRequest
from upward.accounts import selectors, services
from upward.errors import ServiceError
from upward.people.models import User
from upward.programs.models import Program

router = Router(tags=["accounts"])


class ProgramRef(Schema):
    id: int
    slug: str
    name: str


def _ref(program: Program) -> ProgramRef:
    return ProgramRef(id=program.pk, slug=program.slug, name=program.name)


class AccountOut(Schema):
    id: int
    email: str
    name: str
    employee_id: str | None
    status: str = Field(description="active, invited (no password chosen yet) or deactivated")
    is_org_admin: bool
    coordinator_of: list[ProgramRef]
    sponsor_of: list[ProgramRef]
    last_login: dt.datetime | None
    invited_at: dt.datetime | None

    @staticmethod
    def from_user(user: User) -> AccountOut:
        roles = selectors.account_roles(user)
        return AccountOut(
            id=user.pk,
            email=user.email,
            name=user.get_full_name(),
            employee_id=user.person.employee_id if user.person else None,
            status=selectors.account_status(user),
            is_org_admin=roles.org_admin,
            coordinator_of=[
                ProgramRef(id=p.pk, slug=p.slug, name=p.name) for p in roles.coordinator_of
            ],
            sponsor_of=[ProgramRef(id=p.pk, slug=p.slug, name=p.name) for p in roles.sponsor_of],
            last_login=user.last_login,
            invited_at=user.invited_at,
        )


class AccountPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[AccountOut]


class AccountFilters(Schema):
    q: str = ""
    status: str = Field("", pattern="^(|active|invited|deactivated)$")
    role: str = Field("", pattern="^(|org_admin|coordinator|sponsor)$")
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)


class InviteIn(Schema):
    employee_id: str


class AccountPatch(Schema):
    is_org_admin: bool | None = None
    is_active: bool | None = None


class ProgramRoleIn(Schema):
    program_id: int


def _one(request: AuthedRequest, user_id: int) -> AccountOut:
    return AccountOut.from_user(selectors.account_get(actor=request.user, user_id=user_id))


@router.get("", response=AccountPage, summary="Every account, its status and roles (org admins)")
def list_accounts(request: AuthedRequest, filters: Query[AccountFilters]) -> AccountPage:
    qs = selectors.accounts_search(
        actor=request.user, q=filters.q, status=filters.status, role=filters.role
    )
    start = (filters.page - 1) * filters.page_size
    return AccountPage(
        count=qs.count(),
        page=filters.page,
        page_size=filters.page_size,
        results=[AccountOut.from_user(u) for u in qs[start : start + filters.page_size]],
    )


@router.post(
    "/invite",
    response={201: AccountOut},
    summary="Invite a directory person: an account and an e-mail with a set-password link",
)
def invite(request: AuthedRequest, payload: InviteIn) -> Status[AccountOut]:
    person = selectors.person_by_employee_id(actor=request.user, employee_id=payload.employee_id)
    if person is None:
        raise ServiceError(
            gettext("No one in the directory has employee id %(id)s.")
            % {"id": repr(payload.employee_id)},
            field="employee_id",
            status=404,
        )
    user = services.account_invite(actor=request.user, person_id=person.pk)
    return Status(201, _one(request, user.pk))


@router.get("/{user_id}", response=AccountOut, summary="One account")
def get_account(request: AuthedRequest, user_id: int) -> AccountOut:
    return _one(request, user_id)


@router.patch(
    "/{user_id}",
    response=AccountOut,
    summary="Grant or revoke org admin; deactivate or reactivate (never deletes)",
)
def patch_account(request: AuthedRequest, user_id: int, payload: AccountPatch) -> AccountOut:
    services.account_update(
        actor=request.user,
        user_id=user_id,
        is_org_admin=payload.is_org_admin,
        is_active=payload.is_active,
    )
    return _one(request, user_id)


@router.post(
    "/{user_id}/coordinator", response=AccountOut, summary="Make a coordinator of a program"
)
def grant_coordinator(request: AuthedRequest, user_id: int, payload: ProgramRoleIn) -> AccountOut:
    services.coordinator_set(
        actor=request.user, user_id=user_id, program_id=payload.program_id, value=True
    )
    return _one(request, user_id)


@router.delete(
    "/{user_id}/coordinator/{program_id}",
    response=AccountOut,
    summary="No longer a coordinator of the program",
)
def revoke_coordinator(request: AuthedRequest, user_id: int, program_id: int) -> AccountOut:
    services.coordinator_set(
        actor=request.user, user_id=user_id, program_id=program_id, value=False
    )
    return _one(request, user_id)


@router.post(
    "/{user_id}/sponsor",
    response=AccountOut,
    summary="Make the sponsor of a program (replaces its current sponsor)",
)
def grant_sponsor(request: AuthedRequest, user_id: int, payload: ProgramRoleIn) -> AccountOut:
    services.sponsor_set(
        actor=request.user, user_id=user_id, program_id=payload.program_id, value=True
    )
    return _one(request, user_id)


@router.delete(
    "/{user_id}/sponsor/{program_id}",
    response=AccountOut,
    summary="No longer the sponsor of the program",
)
def revoke_sponsor(request: AuthedRequest, user_id: int, program_id: int) -> AccountOut:
    services.sponsor_set(actor=request.user, user_id=user_id, program_id=program_id, value=False)
    return _one(request, user_id)
