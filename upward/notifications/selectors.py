"""Reads, scoped by role: a person's own notifications; a coordinator's programs and the
deliveries that failed in them (recipient, kind, subject and error; never the message body)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from upward.notifications.models import Delivery, Notification, ProgramNudgePause, SweepRun
from upward.people.models import User
from upward.people.roles import ORG_ADMIN, user_roles
from upward.programs.models import Program

AnyUser = User | AnonymousUser


def notifications_of(*, user: AnyUser, unread_only: bool = False) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    qs = Notification.objects.filter(user=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def unread_count(*, user: AnyUser) -> int:
    return notifications_of(user=user, unread_only=True).count()


def notification_of(*, user: AnyUser, notification_id: int) -> Notification | None:
    return notifications_of(user=user).filter(pk=notification_id).first()


def _is_org_admin(user: AnyUser) -> bool:
    return ORG_ADMIN in user_roles(user)


def programs_with_nudges_managed_by(*, user: AnyUser) -> QuerySet[Program]:
    """The programs whose nudges `user` may pause: their own as coordinator; all for admins."""
    if not user.is_authenticated:
        return Program.objects.none()
    qs = Program.objects.all() if _is_org_admin(user) else Program.objects.filter(coordinators=user)
    return qs.select_related("nudge_pause__paused_by").annotate(
        problem_count=Count(
            "notification_deliveries",
            filter=Q(
                notification_deliveries__status__in=[
                    Delivery.Status.FAILED,
                    Delivery.Status.UNCERTAIN,
                ]
            ),
        )
    )


def can_manage_nudges(*, user: AnyUser, program: Program | None) -> bool:
    if program is None or not user.is_authenticated:
        return False
    return _is_org_admin(user) or program.coordinators.filter(pk=user.pk).exists()


def can_see_delivery_problems(*, user: AnyUser) -> bool:
    return _is_org_admin(user) or (
        user.is_authenticated and Program.objects.filter(coordinators=user).exists()
    )


def problem_deliveries_visible_to(*, user: AnyUser) -> QuerySet[Delivery]:
    """Failed and interrupted deliveries in the user's programs (admins: all, incl. digests)."""
    qs = Delivery.objects.filter(
        status__in=[Delivery.Status.FAILED, Delivery.Status.UNCERTAIN]
    ).select_related("user", "program")
    if not user.is_authenticated:
        return qs.none()
    if _is_org_admin(user):
        return qs
    return qs.filter(Q(program__coordinators=user) | Q(program__isnull=True, user=user)).distinct()


def problem_delivery_for(*, user: AnyUser, delivery_id: int) -> Delivery | None:
    return problem_deliveries_visible_to(user=user).filter(pk=delivery_id).first()


def program_is_paused(*, program: Program) -> bool:
    return ProgramNudgePause.objects.filter(program=program).exists()


def last_sweep() -> SweepRun | None:
    return SweepRun.objects.first()
