"""The weekly digest for coordinators: Monday 08:00 in their own time zone, one per week."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import Count, Q

from upward.mentoring.models import Meeting, Pair
from upward.notifications.models import Delivery, ProgramNudgePause
from upward.notifications.preferences import preferences_for
from upward.notifications.rules import Reminder, register_rule, url_for
from upward.programs.models import Participant, Program

SEND_AT = dt.time(8, 0)
# A digest that could not go out by Wednesday is stale; next Monday's replaces it.
EXPIRES_AFTER = dt.timedelta(days=2)
DIGEST_PHASES = ("recruiting", "matching", "active", "closing")


def program_summaries(program_ids: list[int], now: dt.datetime) -> dict[int, dict[str, Any]]:
    """Counts only (health, never content), a few grouped queries for all programs at once."""
    week_ago, week_ahead = now - dt.timedelta(days=7), now + dt.timedelta(days=7)
    summaries: dict[int, dict[str, Any]] = {}
    programs = Program.objects.filter(pk__in=program_ids).annotate(
        pairs_active=Count("pairs", filter=Q(pairs__status=Pair.Status.ACTIVE), distinct=True),
        invitations_open=Count(
            "participants",
            filter=Q(participants__status=Participant.Status.INVITED),
            distinct=True,
        ),
    )
    for program in programs:
        summaries[program.pk] = {
            "name": program.name,
            "phase": program.get_phase_display(),
            # Rendered in each reader's language (messages.render_delivery).
            "phase_code": program.phase,
            "pairs_active": program.pairs_active,
            "invitations_open": program.invitations_open,
            "meetings_held": 0,
            "meetings_next_week": 0,
            "charters_unsigned": 0,
            "delivery_problems": 0,
            "url": url_for("programs:detail", program.slug, fallback="/programs/"),
        }
    meetings = (
        Meeting.objects.filter(pair__program_id__in=program_ids, pair__status=Pair.Status.ACTIVE)
        .values("pair__program_id")
        .annotate(
            held=Count(
                "pk",
                filter=Q(status=Meeting.Status.HELD, starts_at__gte=week_ago, starts_at__lt=now),
            ),
            upcoming=Count(
                "pk",
                filter=Q(
                    status=Meeting.Status.SCHEDULED, starts_at__gte=now, starts_at__lt=week_ahead
                ),
            ),
        )
    )
    for row in meetings:
        summaries[row["pair__program_id"]]["meetings_held"] = row["held"]
        summaries[row["pair__program_id"]]["meetings_next_week"] = row["upcoming"]
    unsigned = (
        Pair.objects.filter(program_id__in=program_ids, status=Pair.Status.ACTIVE)
        .filter(
            Q(charter__isnull=True)
            | Q(charter__leader_signed_at__isnull=True)
            | Q(charter__mentor_signed_at__isnull=True)
        )
        .values("program_id")
        .annotate(n=Count("pk"))
    )
    for row in unsigned:
        summaries[row["program_id"]]["charters_unsigned"] = row["n"]
    problems = (
        Delivery.objects.filter(
            program_id__in=program_ids,
            status__in=[Delivery.Status.FAILED, Delivery.Status.UNCERTAIN],
        )
        .values("program_id")
        .annotate(n=Count("pk"))
    )
    for row in problems:
        summaries[row["program_id"]]["delivery_problems"] = row["n"]
    return summaries


def _digest_context(program_ids: list[int], now: dt.datetime) -> Callable[[], dict[str, Any]]:
    def build() -> dict[str, Any]:
        summaries = program_summaries(program_ids, now)
        return {
            "programs": [summaries[pk] for pk in program_ids if pk in summaries],
            "week_of": now.date().isoformat(),
            "url": url_for("programs:list", fallback="/programs/"),
        }

    return build


@register_rule("weekly_digest")
def weekly_digest(now: dt.datetime) -> Iterator[Reminder]:
    paused = set(ProgramNudgePause.objects.values_list("program_id", flat=True))
    programs_by_coordinator: dict[int, list[int]] = defaultdict(list)
    rows = (
        Program.coordinators.through.objects.filter(program__phase__in=DIGEST_PHASES)
        .order_by("program__name")
        .values_list("user_id", "program_id")
    )
    for user_id, program_id in rows:
        if program_id not in paused:
            programs_by_coordinator[user_id].append(program_id)
    prefs = preferences_for(programs_by_coordinator)
    for user_id, program_ids in programs_by_coordinator.items():
        pref = prefs.get(user_id)
        if pref is None:
            continue
        local = now.astimezone(pref.tz)
        monday = local.date() - dt.timedelta(days=local.weekday())
        due = dt.datetime.combine(monday, SEND_AT, tzinfo=pref.tz).astimezone(dt.UTC)
        year, week, _ = monday.isocalendar()
        yield Reminder(
            user_id=user_id,
            key=f"weekly_digest:w{year}-{week:02d}:u{user_id}",
            template="weekly_digest",
            context=_digest_context(program_ids, now),
            due_at=due,
            expires_at=due + EXPIRES_AFTER,
        )
