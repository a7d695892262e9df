"""Messages in the pair: write one, mark the thread read. Members only (`upward.access`)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from upward import events
from upward.access import AnyUser, account, partner_of, require_member, require_writer
from upward.errors import ServiceError
from upward.mentoring.events import PAIR_MESSAGE_POSTED, PAIR_MESSAGES_READ
from upward.mentoring.models import Message, Pair

MAX_MESSAGE = 2000


@transaction.atomic
def message_send(*, pair: Pair, actor: AnyUser, body: str) -> Message:
    """Write to the partner. They hear about it once per unread batch (notifications)."""
    role = require_writer(actor=actor, pair=pair)
    text = (body or "").strip()
    if not text:
        raise ServiceError(_("Write something first."), field="body")
    if len(text) > MAX_MESSAGE:
        raise ServiceError(
            _("Keep a message under %(max)d characters (%(now)d now).")
            % {"max": MAX_MESSAGE, "now": len(text)},
            field="body",
        )
    author = account(actor)
    message = Message.objects.create(pair=pair, author=author, body=text)
    partner = partner_of(pair=pair, role=role)
    if partner.user_id is not None:
        first_unread = (
            Message.objects.filter(pair=pair, author=author, read_at__isnull=True)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        events.publish(
            PAIR_MESSAGE_POSTED,
            message=message,
            recipient_id=partner.user_id,
            batch_id=first_unread or message.pk,
        )
    return message


def messages_mark_read(*, pair: Pair, actor: AnyUser) -> int:
    """The actor has seen the thread: their partner's messages are read now."""
    require_member(actor=actor, pair=pair)
    user = account(actor)
    marked = (
        Message.objects.filter(pair=pair, read_at__isnull=True)
        .exclude(author=user)
        .update(read_at=timezone.now())
    )
    if marked:
        events.publish(PAIR_MESSAGES_READ, pair=pair, user_id=user.pk)
    return marked
