"""One scheduler tick: prepare, sweep, recover, enqueue. Called by `upward scheduler`.

Recovering covers interrupted sends and match runs whose worker died (their heartbeat stopped):
those are requeued or failed with a reason (upward/matching/services/recovery.py)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.utils import timezone
from django_tasks import default_task_backend
from django_tasks_db.models import DBTaskResult

from upward import events
from upward.feedback.services.schedule import survey_assignments_sync
from upward.matching.services import Recovered, runs_recover_stale
from upward.notifications.chat import chat_posts_due_exist, chat_posts_send_due
from upward.notifications.chat_messages import checkins_soon_sweep
from upward.notifications.models import SweepRun
from upward.notifications.sending import (
    SendResult,
    deliveries_due_exist,
    deliveries_mark_interrupted,
    deliveries_send_due,
)
from upward.notifications.sweep import SweepResult, reminders_sweep
from upward.notifications.tasks import send_chat_posts, send_due_deliveries
from upward.people.ratelimit import throttles_prune

logger = logging.getLogger(__name__)

SWEEP_HISTORY = dt.timedelta(days=7)

SCHEDULER_TICK = events.declare(
    "scheduler.tick",
    "now=datetime: the scheduler's minute. Apps above with their own queues (webhooks) enqueue "
    "a worker for anything due whose wake-up task was lost.",
)


@dataclass
class Tick:
    sweep: SweepResult
    interrupted: int = 0
    enqueued: bool = False
    sent: SendResult = field(default_factory=SendResult)
    chat_recorded: int = 0
    chat_sent: int = 0
    runs: Recovered = field(default_factory=Recovered)

    def summary(self) -> str:
        parts = []
        if self.sweep.created:
            parts.append(f"recorded {self.sweep.created} deliveries {self.sweep.by_kind}")
        if self.interrupted:
            parts.append(f"{self.interrupted} interrupted sends flagged")
        if self.runs.requeued:
            parts.append(f"match runs requeued (worker gone): {self.runs.requeued}")
        if self.runs.failed:
            parts.append(f"match runs failed (worker gone): {self.runs.failed}")
        if self.enqueued:
            parts.append("sending enqueued")
        if self.sent.sent or self.sent.failed or self.sent.retrying:
            parts.append(f"sent {self.sent.as_dict()}")
        if self.chat_recorded or self.chat_sent:
            parts.append(f"chat: {self.chat_recorded} recorded, {self.chat_sent} sent")
        if self.sweep.failed_rules:
            parts.append(f"rules that failed (see the log): {', '.join(self.sweep.failed_rules)}")
        return "; ".join(parts)


def _prepare() -> None:
    """Let other apps bring their due lists up to date before the rules read them."""
    try:
        survey_assignments_sync()
    except Exception:
        # Stale assignments only delay survey reminders; the other reminders must still go.
        logger.exception("Survey assignment sync failed before the reminder sweep")


def scheduler_tick(*, now: dt.datetime | None = None, send_inline: bool = False) -> Tick:
    now = now or timezone.now()
    _prepare()
    tick = Tick(sweep=reminders_sweep(now=now))
    tick.interrupted = deliveries_mark_interrupted(now=now)
    try:
        tick.runs = runs_recover_stale(now=now)
    except Exception:
        # Reminders must still go out if the run sweep breaks; the next tick tries again.
        logger.exception("Recovering match runs failed")
    throttles_prune(now=now)
    SweepRun.objects.filter(started_at__lt=now - SWEEP_HISTORY).delete()
    if send_inline:
        tick.sent = deliveries_send_due()
    elif deliveries_due_exist(now=now) and not _send_task_waiting():
        # Enqueue, don't send: workers (any number) do the sending; a task lost with a killed
        # worker is harmless because the next tick enqueues another.
        send_due_deliveries.enqueue()
        tick.enqueued = True
    try:
        tick.chat_recorded = checkins_soon_sweep(now=now)
        if send_inline:
            tick.chat_sent = chat_posts_send_due().sent
        elif chat_posts_due_exist(now=now):
            send_chat_posts.enqueue()
    except Exception:
        # A chat channel is a nicety; reminders by email and in the app must still go.
        logger.exception("Program chat messages failed in this tick")
    try:
        events.publish(SCHEDULER_TICK, now=now)
    except Exception:
        # Another app's queue must not stop reminders; the next tick tries again.
        logger.exception("A scheduler.tick subscriber failed")
    return tick


def _send_task_waiting() -> bool:
    """True if a send task is already queued, so a stopped worker does not pile up tasks."""
    if type(default_task_backend).__name__ != "DatabaseBackend":
        return False
    return (
        DBTaskResult.objects.ready()
        .filter(task_path="upward.notifications.tasks.send_due_deliveries")
        .exists()
    )
