"""Pair health: is each pair on track? THE one engine, for every page and endpoint that shows it.

It serves the room list and a pair's health page (mentoring), the health board, the impact
dashboard and the home panel (insights), the at-risk nudges (notifications) and the API. It
reads dates, counts and statuses only (never notes, charter text or action titles), so it is
safe to show a coordinator. Callers pass pairs or programs they fetched through `upward.access`.

    pairs_health(*, pairs, today=None) -> dict[pair id, PairHealth]
        Any pairs, any status; three queries whatever the number of pairs.
    pair_health(*, pair, today=None) -> PairHealth
    programs_health(*, programs, today=None) -> list[PairHealth]
        The running (active) pairs of some programs, riskiest first; three queries.
    pairs_at_risk(*, programs=None, today=None) -> list[PairHealth]
        Running pairs whose status is "at risk", in the given programs or every running one.

The rules (each adds a plain-language reason; the worst one sets the status). They apply to
running pairs; a closed or ended pair is "not running" and has no reasons.
- too early: the pair started less than TOO_EARLY_DAYS ago and nothing below applies;
- at risk: no meeting held for NO_MEETING_DAYS (45) days or more (counted from the start when
  none was held yet);
- at risk: the leader cancelled LEADER_CANCELLATIONS (2) meetings or more;
- at risk / needs a check-in: two or more / one meeting behind the program's cadence;
- needs a check-in: the charter is not signed by both sides CHARTER_GRACE_DAYS (21) days after
  the start (a new pair gets three weeks to agree on it);
- needs a check-in: one or more actions are past their due date and not done or dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import BooleanField, Case, Count, Max, Min, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from upward.access import LEADER, MENTOR
from upward.memo import shared_cached
from upward.mentoring.models import Action, Charter, Meeting, Pair
from upward.programs.models import Program
from upward.queryshapes import QueryShape

TOO_EARLY_DAYS = 21
NO_MEETING_DAYS = 45
LEADER_CANCELLATIONS = 2
CHARTER_GRACE_DAYS = 21

ON_TRACK = "on_track"
NEEDS_CHECKIN = "needs_checkin"
AT_RISK = "at_risk"
TOO_EARLY = "too_early"
# Closed and ended pairs: kept for history, assessed by nobody.
NOT_RUNNING = "not_running"

# The statuses of a running pair, in the order the health board shows them (lazy: each reader
# gets them in their language; str() them for JSON).
STATUS_LABELS = {
    AT_RISK: gettext_lazy("At risk"),
    NEEDS_CHECKIN: gettext_lazy("Needs a check-in"),
    ON_TRACK: gettext_lazy("On track"),
    TOO_EARLY: gettext_lazy("Too early to tell"),
}
NOT_RUNNING_LABEL = gettext_lazy("Not running")
STATUS_BADGES = {AT_RISK: "risk", NEEDS_CHECKIN: "warn", ON_TRACK: "ok", TOO_EARLY: "muted"}
STATUS_RANK = {AT_RISK: 0, NEEDS_CHECKIN: 1, ON_TRACK: 2, TOO_EARLY: 3, NOT_RUNNING: 4}
RUNNING_PHASES = (Program.Phase.ACTIVE, Program.Phase.CLOSING)


@dataclass(eq=False)
class PairHealth:
    # Facts, read in three queries for any number of pairs.
    pair_id: int
    program_id: int
    pair_status: str
    started_on: dt.date
    ended_on: dt.date | None
    leader_id: int
    mentor_id: int
    leader_name: str
    mentor_name: str
    cadence_days: int
    charter_signed: bool
    meetings_held: int = 0
    meetings_scheduled: int = 0
    meetings_cancelled: int = 0
    leader_cancellations: int = 0
    mentor_cancellations: int = 0
    last_meeting_on: dt.date | None = None
    next_meeting_at: dt.datetime | None = None
    actions_committed: int = 0
    actions_open: int = 0
    actions_in_progress: int = 0
    actions_done: int = 0
    actions_dropped: int = 0
    actions_published: int = 0
    actions_overdue: int = 0
    # The assessment: what the rules make of the facts.
    days_running: int = 0
    meetings_expected: int = 0
    days_since_meeting: int = 0
    status: str = ON_TRACK
    reasons: list[str] = field(default_factory=list)

    @property
    def is_running(self) -> bool:
        return self.pair_status == Pair.Status.ACTIVE

    @property
    def label(self) -> str:
        return str(STATUS_LABELS.get(self.status, NOT_RUNNING_LABEL))

    @property
    def badge(self) -> str:
        return STATUS_BADGES.get(self.status, "muted")

    @property
    def flags(self) -> list[str]:
        """The reasons worth a coordinator's attention (none when on track or too early)."""
        return self.reasons if self.status in (AT_RISK, NEEDS_CHECKIN) else []

    @property
    def days_since_last_meeting(self) -> int | None:
        return self.days_since_meeting if self.last_meeting_on else None


def assess(health: PairHealth, *, today: dt.date) -> PairHealth:
    """Apply the rules to the facts (in place), as a pure function of them."""
    end = min(health.ended_on or today, today)
    health.days_running = max(0, (end - health.started_on).days)
    health.meetings_expected = health.days_running // max(1, health.cadence_days)
    since = (today - (health.last_meeting_on or health.started_on)).days
    health.days_since_meeting = max(0, since)
    if not health.is_running:
        health.status, health.reasons = NOT_RUNNING, []
        return health
    risks: list[str] = []
    checkins: list[str] = []
    if since >= NO_MEETING_DAYS:
        risks.append(
            ngettext("No meeting in %(n)d day", "No meeting in %(n)d days", since) % {"n": since}
            if health.last_meeting_on
            else ngettext(
                "No meeting held since the pair started %(n)d day ago",
                "No meeting held since the pair started %(n)d days ago",
                since,
            )
            % {"n": since}
        )
    if health.leader_cancellations >= LEADER_CANCELLATIONS:
        n = health.leader_cancellations
        risks.append(
            ngettext("The leader cancelled %(n)d meeting", "The leader cancelled %(n)d meetings", n)
            % {"n": n}
        )
    held, expected = health.meetings_held, health.meetings_expected
    behind = expected - held
    behind_text = ngettext(
        "%(held)d of %(expected)d expected meeting held",
        "%(held)d of %(expected)d expected meetings held",
        expected,
    ) % {"held": held, "expected": expected}
    if behind >= 2:
        risks.append(behind_text)
    elif behind == 1 and health.days_running >= TOO_EARLY_DAYS:
        checkins.append(behind_text)
    if not health.charter_signed and health.days_running >= CHARTER_GRACE_DAYS:
        checkins.append(
            _("Charter not signed by both after %(n)d days") % {"n": health.days_running}
        )
    overdue = health.actions_overdue
    if overdue:
        checkins.append(
            ngettext("%(n)d action overdue", "%(n)d actions overdue", overdue) % {"n": overdue}
        )
    if risks:
        health.status, health.reasons = AT_RISK, risks + checkins
    elif checkins:
        health.status, health.reasons = NEEDS_CHECKIN, checkins
    elif health.days_running < TOO_EARLY_DAYS:
        health.status = TOO_EARLY
        health.reasons = [
            ngettext("Started %(n)d day ago", "Started %(n)d days ago", health.days_running)
            % {"n": health.days_running}
        ]
    else:
        health.status = ON_TRACK
        health.reasons = [_("Meeting to cadence, charter signed, nothing overdue")]
    return health


def _aware(value: Any) -> dt.datetime | None:
    """An aggregated datetime as an aware datetime, whatever the database returned."""
    if value is None:
        return None
    if isinstance(value, str):  # pragma: no cover - some SQLite builds return text
        value = dt.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    assert isinstance(value, dt.datetime)
    return value


def pairs_health(
    *, pairs: QuerySet[Pair] | Iterable[Pair], today: dt.date | None = None, with_names: bool = True
) -> dict[int, PairHealth]:
    """The health of each pair (any status), keyed by pair id, in three queries.

    Meetings and actions are grouped by pair in one scan each and joined here: much cheaper than
    a correlated subquery per pair and fact (measured in benchmarks/bench_dashboards.py). The
    impact dashboard sums the same facts for its meeting and action totals, so one page scans
    meetings and actions once. `with_names=False` skips the join to people when no name is shown.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    if isinstance(pairs, QuerySet) and not pairs.query.is_sliced:
        scope = pairs.order_by()
    else:
        scope = Pair.objects.filter(pk__in=[p.pk for p in pairs])
    names = ("leader__person__name", "mentor__person__name") if with_names else ()
    rows = (
        scope.annotate(
            charter_is_signed=Case(
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
        .values_list(
            "pk",
            "program_id",
            "status",
            "started_on",
            "ended_on",
            "leader_id",
            "mentor_id",
            "program__cadence_days",
            "charter_is_signed",
            *names,
        )
    )
    ids = scope.values("pk")
    held = Q(status=Meeting.Status.HELD)
    cancelled = Q(status=Meeting.Status.CANCELLED)
    upcoming = Q(status=Meeting.Status.SCHEDULED, starts_at__gte=now)
    meetings = {
        row.pop("pair_id"): row
        for row in Meeting.objects.filter(pair_id__in=ids)
        .order_by()
        .values("pair_id")
        .annotate(
            meetings_held=Count("pk", filter=held),
            # A datetime, made a local date in Python: TruncDate would be cheaper on PostgreSQL
            # but runs a Python function per meeting on SQLite (measured: 4x the whole query).
            last_held_at=Max("starts_at", filter=held),
            meetings_cancelled=Count("pk", filter=cancelled),
            leader_cancellations=Count("pk", filter=cancelled & Q(cancelled_by_role=LEADER)),
            mentor_cancellations=Count("pk", filter=cancelled & Q(cancelled_by_role=MENTOR)),
            meetings_scheduled=Count("pk", filter=upcoming),
            next_meeting_at=Min("starts_at", filter=upcoming),
        )
    }
    open_action = Q(status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS])
    actions = {
        row.pop("pair_id"): row
        for row in Action.objects.filter(pair_id__in=ids)
        .order_by()
        .values("pair_id")
        .annotate(
            actions_committed=Count("pk", filter=~Q(status=Action.Status.DROPPED)),
            actions_open=Count("pk", filter=open_action),
            actions_in_progress=Count("pk", filter=Q(status=Action.Status.IN_PROGRESS)),
            actions_done=Count("pk", filter=Q(status=Action.Status.DONE)),
            actions_dropped=Count("pk", filter=Q(status=Action.Status.DROPPED)),
            actions_published=Count("pk", filter=Q(published=True)),
            actions_overdue=Count("pk", filter=open_action & Q(due_on__lt=today)),
        )
    }
    tz = timezone.get_current_timezone()
    out: dict[int, PairHealth] = {}
    for pk, program_id, status, started, ended, leader, mentor, cadence, signed, *who in rows:
        met = meetings.get(pk, {})
        last = _aware(met.pop("last_held_at", None))
        nxt = _aware(met.pop("next_meeting_at", None))
        health = PairHealth(
            pair_id=pk,
            program_id=program_id,
            pair_status=status,
            started_on=started,
            ended_on=ended,
            leader_id=leader,
            mentor_id=mentor,
            leader_name=who[0] if who else "",
            mentor_name=who[1] if who else "",
            cadence_days=cadence,
            charter_signed=bool(signed),
            last_meeting_on=last.astimezone(tz).date() if last else None,
            next_meeting_at=nxt,
            **met,
            **actions.get(pk, {}),
        )
        out[pk] = assess(health, today=today)
    return out


# One pair's rows, on every room page: composed once per connection (upward/queryshapes.py).
_PAIR_MEETINGS = QueryShape(
    lambda pk: (
        Meeting.objects.filter(pair_id=pk)
        .order_by()
        .values_list("status", "starts_at", "cancelled_by_role")
    )
)
_PAIR_ACTIONS = QueryShape(
    lambda pk: (
        Action.objects.filter(pair_id=pk).order_by().values_list("status", "due_on", "published")
    )
)
_PAIR_SIGNED_CHARTERS = QueryShape(
    lambda pk: (
        Charter.objects.filter(
            pair_id=pk, leader_signed_at__isnull=False, mentor_signed_at__isnull=False
        )
        .order_by()
        .values_list("pk", flat=True)[:1]
    )
)


def pair_health(*, pair: Pair, today: dt.date | None = None) -> PairHealth:
    """One pair's health (its room, the follow-up page, the pairs API): the facts of
    `pairs_health` and the same rules, counted in Python from the pair's own few rows. The
    grouped aggregates over every pair cost more to compose than one pair's rows cost to
    count (issue 16); test_health_single_pair.py holds the two to the same answers."""
    today = today or timezone.localdate()
    now = timezone.now()
    facts: dict[str, Any] = dict.fromkeys(
        (
            "meetings_held",
            "meetings_scheduled",
            "meetings_cancelled",
            "leader_cancellations",
            "mentor_cancellations",
            "actions_committed",
            "actions_open",
            "actions_in_progress",
            "actions_done",
            "actions_dropped",
            "actions_published",
            "actions_overdue",
        ),
        0,
    )
    last_held: dt.datetime | None = None
    next_at: dt.datetime | None = None
    for status, starts_at, cancelled_by in _PAIR_MEETINGS(pair.pk):
        if status == Meeting.Status.HELD:
            facts["meetings_held"] += 1
            last_held = starts_at if last_held is None else max(last_held, starts_at)
        elif status == Meeting.Status.CANCELLED:
            facts["meetings_cancelled"] += 1
            facts["leader_cancellations"] += cancelled_by == LEADER
            facts["mentor_cancellations"] += cancelled_by == MENTOR
        elif status == Meeting.Status.SCHEDULED and starts_at >= now:
            facts["meetings_scheduled"] += 1
            next_at = starts_at if next_at is None else min(next_at, starts_at)
    open_statuses = (Action.Status.PLANNED, Action.Status.IN_PROGRESS)
    for status, due_on, published in _PAIR_ACTIONS(pair.pk):
        facts["actions_committed"] += status != Action.Status.DROPPED
        facts["actions_open"] += status in open_statuses
        facts["actions_in_progress"] += status == Action.Status.IN_PROGRESS
        facts["actions_done"] += status == Action.Status.DONE
        facts["actions_dropped"] += status == Action.Status.DROPPED
        facts["actions_published"] += bool(published)
        facts["actions_overdue"] += (
            status in open_statuses and due_on is not None and due_on < today
        )
    signed = bool(_PAIR_SIGNED_CHARTERS(pair.pk))
    tz = timezone.get_current_timezone()
    last = _aware(last_held)
    health = PairHealth(
        pair_id=pair.pk,
        program_id=pair.program_id,
        pair_status=pair.status,
        started_on=pair.started_on,
        ended_on=pair.ended_on,
        leader_id=pair.leader_id,
        mentor_id=pair.mentor_id,
        leader_name=_loaded_name(pair, "leader"),
        mentor_name=_loaded_name(pair, "mentor"),
        cadence_days=pair.program.cadence_days,
        charter_signed=signed,
        last_meeting_on=last.astimezone(tz).date() if last else None,
        next_meeting_at=_aware(next_at),
        **facts,
    )
    return assess(health, today=today)


def _loaded_name(pair: Pair, side: str) -> str:
    """A member's name when the pair came with its people (as the room's does); no query."""
    field = Pair._meta.get_field(side)
    if not field.is_cached(pair):  # type: ignore[union-attr]
        return ""
    participant = getattr(pair, side)
    person_field = type(participant)._meta.get_field("person")
    if not person_field.is_cached(participant):  # type: ignore[union-attr]
        return ""
    return str(participant.person.name)


def riskiest_first(rows: Iterable[PairHealth]) -> list[PairHealth]:
    return sorted(
        rows, key=lambda h: (STATUS_RANK[h.status], -len(h.reasons), -h.days_since_meeting)
    )


def programs_health(
    *, programs: Iterable[Program] | QuerySet[Program], today: dt.date | None = None
) -> list[PairHealth]:
    """The running pairs of these programs, riskiest first (the health board's rows)."""
    if isinstance(programs, QuerySet):
        program_ids: Any = programs.values("pk")
    else:
        program_ids = [p.pk for p in programs]
    if today is not None or settings.HEALTH_CACHE_SECONDS <= 0:
        return _running_pairs_health(program_ids, today=today)
    # The same rows for everyone allowed to see them (access was checked before this call): a
    # pass over every pair's meetings and actions, made once a minute per set of programs
    # instead of on every health board, health API call and coordinator's home (issue 16).
    # Keyed by what changes the rows' text: the day, the language, the time zone.
    if isinstance(programs, QuerySet):
        program_ids = list(program_ids.values_list("pk", flat=True))
    today = timezone.localdate()
    key = ":".join(
        (
            "mentoring.health.v1",
            ",".join(map(str, sorted(program_ids))),
            str(today),
            get_language() or "",
            timezone.get_current_timezone_name(),
        )
    )
    # Unpickled once per process while the shared entry lasts (upward/memo.py); a copy of the
    # list, so a caller may filter or sort it (the rows themselves are read only).
    return list(
        shared_cached(
            key,
            settings.HEALTH_CACHE_SECONDS,
            lambda: _running_pairs_health(program_ids, today=today),
        )
    )


def _running_pairs_health(program_ids: Any, *, today: dt.date | None) -> list[PairHealth]:
    pairs = Pair.objects.filter(program_id__in=program_ids, status=Pair.Status.ACTIVE)
    return riskiest_first(pairs_health(pairs=pairs, today=today).values())


def pairs_at_risk(
    *, programs: Iterable[Program] | QuerySet[Program] | None = None, today: dt.date | None = None
) -> list[PairHealth]:
    if programs is None:
        programs = Program.objects.filter(phase__in=RUNNING_PHASES)
    return [h for h in programs_health(programs=programs, today=today) if h.status == AT_RISK]


def health_summary(rows: Iterable[PairHealth]) -> dict[str, int]:
    """How many running pairs have each status."""
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for h in rows:
        if h.status in counts:
            counts[h.status] += 1
    return counts


# --- a pair's meetings, for its room ------------------------------------------------------------


# A pair's scheduled meetings, past ones too: "from now on" is a time, and only ids are swapped
# into a shape's SQL (upward/queryshapes.py). A pair has few; the split by now is made below.
_SCHEDULED = QueryShape(
    lambda pk: Meeting.objects.filter(pair_id=pk, status=Meeting.Status.SCHEDULED).order_by(
        "starts_at", "pk"
    )
)


@dataclass(frozen=True)
class ScheduledMeetings:
    next: Meeting | None  # the first still to come
    awaiting: list[Meeting]  # past ones still marked scheduled: to mark held or cancelled


def scheduled_meetings(*, pair: Pair) -> ScheduledMeetings:
    """The pair's next meeting and the past ones awaiting an outcome, from one read."""
    now = timezone.now()
    rows = _SCHEDULED(pair.pk)
    return ScheduledMeetings(
        next=next((m for m in rows if m.starts_at >= now), None),
        awaiting=[m for m in rows if m.starts_at < now],
    )


def next_meeting(*, pair: Pair) -> Meeting | None:
    return scheduled_meetings(pair=pair).next


def last_planned_meeting(meetings: Iterable[Meeting]) -> Meeting | None:
    """Of a pair's meetings, the latest that is not cancelled (held or still to come): a new
    series continues after it."""
    planned = [m for m in meetings if m.status != Meeting.Status.CANCELLED]
    return max(planned, key=lambda m: (m.starts_at, m.pk)) if planned else None


def meetings_awaiting_outcome(*, pair: Pair) -> list[Meeting]:
    """Past meetings still marked scheduled: the pair should mark them held or cancelled."""
    return scheduled_meetings(pair=pair).awaiting
