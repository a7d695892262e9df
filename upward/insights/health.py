"""Program health: is each pair on track? Computed from facts only (dates, counts, statuses).

    pair_health_for_program(*, program, today=None) -> list[PairHealth]
        Every active pair of the program, riskiest first. Three queries, whatever the number of
        pairs.
    pairs_at_risk(*, program=None, today=None) -> list[PairHealth]
        Active pairs whose status is "at_risk", in one program or in every running program.

Rules (each adds a plain-language reason; the worst one sets the status):
- too early: the pair started less than TOO_EARLY_DAYS ago and nothing below is at risk;
- at risk: no meeting held for NO_MEETING_DAYS (45) days or more (counted from the start when
  none was held yet);
- at risk: the leader cancelled LEADER_CANCELLATIONS (2) meetings or more;
- at risk / needs a check-in: two or more / one meeting behind the program's cadence;
- needs a check-in: the charter is not signed by both sides CHARTER_GRACE_DAYS (21) days after
  the start;
- needs a check-in: one or more actions are past their due date and not done or dropped.
No content (notes, charter text, action titles) is ever read here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Case, Count, Max, Q, QuerySet, Value, When
from django.utils import timezone

from upward.mentoring.models import Action, Meeting, Pair
from upward.programs.models import Program

TOO_EARLY_DAYS = 21
NO_MEETING_DAYS = 45
LEADER_CANCELLATIONS = 2
CHARTER_GRACE_DAYS = 21

ON_TRACK = "on_track"
NEEDS_CHECKIN = "needs_checkin"
AT_RISK = "at_risk"
TOO_EARLY = "too_early"

STATUS_LABELS = {
    AT_RISK: "At risk",
    NEEDS_CHECKIN: "Needs a check-in",
    ON_TRACK: "On track",
    TOO_EARLY: "Too early to tell",
}
STATUS_BADGES = {AT_RISK: "risk", NEEDS_CHECKIN: "warn", ON_TRACK: "ok", TOO_EARLY: "muted"}
STATUS_RANK = {AT_RISK: 0, NEEDS_CHECKIN: 1, ON_TRACK: 2, TOO_EARLY: 3}


@dataclass
class PairHealth:
    pair_id: int
    program_id: int
    leader_name: str
    mentor_name: str
    started_on: dt.date
    days_running: int
    meetings_held: int
    meetings_expected: int
    last_meeting_on: dt.date | None
    days_since_meeting: int
    leader_cancellations: int
    charter_signed: bool
    overdue_actions: int
    status: str = ON_TRACK
    reasons: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]


def pair_facts(
    *, pairs: QuerySet[Pair], today: dt.date, with_names: bool = True
) -> list[dict[str, Any]]:
    """Facts about each pair (any status), in three queries whatever the number of pairs.

    Meetings and actions are grouped by pair in one scan each and joined here: much cheaper than
    a correlated subquery per pair and fact (measured in benchmarks/bench_dashboards.py). The
    impact dashboard sums the same rows for its meeting and action totals, so one page scans
    meetings and actions once. Counts and dates only; no content is read.
    """
    scope = pairs.order_by()
    names = ("leader__person__name", "mentor__person__name") if with_names else ()
    rows = list(
        scope.annotate(
            charter_signed=Case(
                When(
                    charter__leader_signed_at__isnull=False,
                    charter__mentor_signed_at__isnull=False,
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        # Plain rows, not model instances: building 2,000 pairs with three related objects each
        # costs more than the query itself.
        .values(
            "pk",
            "program_id",
            "status",
            "started_on",
            "ended_on",
            "leader_id",
            "mentor_id",
            "charter_signed",
            *names,
        )
    )
    ids = scope.values("pk")
    held = Q(status=Meeting.Status.HELD)
    cancelled = Q(status=Meeting.Status.CANCELLED)
    meetings = {
        row.pop("pair_id"): row
        for row in Meeting.objects.filter(pair_id__in=ids)
        .order_by()
        .values("pair_id")
        .annotate(
            held_count=Count("pk", filter=held),
            # A datetime, made a local date in Python: TruncDate would be cheaper on PostgreSQL
            # but runs a Python function per meeting on SQLite (measured: 4x the whole query).
            last_held_at=Max("starts_at", filter=held),
            cancelled_count=Count("pk", filter=cancelled),
            leader_cancel_count=Count("pk", filter=cancelled & Q(cancelled_by_role="leader")),
            mentor_cancel_count=Count("pk", filter=cancelled & Q(cancelled_by_role="mentor")),
            upcoming_count=Count(
                "pk", filter=Q(status=Meeting.Status.SCHEDULED, starts_at__gte=timezone.now())
            ),
        )
    }
    open_action = Q(status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS])
    actions = {
        row.pop("pair_id"): row
        for row in Action.objects.filter(pair_id__in=ids)
        .order_by()
        .values("pair_id")
        .annotate(
            overdue_count=Count("pk", filter=open_action & Q(due_on__lt=today)),
            actions_committed=Count("pk", filter=~Q(status=Action.Status.DROPPED)),
            actions_in_progress=Count("pk", filter=Q(status=Action.Status.IN_PROGRESS)),
            actions_done=Count("pk", filter=Q(status=Action.Status.DONE)),
            actions_published=Count("pk", filter=Q(published=True)),
            actions_dropped=Count("pk", filter=Q(status=Action.Status.DROPPED)),
        )
    }
    for row in rows:
        row.update(MEETING_DEFAULTS | meetings.get(row["pk"], {}))
        row.update(ACTION_DEFAULTS | actions.get(row["pk"], {}))
        if not with_names:
            row["leader__person__name"] = row["mentor__person__name"] = ""
    return rows


MEETING_DEFAULTS: dict[str, Any] = {
    "held_count": 0,
    "last_held_at": None,
    "cancelled_count": 0,
    "leader_cancel_count": 0,
    "mentor_cancel_count": 0,
    "upcoming_count": 0,
}
ACTION_DEFAULTS: dict[str, Any] = {
    "overdue_count": 0,
    "actions_committed": 0,
    "actions_in_progress": 0,
    "actions_done": 0,
    "actions_published": 0,
    "actions_dropped": 0,
}


def assess(
    *,
    pair_id: int,
    program_id: int,
    leader_name: str,
    mentor_name: str,
    started_on: dt.date,
    cadence_days: int,
    held: int,
    last_held: dt.date | None,
    leader_cancellations: int,
    charter_signed: bool,
    overdue_actions: int,
    today: dt.date,
) -> PairHealth:
    """The rules, as a pure function of the facts (tested rule by rule)."""
    days_running = max(0, (today - started_on).days)
    expected = days_running // max(1, cadence_days)
    since = (today - (last_held or started_on)).days
    health = PairHealth(
        pair_id=pair_id,
        program_id=program_id,
        leader_name=leader_name,
        mentor_name=mentor_name,
        started_on=started_on,
        days_running=days_running,
        meetings_held=held,
        meetings_expected=expected,
        last_meeting_on=last_held,
        days_since_meeting=max(0, since),
        leader_cancellations=leader_cancellations,
        charter_signed=charter_signed,
        overdue_actions=overdue_actions,
    )
    risks: list[str] = []
    checkins: list[str] = []
    if since >= NO_MEETING_DAYS:
        risks.append(
            f"No meeting in {since} days"
            if last_held
            else f"No meeting held since the pair started {since} days ago"
        )
    if leader_cancellations >= LEADER_CANCELLATIONS:
        risks.append(f"The leader cancelled {leader_cancellations} meetings")
    behind = expected - held
    if behind >= 2:
        risks.append(f"{held} of {expected} expected meetings held")
    elif behind == 1 and days_running >= TOO_EARLY_DAYS:
        checkins.append(f"{held} of {expected} expected meetings held")
    if not charter_signed and days_running >= CHARTER_GRACE_DAYS:
        checkins.append(f"Charter not signed by both after {days_running} days")
    if overdue_actions:
        checkins.append(f"{overdue_actions} action{'s' if overdue_actions != 1 else ''} overdue")
    health.reasons = risks + checkins
    if risks:
        health.status = AT_RISK
    elif checkins:
        health.status = NEEDS_CHECKIN
    elif days_running < TOO_EARLY_DAYS:
        health.status = TOO_EARLY
        health.reasons = [f"Started {days_running} days ago"]
    else:
        health.status = ON_TRACK
        health.reasons = ["Meeting to cadence, charter signed, nothing overdue"]
    return health


def health_rows(
    pairs: list[dict[str, Any]], cadence: dict[int, int], today: dt.date
) -> list[PairHealth]:
    """Assess the active pairs among `pair_facts` rows, riskiest first."""
    rows: list[PairHealth] = []
    tz = timezone.get_current_timezone()
    for p in pairs:
        if p["status"] != Pair.Status.ACTIVE:
            continue
        last = p["last_held_at"]
        if isinstance(last, str):  # pragma: no cover - some SQLite builds return text
            last = dt.datetime.fromisoformat(last)
        if last is not None and timezone.is_naive(last):
            last = timezone.make_aware(last, dt.UTC)
        rows.append(
            assess(
                pair_id=p["pk"],
                program_id=p["program_id"],
                leader_name=p["leader__person__name"],
                mentor_name=p["mentor__person__name"],
                started_on=p["started_on"],
                cadence_days=cadence[p["program_id"]],
                held=p["held_count"],
                last_held=last.astimezone(tz).date() if last else None,
                leader_cancellations=p["leader_cancel_count"],
                charter_signed=bool(p["charter_signed"]),
                overdue_actions=p["overdue_count"],
                today=today,
            )
        )
    rows.sort(key=lambda h: (STATUS_RANK[h.status], -len(h.reasons), -h.days_since_meeting))
    return rows


def pair_health_for_program(*, program: Program, today: dt.date | None = None) -> list[PairHealth]:
    today = today or timezone.localdate()
    pairs = pair_facts(
        pairs=Pair.objects.filter(program=program, status=Pair.Status.ACTIVE), today=today
    )
    return health_rows(pairs, {program.pk: program.cadence_days}, today)


def pairs_at_risk(
    *, program: Program | None = None, today: dt.date | None = None
) -> list[PairHealth]:
    today = today or timezone.localdate()
    if program is not None:
        rows = pair_health_for_program(program=program, today=today)
    else:
        running = dict(
            Program.objects.filter(
                phase__in=[Program.Phase.ACTIVE, Program.Phase.CLOSING]
            ).values_list("pk", "cadence_days")
        )
        pairs = pair_facts(
            pairs=Pair.objects.filter(program_id__in=list(running), status=Pair.Status.ACTIVE),
            today=today,
        )
        rows = health_rows(pairs, running, today)
    return [h for h in rows if h.status == AT_RISK]


def health_summary(rows: list[PairHealth]) -> dict[str, int]:
    counts = {status: 0 for status in STATUS_LABELS}
    for h in rows:
        counts[h.status] += 1
    return counts
