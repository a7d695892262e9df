"""Telling a member that their partner wrote in the pair's thread (`pair.message_posted`).

One notification per unread batch: the delivery key carries the oldest message the recipient
has not read, so a burst of messages records one delivery per channel, and the next one is due
only after they have read the thread. It waits a few minutes (the writer may not be done) and
through the recipient's quiet hours, and is dropped if they read the thread meanwhile. It names
the partner and links to the room; the words stay in Upward (mail servers and chat apps are
third parties). It carries no program, so a program's paused nudges do not hold a partner's
message back, and a coordinator's failed-messages list never shows it.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from upward.mentoring.models import Message, Pair
from upward.notifications.models import Channel, Delivery
from upward.notifications.preferences import preferences_for
from upward.notifications.tasks import enqueue_sending

BATCH_DELAY = dt.timedelta(minutes=5)
KIND = "pair_message"


def _prefix(pair_id: int, user_id: int) -> str:
    return f"{KIND}:p{pair_id}:u{user_id}:"


def pair_message_notice(*, message: Message, recipient_id: int, batch_id: int) -> None:
    pref = preferences_for([recipient_id]).get(recipient_id)
    if pref is None:
        return
    pair = message.pair
    writer = pair.leader if pair.leader.user_id == message.author_id else pair.mentor
    now = timezone.now()
    due = now + BATCH_DELAY
    context = {
        "partner_name": writer.person.name,
        "program_name": pair.program.name,
        "url": reverse("mentoring:messages", args=[pair.pk]),
    }
    rows = [
        Delivery(
            key=f"{_prefix(pair.pk, recipient_id)}m{batch_id}:{channel}",
            kind=KIND,
            channel=channel,
            user_id=recipient_id,
            template=KIND,
            context=context,
            is_nudge=True,
            next_attempt_at=((pref.quiet_until(due) or due) if channel != Channel.IN_APP else due),
            created_at=now,
        )
        for channel in pref.channels()
    ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    enqueue_sending()


def pair_messages_read(*, pair: Pair, user_id: int) -> None:
    Delivery.objects.filter(
        key__startswith=_prefix(pair.pk, user_id), status=Delivery.Status.PENDING
    ).update(status=Delivery.Status.SKIPPED, last_error="Read in Upward before it was sent.")
