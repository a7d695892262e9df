"""Match runs in the app: build the engine's input from a program's participants, call the engine
(with a progress callback writing to the run's row), and store what it proposed.

Engine ids are person ids ("p<person id>"), so that manager chains from the directory use the
same id space as leaders and mentors (rule 2 of MATCHING.md: outside the reporting line).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from upward.engine import InstanceError, solve
from upward.matching.models import MatchRun, PairRule, ProposedPair, UnmatchedEntry
from upward.people.selectors import manager_chain_ids
from upward.programs.catalog import DEFAULT_MATCHING_SETTINGS
from upward.programs.models import Participant, Program, Topic
from upward.programs.selectors import readiness_by_participant

logger = logging.getLogger(__name__)

SENSITIVE_OPT_IN_LEVEL = 2  # a sensitive topic a mentor chose to discuss counts as "quite" able


def engine_id(participant: Participant) -> str:
    return f"p{participant.person_id}"


def program_settings(program: Program, override: dict[str, Any] | None = None) -> dict[str, Any]:
    settings: dict[str, Any] = {**DEFAULT_MATCHING_SETTINGS, **(program.matching_settings or {})}
    settings.update(override or {})
    return settings


@dataclass
class Pool:
    """The engine input plus what the app needs to map results back."""

    instance: dict[str, Any]
    by_engine_id: dict[str, Participant] = field(default_factory=dict)
    excluded: list[dict[str, Any]] = field(default_factory=list)


def _person_entry(p: Participant, chains: dict[int, list[int]]) -> dict[str, Any]:
    intake = p.intake
    person = p.person
    topics = {slug: int(level) for slug, level in (intake.topics or {}).items() if level}
    if p.role == Participant.Role.MENTOR:
        # Sensitive topics only when the mentor opted in; "will not represent" always wins.
        for slug in intake.sensitive_topics or []:
            topics[slug] = max(topics.get(slug, 0), SENSITIVE_OPT_IN_LEVEL)
        for slug in intake.not_represent or []:
            topics.pop(slug, None)
        text = intake.strengths
    else:
        text = f"{intake.goals}\n{intake.will_do}".strip()
    entry: dict[str, Any] = {
        "id": engine_id(p),
        "department": person.department.name if person.department_id else None,  # type: ignore[union-attr]
        "manager_chain": [f"p{pid}" for pid in chains.get(person.pk, [])],
        "languages": list(intake.languages or person.languages or []),
        "topics": topics,
        "interests": [i.lower() for i in intake.interests or []],
        "affinity_groups": sorted(g.name for g in person.affinity_groups.all()),
        "text": text,
    }
    if person.level is not None:
        entry["level"] = person.level
    if intake.style and len(intake.style) == 3:
        entry["style"] = [float(v) for v in intake.style]
    return entry


def build_pool(program: Program, *, settings_override: dict[str, Any] | None = None) -> Pool:
    """Opted-in participants with a submitted intake (and finished training when the program
    requires it). People already in an active pair are left out, and mentors bring only the
    capacity they have left, so late joiners never disturb existing pairs."""
    from upward.mentoring.models import Pair

    participants = list(
        Participant.objects.filter(program=program, status=Participant.Status.OPTED_IN)
        .select_related("person", "person__department", "intake")
        .prefetch_related("person__affinity_groups")
        .order_by("role", "person__name", "pk")
    )
    readiness = readiness_by_participant(program=program) if program.require_readiness else {}
    active = Pair.objects.filter(program=program, status=Pair.Status.ACTIVE)
    paired_leaders = set(active.values_list("leader_id", flat=True))
    mentor_load = dict(
        active.values_list("mentor_id").annotate(n=Count("pk")).values_list("mentor_id", "n")
    )
    chains = manager_chain_ids(person_ids=[p.person_id for p in participants])
    pool = Pool(instance={})
    leaders: list[dict[str, Any]] = []
    mentors: list[dict[str, Any]] = []
    for p in participants:
        intake = getattr(p, "intake", None)
        reason = ""
        if intake is None or intake.submitted_at is None:
            reason = "intake not finished"
        elif program.require_readiness and not readiness.get(p.pk):
            reason = "readiness training not finished"
        elif p.role == Participant.Role.LEADER and p.pk in paired_leaders:
            continue  # already in a pair: not part of this round at all
        if reason:
            pool.excluded.append(
                {"participant": p.pk, "name": p.person.name, "role": p.role, "reason": reason}
            )
            continue
        entry = _person_entry(p, chains)
        if p.role == Participant.Role.MENTOR:
            left = max(0, p.capacity - mentor_load.get(p.pk, 0))
            if left == 0 and mentor_load.get(p.pk):
                continue  # full with existing pairs
            entry["capacity"] = left
            mentors.append(entry)
        else:
            leaders.append(entry)
        pool.by_engine_id[entry["id"]] = p
    rules = PairRule.objects.filter(program=program).select_related("leader", "mentor")
    locked: list[list[str]] = []
    forbidden: list[list[str]] = []
    for rule in rules:
        pair = [engine_id(rule.leader), engine_id(rule.mentor)]
        if pair[0] not in pool.by_engine_id or pair[1] not in pool.by_engine_id:
            continue
        (locked if rule.kind == PairRule.Kind.LOCK else forbidden).append(pair)
    pool.instance = {
        "version": 1,
        "settings": program_settings(program, settings_override),
        "leaders": leaders,
        "mentors": mentors,
        "locked": locked,
        "forbidden": forbidden,
    }
    return pool


def humanizer(instance: dict[str, Any], names: dict[str, str]) -> Callable[[str], str]:
    """Turn engine sentences ("p12 can teach ai-tools") into names people recognise."""
    topic_names = dict(Topic.objects.values_list("slug", "name"))
    slugs = sorted(
        {
            s
            for side in ("leaders", "mentors")
            for e in instance.get(side, [])
            for s in e.get("topics", {})
        },
        key=len,
        reverse=True,
    )
    slug_re = (
        re.compile(r"(?<![\w-])(" + "|".join(re.escape(s) for s in slugs) + r")(?![\w-])")
        if slugs
        else None
    )
    id_re = re.compile(r"\bp(\d+)\b")

    def human(sentence: str) -> str:
        sentence = id_re.sub(lambda m: names.get(m.group(0), m.group(0)), sentence)
        if slug_re is not None:
            sentence = slug_re.sub(lambda m: topic_names.get(m.group(1), m.group(1)), sentence)
        return sentence.replace("min_score", "the minimum score")

    return human


class _ProgressWriter:
    """Writes progress to the run's row at most a few times a second (polling reads it)."""

    STAGES = {"scoring": (0.1, 0.8), "explaining": (0.85, 0.95)}

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.last = 0.0

    def set(self, value: float, stage: str, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < 0.25:
            return
        self.last = now
        MatchRun.objects.filter(pk=self.run_id).update(progress=value, stage=stage)

    def __call__(self, stage: str, done: int, total: int) -> None:
        low, high = self.STAGES.get(stage, (0.1, 0.9))
        fraction = done / total if total else 1.0
        self.set(low + (high - low) * fraction, stage)


def run_execute(*, run_id: int) -> MatchRun:
    """The body of the background task: build, solve, persist. Never leaves a run 'running'."""
    run = MatchRun.objects.select_related("program").get(pk=run_id)
    if run.status != MatchRun.Status.QUEUED:
        return run
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.RUNNING, started_at=timezone.now(), progress=0.02, stage="preparing"
    )
    writer = _ProgressWriter(run.pk)
    pool = Pool(instance={})
    try:
        pool = build_pool(run.program, settings_override=run.settings or None)
        MatchRun.objects.filter(pk=run.pk).update(
            instance=pool.instance, excluded=pool.excluded, progress=0.08, stage="scoring"
        )
        if not pool.instance["leaders"] or not pool.instance["mentors"]:
            raise InstanceError(
                ["nobody to match: the pool needs at least one ready leader and one ready mentor"]
            )
        result = solve(pool.instance, progress=writer)
        writer.set(0.96, "saving", force=True)
        _persist(run, pool, result)
    except InstanceError as exc:
        names = {eid: p.person.name for eid, p in pool.by_engine_id.items()}
        human = humanizer(pool.instance, names)
        MatchRun.objects.filter(pk=run.pk).update(
            status=MatchRun.Status.FAILED,
            error="\n".join(human(p) for p in exc.problems),
            finished_at=timezone.now(),
            stage="failed",
        )
    except Exception:  # a bug must not leave the page polling forever; it is logged, not hidden
        logger.exception("match run %s failed", run.pk)
        MatchRun.objects.filter(pk=run.pk).update(
            status=MatchRun.Status.FAILED,
            error="The matching engine stopped with an internal error; it has been logged.",
            finished_at=timezone.now(),
            stage="failed",
        )
    run.refresh_from_db()
    return run


@transaction.atomic
def _persist(run: MatchRun, pool: Pool, result: dict[str, Any]) -> None:
    names = {eid: p.person.name for eid, p in pool.by_engine_id.items()}
    human = humanizer(pool.instance, names)
    locked = {tuple(pair) for pair in pool.instance.get("locked", [])}
    ProposedPair.objects.filter(run=run).delete()
    UnmatchedEntry.objects.filter(run=run).delete()
    ProposedPair.objects.bulk_create(
        [
            ProposedPair(
                run=run,
                leader=pool.by_engine_id[item["leader"]],
                mentor=pool.by_engine_id[item["mentor"]],
                score=float(item["score"]),
                breakdown=item.get("breakdown", {}),
                reasons=[human(r) for r in item.get("reasons", [])],
                locked=(item["leader"], item["mentor"]) in locked,
            )
            for item in result["pairs"]
        ]
    )
    UnmatchedEntry.objects.bulk_create(
        [
            UnmatchedEntry(
                run=run, participant=pool.by_engine_id[item["id"]], reason=human(item["reason"])
            )
            for key in ("unmatched_leaders", "unmatched_mentors")
            for item in result[key]
        ]
    )
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.DONE,
        stats=result.get("stats", {}),
        progress=1.0,
        stage="done",
        finished_at=timezone.now(),
    )


def solve_preview(instance: dict[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
    """Run the engine synchronously on a stored instance with other settings (what-if)."""
    data = {**instance, "settings": {**instance.get("settings", {}), **settings}}
    return solve(data)


def active_or_queued(program: Program) -> MatchRun | None:
    return (
        MatchRun.objects.filter(program=program)
        .filter(Q(status=MatchRun.Status.QUEUED) | Q(status=MatchRun.Status.RUNNING))
        .first()
    )
