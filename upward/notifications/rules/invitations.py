"""An invitation left unanswered for a week: one friendly reminder, no more."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models.functions import Coalesce

from upward.notifications.rules import Reminder, iso, register_rule, stamp, url_for
from upward.programs.models import Participant, Program

AFTER = dt.timedelta(days=7)
EXPIRES_AFTER = dt.timedelta(days=30)


@register_rule("invitation_unanswered")
def invitation_unanswered(now: dt.datetime) -> Iterator[Reminder]:
    invitations = (
        Participant.objects.filter(
            status=Participant.Status.INVITED,
            user__isnull=False,
            program__phase__in=[Program.Phase.RECRUITING, Program.Phase.MATCHING],
        )
        .annotate(sent_at=Coalesce("invited_at", "created_at"))
        .filter(sent_at__lte=now - AFTER, sent_at__gt=now - EXPIRES_AFTER)
        .values_list(
            "pk", "user_id", "role", "sent_at", "program_id", "program__name", "program__slug"
        )
    )
    for pk, user_id, role, sent_at, program_id, program_name, slug in invitations:
        # The invitation time is in the key: a person invited again later is reminded again.
        yield Reminder(
            user_id=user_id,
            key=f"invitation_unanswered:pt{pk}:i{stamp(sent_at)}:u{user_id}",
            template="invitation_unanswered",
            context={
                "program_name": program_name,
                "role": role,
                "invited_at": iso(sent_at),
                "url": url_for("programs:join", slug, fallback="/programs/"),
            },
            due_at=sent_at + AFTER,
            expires_at=sent_at + EXPIRES_AFTER,
            program_id=program_id,
        )
