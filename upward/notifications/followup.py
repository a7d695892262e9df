"""Messages of the coordinators' follow-up: a coordinator's nudge to a pair, news on a concern
for the person who raised it, and the reminder that a concern waits for a coordinator.

Mentoring records the nudge and the concern's case; it publishes `pair.nudged` and
`concern.answered` (upward.mentoring.events) and this module delivers them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from upward import events
from upward.errors import ServiceError
from upward.mentoring.events import CONCERN_ANSWERED, PAIR_NUDGED
from upward.mentoring.models import Concern, ConcernEntry, PairNudge
from upward.notifications.models import Delivery, ProgramNudgePause
from upward.notifications.preferences import preferences_for
from upward.notifications.rules import Reminder, register_rule, url_for
from upward.notifications.services import notice_send
from upward.notifications.tasks import enqueue_sending
from upward.programs.models import Program

NUDGE_KIND = "coordinator_nudge"


def concern_reminder_days() -> int:
    """Days a concern may wait for a coordinator before they are reminded (a setting)."""
    return max(1, int(getattr(settings, "CONCERN_REMINDER_DAYS", 3)))


def nudge_deliver(nudge: PairNudge) -> int:
    """Record the nudge for both members on each channel they chose. It is a nudge: the email
    waits for the end of a person's quiet hours, the in-app entry appears at once. Answers how
    many people it goes to; refuses (rolling the nudge back) while the program is paused."""
    pair = nudge.pair
    if ProgramNudgePause.objects.filter(program_id=pair.program_id).exists():
        raise ServiceError(
            _(
                "Nudges are paused for this program (Notifications → Program nudges). Resume "
                "them to send one."
            ),
            status=409,
        )
    user_ids = [p.user_id for p in (pair.leader, pair.mentor) if p.user_id is not None]
    prefs = preferences_for(user_ids)
    now = timezone.now()
    context = {
        "subject": nudge.subject,
        "message": nudge.body,
        "program_name": pair.program.name,
        "coordinator_name": nudge.sent_by.get_full_name() if nudge.sent_by else "",
        "url": url_for("mentoring:room", pair.pk, fallback="/pairs/"),
    }
    rows = []
    reached = 0
    for user_id in user_ids:
        pref = prefs.get(user_id)
        if pref is None or not pref.active:
            continue
        channels = pref.channels()
        reached += 1 if channels else 0
        rows += [
            Delivery(
                key=f"{NUDGE_KIND}:n{nudge.pk}:u{user_id}:{channel}",
                kind=NUDGE_KIND,
                channel=channel,
                user_id=user_id,
                program_id=pair.program_id,
                template=NUDGE_KIND,
                context=context,
                is_nudge=True,
                next_attempt_at=now,
                created_at=now,
            )
            for channel in channels
        ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    enqueue_sending()
    return reached


def concern_news(concern: Concern, entry: ConcernEntry) -> None:
    """Tell the raiser there is news on their concern, never what it says: a concern is
    confidential, so its text stays in the app, behind sign-in."""
    notice_send(
        user_id=concern.raised_by_id,
        key=f"concern_news:c{concern.pk}:e{entry.pk}",
        kind="concern_news",
        context={
            "program_name": concern.program.name,
            "resolved": entry.kind == ConcernEntry.Kind.STATUS
            and entry.to_status == Concern.Status.RESOLVED,
            "url": url_for("mentoring:concern", concern.pk, fallback="/pairs/"),
        },
        program_id=concern.program_id,
    )


@register_rule("concern_waiting")
def concern_waiting(now: dt.datetime) -> Iterator[Reminder]:
    """Each coordinator of the program, once per wait: a concern nobody answered for
    CONCERN_REMINDER_DAYS days (raised, or the raiser wrote again). It names the program and
    how long it waited, never who raised it or what it says. Not tied to the program's nudge
    pause: a pause quiets reminders to participants, not a safety case."""
    days = concern_reminder_days()
    waiting = list(
        Concern.objects.filter(
            waiting_since__isnull=False, waiting_since__lte=now - dt.timedelta(days=days)
        )
        .exclude(status=Concern.Status.RESOLVED)
        .values_list("pk", "program_id", "waiting_since")
    )
    if not waiting:
        return
    program_ids = {program_id for _, program_id, _ in waiting}
    coordinators: dict[int, list[int]] = defaultdict(list)
    for program_id, user_id in Program.coordinators.through.objects.filter(
        program_id__in=program_ids
    ).values_list("program_id", "user_id"):
        coordinators[program_id].append(user_id)
    names = dict(Program.objects.filter(pk__in=program_ids).values_list("pk", "name"))
    for pk, program_id, since in waiting:
        if since is None:  # pragma: no cover - filtered out above; narrows the type
            continue
        for user_id in coordinators[program_id]:
            yield Reminder(
                user_id=user_id,
                key=f"concern_waiting:c{pk}:w{int(since.timestamp())}:u{user_id}",
                template="concern_waiting",
                context={
                    "program_name": names.get(program_id, ""),
                    "days": (now - since).days,
                    "url": url_for("mentoring:concern", pk, fallback="/pairs/concerns/"),
                },
                due_at=since + dt.timedelta(days=days),
            )


def subscribe() -> None:
    events.subscribe(PAIR_NUDGED, nudge_deliver)
    events.subscribe(CONCERN_ANSWERED, concern_news)
