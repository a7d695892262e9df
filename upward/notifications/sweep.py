"""The periodic sweep: ask every rule what is due and record it, once, as pending deliveries.

The sweep writes ledger rows only; workers send them (see sending.py). It keeps no state in
memory: run it every minute, after a restart, or from two schedulers at once, and the unique
`Delivery.key` makes the result the same.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from upward.notifications.models import Channel, Delivery, ProgramNudgePause, SweepRun
from upward.notifications.preferences import CHUNK, preferences_for
from upward.notifications.rules import RULES, Reminder, Rule

logger = logging.getLogger(__name__)


@dataclass
class SweepResult:
    candidates: int = 0
    created: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    failed_rules: list[str] = field(default_factory=list)
    seconds: float = 0.0


def paused_program_ids() -> set[int]:
    return set(ProgramNudgePause.objects.values_list("program_id", flat=True))


def existing_keys(keys: Iterable[str]) -> set[str]:
    ordered = list(keys)
    found: set[str] = set()
    for start in range(0, len(ordered), CHUNK):
        found.update(
            Delivery.objects.filter(key__in=ordered[start : start + CHUNK]).values_list(
                "key", flat=True
            )
        )
    return found


def due_reminders(
    *, now: dt.datetime, rules: dict[str, Rule] | None = None, failed: list[str] | None = None
) -> list[Reminder]:
    """What the rules say is due at `now`, not expired, outside paused programs.

    A rule that raises is logged (with its traceback) and listed in `failed`; the other rules
    still run, so one app's bug does not silence every reminder.
    """
    paused = paused_program_ids()
    due: list[Reminder] = []
    for kind, rule in (rules if rules is not None else RULES).items():
        try:
            found = list(rule(now))
        except Exception:
            logger.exception("Reminder rule %r failed; the other rules still ran", kind)
            if failed is not None:
                failed.append(kind)
            continue
        for reminder in found:
            if reminder.due_at > now:
                continue
            if reminder.expires_at is not None and reminder.expires_at <= now:
                continue
            if reminder.program_id is not None and reminder.program_id in paused:
                continue
            if reminder.template != kind:
                # Keys and templates are per kind; a mismatch is a bug in the rule.
                raise ValueError(f"rule {kind!r} yielded a reminder for {reminder.template!r}")
            due.append(reminder)
    return due


def reminders_sweep(
    *, now: dt.datetime | None = None, rules: dict[str, Rule] | None = None, record: bool = True
) -> SweepResult:
    """Record a pending delivery for every due reminder on every channel its person wants."""
    started = time.perf_counter()
    now = now or timezone.now()
    result = SweepResult()
    reminders = due_reminders(now=now, rules=rules, failed=result.failed_rules)
    result.candidates = len(reminders)
    prefs = preferences_for(r.user_id for r in reminders)

    planned: list[tuple[Reminder, str, str]] = []  # (reminder, channel, key)
    for reminder in reminders:
        pref = prefs.get(reminder.user_id)
        if pref is None:
            continue
        for channel in pref.channels():
            planned.append((reminder, channel, f"{reminder.key}:{channel}"))
    # Most candidates were recorded by an earlier sweep; skip them before building contexts.
    known = existing_keys(key for _, _, key in planned)
    rows: list[Delivery] = []
    contexts: dict[str, dict[str, object]] = {}
    for reminder, channel, key in planned:
        if key in known:
            continue
        if reminder.key not in contexts:
            contexts[reminder.key] = reminder.resolved_context()
        next_attempt = now
        if channel in (Channel.EMAIL, Channel.CHAT):
            next_attempt = prefs[reminder.user_id].quiet_until(now) or now
        rows.append(
            Delivery(
                key=key,
                kind=reminder.template,
                channel=channel,
                user_id=reminder.user_id,
                program_id=reminder.program_id,
                template=reminder.template,
                context=contexts[reminder.key],
                is_nudge=True,
                next_attempt_at=next_attempt,
                expires_at=reminder.expires_at,
                created_at=now,
            )
        )
        result.by_kind[reminder.template] = result.by_kind.get(reminder.template, 0) + 1
    if rows:
        # ignore_conflicts: a concurrent sweep may have recorded the same key a moment ago.
        Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    result.created = len(rows)
    result.seconds = time.perf_counter() - started
    if record:
        SweepRun.objects.create(
            started_at=now,
            finished_at=timezone.now(),
            created=result.created,
            candidates=result.candidates,
            duration_ms=int(result.seconds * 1000),
        )
    if result.created:
        logger.info("Reminder sweep recorded %d deliveries: %s", result.created, result.by_kind)
    return result
