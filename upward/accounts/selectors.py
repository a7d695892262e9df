"""Reads for the accounts pages and API: every account with its status and roles."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from upward.access import AnyUser
from upward.accounts.services import require_accounts_admin
from upward.people.models import Person, User
from upward.programs.models import Program

ACTIVE = "active"
INVITED = "invited"
DEACTIVATED = "deactivated"
STATUSES = (ACTIVE, INVITED, DEACTIVATED)
STATUS_LABELS = {
    ACTIVE: pgettext_lazy("account status", "Active"),
    INVITED: pgettext_lazy("account status", "Awaiting password"),
    DEACTIVATED: pgettext_lazy("account status", "Deactivated"),
}


def account_status(user: User) -> str:
    """Deactivated; invited (no password chosen and never signed in); or active."""
    if not user.is_active:
        return DEACTIVATED
    if user.last_login is None and not user.has_usable_password():
        return INVITED
    return ACTIVE


@dataclass(frozen=True)
class AccountRoles:
    org_admin: bool
    coordinator_of: list[Program]
    sponsor_of: list[Program]

    @property
    def labels(self) -> list[str]:
        labels = [_("Org admin")] if self.org_admin else []
        labels += [_("Coordinator: %(program)s") % {"program": p.name} for p in self.coordinator_of]
        labels += [_("Sponsor: %(program)s") % {"program": p.name} for p in self.sponsor_of]
        return labels


def account_roles(user: User) -> AccountRoles:
    # Uses the prefetched programs when the list selector loaded them.
    return AccountRoles(
        org_admin=user.is_org_admin or user.is_superuser,
        coordinator_of=list(user.coordinated_programs.all()),
        sponsor_of=list(user.sponsored_programs.all()),
    )


def _with_roles(qs: QuerySet[User]) -> QuerySet[User]:
    programs = Program.objects.only("pk", "name", "slug").order_by("name")
    return qs.select_related("person").prefetch_related(
        Prefetch("coordinated_programs", queryset=programs),
        Prefetch("sponsored_programs", queryset=programs),
    )


def accounts_search(
    *, actor: AnyUser, q: str = "", status: str = "", role: str = ""
) -> QuerySet[User]:
    """Every account, newest sign-in first; `q` matches name, e-mail or employee id."""
    require_accounts_admin(actor)
    qs = User.objects.all()
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(email__icontains=q)
            | Q(person__employee_id__iexact=q)
            | Q(person__name__icontains=q)
        )
    if status == DEACTIVATED:
        qs = qs.filter(is_active=False)
    elif status == INVITED:
        qs = qs.filter(
            is_active=True, last_login__isnull=True, password__startswith=UNUSABLE_PASSWORD_PREFIX
        )
    elif status == ACTIVE:
        qs = qs.filter(is_active=True).exclude(
            last_login__isnull=True, password__startswith=UNUSABLE_PASSWORD_PREFIX
        )
    if role == "org_admin":
        qs = qs.filter(Q(is_org_admin=True) | Q(is_superuser=True))
    elif role == "coordinator":
        qs = qs.filter(coordinated_programs__isnull=False).distinct()
    elif role == "sponsor":
        qs = qs.filter(sponsored_programs__isnull=False).distinct()
    return _with_roles(qs).order_by("name", "email")


def account_get(*, actor: AnyUser, user_id: int) -> User:
    require_accounts_admin(actor)
    found = _with_roles(User.objects.filter(pk=user_id)).first()
    if found is None:
        raise Http404("No such account.")
    return found


def people_to_invite(*, actor: AnyUser, q: str, limit: int = 20) -> list[Person]:
    """Directory people matching `q` (name, e-mail or employee id), current staff only."""
    require_accounts_admin(actor)
    if not q.strip():
        return []
    q = q.strip()
    return list(
        Person.objects.filter(is_active=True)
        .filter(Q(name__icontains=q) | Q(email__icontains=q) | Q(employee_id__iexact=q))
        .select_related("department", "user")
        .order_by("name", "employee_id")[:limit]
    )


def programs_for_roles(*, actor: AnyUser) -> QuerySet[Program]:
    require_accounts_admin(actor)
    return Program.objects.exclude(phase=Program.Phase.CLOSED).order_by("name")


def person_by_employee_id(*, actor: AnyUser, employee_id: str) -> Person | None:
    require_accounts_admin(actor)
    return Person.objects.filter(employee_id=employee_id.strip()).first()
