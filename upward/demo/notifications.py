"""Demo notifications: something in the list for leader@, mentor@ and coordinator@, quiet hours
for mentor@, a series invitation queued for the demo pair (the worker sends it on `make run`,
into the console), and one failed message so the coordinator's page has something to show.

Idempotent: each item is looked up by a stable key (user + kind, or the delivery key) first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from upward.demo.context import DemoContext
from upward.feedback.services.schedule import survey_assignments_sync
from upward.mentoring.models import Action, Meeting, Pair
from upward.notifications.messages import render_delivery
from upward.notifications.models import Channel, Delivery, DeliveryPreference, Notification
from upward.notifications.rules import iso, url_for
from upward.notifications.rules.digest import program_summaries
from upward.notifications.services import meetings_invitation_send
from upward.notifications.sweep import reminders_sweep
from upward.people.models import User
from upward.programs.models import Participant, Program


def _note(
    user: User, template: str, context: dict[str, Any], *, hours_ago: int, read: bool
) -> None:
    if Notification.objects.filter(user=user, kind=template).exists():
        return
    # Rendered by the same templates as real reminders, from an unsaved ledger row.
    message = render_delivery(Delivery(user=user, template=template, context=context))
    created = timezone.now() - dt.timedelta(hours=hours_ago)
    Notification.objects.create(
        user=user,
        kind=template,
        title=message.subject,
        body=message.inapp_body,
        url=message.url,
        created_at=created,
        read_at=created + dt.timedelta(minutes=20) if read else None,
    )


def _pair_notes(leader: User, mentor: User) -> None:
    pair = (
        Pair.objects.filter(leader__user=leader, mentor__user=mentor, status=Pair.Status.ACTIVE)
        .select_related("program", "leader__person", "mentor__person")
        .first()
    )
    if pair is None:
        return
    upcoming = list(
        pair.meetings.filter(status=Meeting.Status.SCHEDULED, starts_at__gte=timezone.now())
        .prefetch_related("agenda_items")
        .order_by("starts_at")
    )
    if upcoming:
        meeting = upcoming[0]
        agenda = [item.text for item in meeting.agenda_items.all()]
        for me, partner, role in ((leader, pair.mentor, "leader"), (mentor, pair.leader, "mentor")):
            _note(
                me,
                "meeting_soon",
                {
                    "partner_name": partner.person.name,
                    "role": role,
                    "starts_at": iso(meeting.starts_at),
                    "duration_minutes": meeting.duration_minutes,
                    "location": meeting.location,
                    "agenda": agenda,
                    "program_name": pair.program.name,
                    "url": url_for("mentoring:meeting", pair.pk, meeting.pk, fallback="/"),
                },
                hours_ago=2,
                read=False,
            )
        # The series invitation: queued now, sent by the worker into the console output.
        meetings_invitation_send(meetings=upcoming)
    action = (
        pair.actions.filter(
            status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS],
            due_on__gte=timezone.localdate(),
        )
        .order_by("due_on")
        .first()
    )
    if action is not None and action.due_on is not None:
        _note(
            leader,
            "action_due",
            {
                "title": action.title,
                "due_on": action.due_on.isoformat(),
                "mentor_name": pair.mentor.person.name,
                "url": url_for("mentoring:actions", pair.pk, fallback="/"),
            },
            hours_ago=26,
            read=True,
        )
    _note(
        mentor,
        "survey_due",
        {
            "survey_title": "3-month check-in",
            # The check-ins are anonymous; without this the note said "Not anonymous".
            "anonymous": True,
            "program_name": pair.program.name,
            "due_on": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
            "url": "/surveys/",
        },
        hours_ago=30,
        read=False,
    )


def _coordinator_notes(coordinator: User) -> None:
    program_ids = list(
        Program.objects.filter(coordinators=coordinator)
        .exclude(phase__in=["draft", "closed"])
        .values_list("pk", flat=True)
    )
    if not program_ids:
        return
    summaries = program_summaries(program_ids, timezone.now())
    _note(
        coordinator,
        "weekly_digest",
        {"programs": list(summaries.values()), "url": "/programs/"},
        hours_ago=50,
        read=True,
    )
    # Pairs at risk come from the real rule: the scheduler reports them on its first tick.
    _failed_message(program_ids)


def _failed_message(program_ids: list[int]) -> None:
    """One refused message, so the 'did not go out' list can be seen (and retried)."""
    invitee = (
        Participant.objects.filter(program_id__in=program_ids, status="invited", user__isnull=False)
        .select_related("program")
        .order_by("pk")
        .first()
    )
    if invitee is None or invitee.user_id is None:
        return
    Delivery.objects.get_or_create(
        key=f"demo:invitation_unanswered:pt{invitee.pk}:u{invitee.user_id}:email",
        defaults={
            "kind": "invitation_unanswered",
            "channel": "email",
            "user_id": invitee.user_id,
            "program": invitee.program,
            "template": "invitation_unanswered",
            "context": {
                "program_name": invitee.program.name,
                "role": invitee.role,
                "url": url_for("programs:join", invitee.program.slug, fallback="/programs/"),
            },
            "status": Delivery.Status.FAILED,
            "attempts": 5,
            "last_error": "SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable",
        },
    )


# Why the settled emails were not sent, as the ledger shows it.
SETTLED = "Demo history: due before the demo was seeded, so not emailed."


def _settle_backlog(demo_pair_user_ids: set[int]) -> int:
    """Leave no backlog of due reminder emails for the first scheduler sweep.

    The demo invents months of history, so dozens of reminders (overdue surveys, unanswered
    invitations, every pair's series invitation) are "due" the moment it is seeded; the first
    sweep after `make run` emailed them all at once and buried the demo logins. They belong to
    that invented past: their emails are recorded as skipped (the same ledger keys, so no later
    sweep sends them either), while the in-app copies still fill the notification lists. The
    demo pair's series invitation stays queued, on purpose: it shows a calendar invitation.
    """
    survey_assignments_sync()  # as the scheduler's tick does before it sweeps
    reminders_sweep(record=False)
    backlog = Delivery.objects.filter(
        status=Delivery.Status.PENDING, channel=Channel.EMAIL
    ).exclude(kind="meeting_invitation", user_id__in=demo_pair_user_ids)
    return backlog.update(status=Delivery.Status.SKIPPED, last_error=SETTLED)


def seed(ctx: DemoContext) -> None:
    users = ctx.users
    leader, mentor = users.get("leader@example.com"), users.get("mentor@example.com")
    coordinator = users.get("coordinator@example.com")
    if mentor is not None:
        DeliveryPreference.objects.get_or_create(
            user=mentor, defaults={"quiet_start": dt.time(21, 0), "quiet_end": dt.time(7, 30)}
        )
    if leader is not None and mentor is not None:
        _pair_notes(leader, mentor)
    if coordinator is not None:
        _coordinator_notes(coordinator)
    settled = _settle_backlog({u.pk for u in (leader, mentor) if u is not None})
    ctx.log(
        f"Notifications: {Notification.objects.count()} in-app, "
        f"{Delivery.objects.filter(status=Delivery.Status.PENDING, channel=Channel.EMAIL).count()} "
        f"emails waiting for the worker ({settled} reminders from the demo's past not emailed)."
    )
