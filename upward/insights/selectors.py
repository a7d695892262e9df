"""Who may see which program's measurements: the one place these rules live.

| role                         | dashboard, survey results, exports, report | health board |
|------------------------------|--------------------------------------------|--------------|
| org admin                    | every program                              | every program|
| coordinator                  | the programs they coordinate               | the same     |
| sponsor (account flag)       | every program (aggregates only)            | never        |
| sponsor of a program         | that program (aggregates only)             | never        |
| leader / mentor              | never (they answer their own surveys)      | never        |
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from upward.people.models import User
from upward.programs.models import Participant, Program

AnyUser = User | AnonymousUser


def programs_for_insights(*, user: AnyUser) -> QuerySet[Program]:
    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_org_admin or user.is_superuser or user.is_sponsor:
        return Program.objects.all()
    return Program.objects.filter(Q(coordinators=user) | Q(sponsor=user)).distinct()


def programs_for_health(*, user: AnyUser) -> QuerySet[Program]:
    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_org_admin or user.is_superuser:
        return Program.objects.all()
    return Program.objects.filter(coordinators=user)


def can_view_insights(*, user: AnyUser, program: Program) -> bool:
    return programs_for_insights(user=user).filter(pk=program.pk).exists()


def can_view_health(*, user: AnyUser, program: Program) -> bool:
    return programs_for_health(user=user).filter(pk=program.pk).exists()


def can_manage_surveys(*, user: AnyUser, program: Program) -> bool:
    """Scheduling check-ins is the coordinator's job (and the org admin's)."""
    return can_view_health(user=user, program=program)


def can_record_behaviour_change(*, user: AnyUser, program: Program) -> bool:
    """Coordinators, org admins, and the program's own leaders log changes they made."""
    if can_view_health(user=user, program=program):
        return True
    if not user.is_authenticated:
        return False
    return Participant.objects.filter(
        program=program,
        user=user,
        role=Participant.Role.LEADER,
        status=Participant.Status.OPTED_IN,
    ).exists()
