"""Reads, scoped by role: a person's own notifications; a coordinator's programs and the
deliveries that failed in them (recipient, kind, subject and error; never the message body)."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from upward.access import ORG_ADMIN, AnyUser, can_manage, programs_managed_by, user_roles
from upward.notifications.models import (
    Channel,
    ChatPost,
    Delivery,
    Notification,
    ProgramChatChannel,
    ProgramNudgePause,
    SweepRun,
)
from upward.programs.models import Program
from upward.queryshapes import QueryShape


def notifications_of(*, user: AnyUser, unread_only: bool = False) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    qs = Notification.objects.filter(user=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


# Every home page and the notifications page and API ask: composed once per connection
# (upward/queryshapes.py). The unread ones' ids are counted: a handful, and on the index.
_UNREAD_IDS = QueryShape(
    lambda user_id: (
        Notification.objects.filter(user_id=user_id, read_at__isnull=True)
        .order_by()
        .values_list("pk", flat=True)
    )
)
_RECENT = QueryShape(lambda user_id: Notification.objects.filter(user_id=user_id)[:RECENT])
RECENT = 5


def unread_count(*, user: AnyUser) -> int:
    if not user.is_authenticated:
        return 0
    return len(_UNREAD_IDS(user.pk))


def recent_notifications(*, user: AnyUser) -> list[Notification]:
    """The user's `RECENT` newest notifications (the home page's panel)."""
    if not user.is_authenticated:
        return []
    return _RECENT(user.pk)


def notification_of(*, user: AnyUser, notification_id: int) -> Notification | None:
    return notifications_of(user=user).filter(pk=notification_id).first()


def _is_org_admin(user: AnyUser) -> bool:
    return ORG_ADMIN in user_roles(user)


def programs_with_nudges_managed_by(*, user: AnyUser) -> QuerySet[Program]:
    """The programs whose nudges `user` may pause: those they manage (all for org admins)."""
    return (
        programs_managed_by(user=user)
        .select_related("nudge_pause__paused_by")
        .annotate(chat_channel_provider=F("chat_channel__provider"))
        .annotate(
            problem_count=Count(
                "notification_deliveries",
                filter=Q(
                    notification_deliveries__status__in=[
                        Delivery.Status.FAILED,
                        Delivery.Status.UNCERTAIN,
                    ]
                )
                & ~Q(notification_deliveries__channel=Channel.CHAT),
            )
        )
    )


def can_manage_nudges(*, user: AnyUser, program: Program | None) -> bool:
    """Pausing a program's nudges is managing the program (`upward.access`)."""
    return program is not None and can_manage(user=user, program=program)


def program_for_nudges(
    *, user: AnyUser, program_id: int | None = None, slug: str | None = None
) -> Program:
    """A program whose nudges the user manages; 404 for every other (or missing) program.
    Pages address it by slug, the API by id: exactly one of the two."""
    lookup: dict[str, int | str]
    if slug is not None and program_id is None:
        lookup = {"slug": slug}
    elif program_id is not None and slug is None:
        lookup = {"pk": program_id}
    else:
        raise TypeError("Pass exactly one of program_id and slug.")
    program = programs_managed_by(user=user).filter(**lookup).first()
    if program is None:
        raise Http404("No such program.")
    return program


def can_see_delivery_problems(*, user: AnyUser) -> bool:
    return _is_org_admin(user) or programs_managed_by(user=user).exists()


def problem_deliveries_visible_to(*, user: AnyUser) -> QuerySet[Delivery]:
    """Failed and interrupted deliveries in the user's programs (admins: all, incl. digests)."""
    # A person's own chat is theirs: its failures went to them by email and show on their
    # settings page, never in a coordinator's list (the error could name their chat's host).
    qs = (
        Delivery.objects.filter(status__in=[Delivery.Status.FAILED, Delivery.Status.UNCERTAIN])
        .exclude(channel=Channel.CHAT)
        .select_related("user", "program")
    )
    if not user.is_authenticated:
        return qs.none()
    if _is_org_admin(user):
        return qs
    return qs.filter(Q(program__coordinators=user) | Q(program__isnull=True, user=user)).distinct()


def problem_delivery_for(*, user: AnyUser, delivery_id: int) -> Delivery | None:
    return problem_deliveries_visible_to(user=user).filter(pk=delivery_id).first()


def last_chat_problem(*, user: AnyUser) -> Delivery | None:
    """The person's own latest chat message, if it failed (shown on their settings page)."""
    if not user.is_authenticated:
        return None
    latest = (
        Delivery.objects.filter(user=user, channel=Channel.CHAT)
        .exclude(status__in=[Delivery.Status.PENDING, Delivery.Status.SKIPPED])
        .order_by("-created_at", "-pk")
        .first()
    )
    return latest if latest is not None and latest.status == Delivery.Status.FAILED else None


def program_is_paused(*, program: Program) -> bool:
    return ProgramNudgePause.objects.filter(program=program).exists()


def last_sweep() -> SweepRun | None:
    return SweepRun.objects.first()


def chat_channel_of(*, program_id: int) -> ProgramChatChannel | None:
    """The program's chat channel; callers have fetched the program through `program_for_nudges`."""
    return ProgramChatChannel.objects.filter(program_id=program_id).first()


def chat_posts_of(*, program_id: int) -> QuerySet[ChatPost]:
    return ChatPost.objects.filter(program_id=program_id)
