"""The numbers on a program's impact dashboard, its exports, its report and the metrics API.

`program_metrics(program=..., cohort_month=None)` returns aggregates only, with every survey
figure suppressed below the program's anonymity threshold. It runs a fixed number of queries
(about fifteen) whatever the size of the program; tests assert the count.

The cohort filter (the month pairs started) narrows pairs, meetings, actions, health and survey
trends; participation counts and behaviour change stay program-wide.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone, translation

from upward.feedback.models import SurveyAssignment
from upward.feedback.selectors.results import ConstructTrend, construct_trends
from upward.humane import percent
from upward.insights.models import BehaviourChange
from upward.memo import shared_cached
from upward.mentoring.models import Pair
from upward.mentoring.selectors.health import PairHealth, health_summary, pairs_health
from upward.people.models import Person
from upward.programs.models import Participant, Program


@dataclass
class Funnel:
    stage: str
    leaders: int
    mentors: int


@dataclass
class Retention:
    period_start: dt.date | None
    period_end: dt.date
    levels: list[int]
    participants: int
    participants_left: int
    participants_rate: float | None
    others: int
    others_left: int
    others_rate: float | None
    suppressed: bool


@dataclass
class ProgramMetrics:
    program_id: int
    program_name: str
    phase: str
    cohort: str | None
    cohorts: list[str]
    anonymity_threshold: int
    generated_on: dt.date
    funnel: list[Funnel]
    pairs: dict[str, int]
    meetings: dict[str, Any]
    actions: dict[str, int]
    behaviour_change: dict[str, int]
    behaviour_change_recent: list[dict[str, Any]]
    survey_trends: list[ConstructTrend]
    survey_response_rates: list[dict[str, Any]]
    retention: Retention
    health: dict[str, int] = field(default_factory=dict)
    # Each pair's facts, for the objectives measured per pair (pairs that met N times): kept
    # out of `as_dict`, which answers the metrics API with aggregates only.
    facts: list[PairHealth] = field(default_factory=list, repr=False)

    @property
    def behaviour_change_total(self) -> int:
        return sum(self.behaviour_change.values())

    def as_dict(self) -> dict[str, Any]:
        out = asdict(replace(self, facts=[]))
        out.pop("facts")
        return out


def cohort_label(month: dt.date | None) -> str | None:
    return f"{month:%Y-%m}" if month else None


def _pairs(program: Program, cohort_month: dt.date | None) -> QuerySet[Pair]:
    qs = Pair.objects.filter(program=program)
    if cohort_month is not None:
        nxt = (cohort_month + dt.timedelta(days=32)).replace(day=1)
        qs = qs.filter(started_on__gte=cohort_month, started_on__lt=nxt)
    return qs


def _funnel(program: Program, facts: list[PairHealth]) -> tuple[list[Funnel], dict[str, int]]:
    counts = {
        row["role"]: row
        for row in Participant.objects.filter(program=program)
        .values("role")
        .annotate(
            invited=Count("pk"),
            # Withdrawn people who had consented did opt in; they count here and drop out later.
            opted=Count(
                "pk",
                filter=Q(status=Participant.Status.OPTED_IN)
                | Q(status=Participant.Status.WITHDRAWN, consented_at__isnull=False),
            ),
        )
        .order_by()
    }

    def total(role: str, key: str) -> int:
        return int(counts.get(role, {}).get(key, 0))

    staying = [f for f in facts if f.pair_status != Pair.Status.ENDED]
    funnel = [
        # English names, like every figure here (cached for all readers, exported, the API);
        # pages show them in the reader's language (`insights.charts.STAGES`).
        Funnel("Invited", total("leader", "invited"), total("mentor", "invited")),
        Funnel("Opted in", total("leader", "opted"), total("mentor", "opted")),
        Funnel(
            "Paired",
            len({f.leader_id for f in facts}),
            len({f.mentor_id for f in facts}),
        ),
        Funnel(
            "Still paired or completed",
            len({f.leader_id for f in staying}),
            len({f.mentor_id for f in staying}),
        ),
    ]
    by_status = Counter(f.pair_status for f in facts)
    pairs_out = {
        "total": len(facts),
        "active": by_status[Pair.Status.ACTIVE],
        "closed": by_status[Pair.Status.CLOSED],
        "ended": by_status[Pair.Status.ENDED],
    }
    return funnel, pairs_out


def _meetings(facts: list[PairHealth]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "held": sum(f.meetings_held for f in facts),
        "cancelled": sum(f.meetings_cancelled for f in facts),
        "cancelled_by_leader": sum(f.leader_cancellations for f in facts),
        "cancelled_by_mentor": sum(f.mentor_cancellations for f in facts),
        "upcoming": sum(f.meetings_scheduled for f in facts),
    }
    # Each pair is expected to meet at the program's cadence while it runs (to its end if ended).
    # Adherence is the share of those expected meetings that were held: a pair meeting more
    # often than its cadence (unscheduled extra meetings included) counts as on cadence, never
    # as more than 100%, and cannot make up for another pair that did not meet.
    expected = sum(f.meetings_expected for f in facts)
    out["expected"] = expected
    out["held_of_expected"] = sum(min(f.meetings_held, f.meetings_expected) for f in facts)
    out["adherence_pct"] = percent(out["held_of_expected"], expected)
    return out


def _actions(facts: list[PairHealth]) -> dict[str, int]:
    return {
        "committed": sum(f.actions_committed for f in facts),
        "in_progress": sum(f.actions_in_progress for f in facts),
        "done": sum(f.actions_done for f in facts),
        "published": sum(f.actions_published for f in facts),
        "dropped": sum(f.actions_dropped for f in facts),
    }


def _behaviour(program: Program) -> tuple[dict[str, int], list[dict[str, Any]]]:
    counts = {kind.value: 0 for kind in BehaviourChange.Kind}
    for row in (
        BehaviourChange.objects.filter(program=program)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[row["kind"]] = row["n"]
    with translation.override("en"):  # cached for every reader: pages show their own words
        labels = {kind: str(label) for kind, label in BehaviourChange.Kind.choices}
    recent = [
        {"kind": kind, "kind_label": labels.get(kind, kind), "title": title, "happened_on": day}
        for kind, title, day in BehaviourChange.objects.filter(program=program).values_list(
            "kind", "title", "happened_on"
        )[:10]
    ]
    return counts, recent


def _response_rates(program: Program, cohort_month: dt.date | None) -> list[dict[str, Any]]:
    qs = SurveyAssignment.objects.filter(survey__program=program)
    if cohort_month is not None:
        nxt = (cohort_month + dt.timedelta(days=32)).replace(day=1)
        qs = qs.filter(pair__started_on__gte=cohort_month, pair__started_on__lt=nxt)
    rows = (
        qs.values("survey_id", "survey__title", "survey__kind", "survey__audience")
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=Q(status=SurveyAssignment.Status.COMPLETED)),
        )
        .order_by("survey__kind", "survey__audience")
    )
    return [
        {
            "survey_id": r["survey_id"],
            "title": r["survey__title"],
            "kind": r["survey__kind"],
            "audience": r["survey__audience"],
            "asked": r["asked"],
            "answered": r["answered"],
            "rate_pct": percent(r["answered"], r["asked"]),
        }
        for r in rows
    ]


def _retention(program: Program, today: dt.date) -> Retention:
    """Juniors who mentored in the program against colleagues of the same levels who did not.

    Both groups: people employed at the program's start (hired by then, not yet left); the
    share still employed at the end of the period (today, or the program's end if earlier).
    """
    start = (
        program.starts_on
        or Pair.objects.filter(program=program)
        .order_by("started_on")
        .values_list("started_on", flat=True)
        .first()
    )
    end = min(program.ends_on or today, today)
    threshold = program.anonymity_threshold
    empty = Retention(start, end, [], 0, 0, None, 0, 0, None, True)
    if start is None:
        return empty
    mentor_ids = (
        Participant.objects.filter(program=program, role=Participant.Role.MENTOR)
        .exclude(
            status__in=[
                Participant.Status.INVITED,
                Participant.Status.APPLIED,
                Participant.Status.DECLINED,
            ]
        )
        .values("person_id")
    )
    employed_at_start = (Q(hire_date__isnull=True) | Q(hire_date__lte=start)) & (
        Q(left_on__isnull=True) | Q(left_on__gte=start)
    )
    left_in_period = Q(left_on__gte=start, left_on__lte=end)
    levels = sorted(
        {
            lvl
            for lvl in Person.objects.filter(pk__in=mentor_ids)
            .order_by()
            .values_list("level", flat=True)
            .distinct()
            if lvl is not None
        }
    )
    if not levels:
        return empty
    mine = Person.objects.filter(employed_at_start, pk__in=mentor_ids).aggregate(
        n=Count("pk"), left=Count("pk", filter=left_in_period)
    )
    others = (
        Person.objects.filter(employed_at_start, level__in=levels)
        .exclude(participations__program=program)
        .aggregate(n=Count("pk"), left=Count("pk", filter=left_in_period))
    )

    def rate(group: dict[str, int]) -> float | None:
        return round(100 * (group["n"] - group["left"]) / group["n"], 1) if group["n"] else None

    suppressed = mine["n"] < threshold
    return Retention(
        period_start=start,
        period_end=end,
        levels=levels,
        participants=mine["n"],
        participants_left=0 if suppressed else mine["left"],
        participants_rate=None if suppressed else rate(mine),
        others=others["n"],
        others_left=others["left"],
        others_rate=rate(others),
        suppressed=suppressed,
    )


def program_cohorts(program: Program) -> list[str]:
    months = {
        f"{d:%Y-%m}"
        for d in Pair.objects.filter(program=program)
        .order_by()
        .values_list("started_on", flat=True)
        .distinct()
    }
    return sorted(months)


def program_metrics(
    *,
    program: Program,
    cohort_month: dt.date | None = None,
    today: dt.date | None = None,
) -> ProgramMetrics:
    if today is None and settings.INSIGHTS_CACHE_SECONDS > 0:
        # Today's figures are the same for everyone allowed to see them (access was checked
        # before this call) and cost a pass over every pair: computed once a minute per
        # program and cohort, not per request. The key holds what changes what may be shown
        # (the anonymity threshold, the phase), so such a change shows at once.
        shown = f"{program.anonymity_threshold}|{program.phase}|{program.name}"
        key = ":".join(
            (
                "insights.metrics.v1",
                str(program.pk),
                str(cohort_month or "all"),
                str(timezone.localdate()),
                hashlib.sha256(shown.encode()).hexdigest()[:16],
            )
        )
        # Unpickled once per process while the shared entry lasts (upward/memo.py).
        return shared_cached(
            key,
            settings.INSIGHTS_CACHE_SECONDS,
            lambda: program_metrics(
                program=program, cohort_month=cohort_month, today=timezone.localdate()
            ),
        )
    today = today or timezone.localdate()
    # One pass over the program's pairs, meetings and actions feeds the funnel, the totals and
    # the health counts alike (the pair-health engine, mentoring.selectors.health).
    facts = list(
        pairs_health(pairs=_pairs(program, cohort_month), today=today, with_names=False).values()
    )
    funnel, pair_counts = _funnel(program, facts)
    changes, recent = _behaviour(program)
    return ProgramMetrics(
        program_id=program.pk,
        program_name=program.name,
        phase=program.phase,
        cohort=cohort_label(cohort_month),
        cohorts=program_cohorts(program),
        anonymity_threshold=program.anonymity_threshold,
        generated_on=today,
        funnel=funnel,
        pairs=pair_counts,
        meetings=_meetings(facts),
        actions=_actions(facts),
        behaviour_change=changes,
        behaviour_change_recent=recent,
        survey_trends=construct_trends(program=program, cohort_month=cohort_month),
        survey_response_rates=_response_rates(program, cohort_month),
        retention=_retention(program, today),
        health=health_summary(facts),
        facts=facts,
    )
