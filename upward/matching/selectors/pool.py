"""The engine's input for a program: its ready participants (directory, intake, readiness),
the standing lock/forbid rules, and who is already paired (mentoring answers `ACTIVE_PAIRS`).

Engine ids are person ids ("p<person id>"), so that manager chains from the directory use the
same id space as leaders and mentors (rule 2 of MATCHING.md: outside the reporting line).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_noop

from upward import events
from upward.matching.events import ACTIVE_PAIRS, FORMER_PAIRS, FormerPair
from upward.matching.models import PairRule
from upward.people.selectors import manager_chain_ids
from upward.programs.catalog import DEFAULT_MATCHING_SETTINGS
from upward.programs.models import Participant, Program
from upward.programs.selectors import readiness_by_participant

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
    # Why each locked pair (engine ids) is locked, in words, for the review's "why" column.
    lock_reasons: dict[tuple[str, str], str] = field(default_factory=dict)
    # ... and the lock rule's source (PairRule.Source), to word it in the reader's language.
    lock_sources: dict[tuple[str, str], str] = field(default_factory=dict)


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
        "department": person.department.name if person.department else None,
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


def active_pairs(program: Program) -> list[tuple[int, int]]:
    """(leader, mentor) participant ids of the program's active pairs, as mentoring answers."""
    return [pair for answer in events.publish(ACTIVE_PAIRS, program=program) for pair in answer]


def former_pairs(program: Program) -> list[FormerPair]:
    """The program's pairs that are over, as mentoring answers."""
    return [pair for answer in events.publish(FORMER_PAIRS, program=program) for pair in answer]


def declined_new_partner(former: list[FormerPair], active: list[tuple[int, int]]) -> set[int]:
    """Participants who ended their pair early and did not ask for a new partner (and are in
    no pair now): a late-joiner run leaves them out until they ask. Their partner, who did not
    choose the ending, stays in the pool."""
    declined: set[int] = set()
    wishing: set[int] = set()
    for pair in former:
        for side, pid, wants in (
            ("leader", pair.leader_id, pair.leader_wants_new),
            ("mentor", pair.mentor_id, pair.mentor_wants_new),
        ):
            if wants:
                wishing.add(pid)
            elif pair.ended_early and pair.ended_by == side:
                declined.add(pid)
    busy = {pid for pair in active for pid in pair}
    return declined - wishing - busy


def build_pool(program: Program, *, settings_override: dict[str, Any] | None = None) -> Pool:
    """Opted-in participants with a submitted intake (and finished training when the program
    requires it). People already in an active pair are left out, and mentors bring only the
    capacity they have left, so late joiners never disturb existing pairs."""
    participants = list(
        Participant.objects.filter(program=program, status=Participant.Status.OPTED_IN)
        .select_related("person", "person__department", "intake")
        .prefetch_related("person__affinity_groups")
        .order_by("role", "person__name", "pk")
    )
    readiness = readiness_by_participant(program=program) if program.require_readiness else {}
    active = active_pairs(program)
    former = former_pairs(program)
    declined = declined_new_partner(former, active)
    paired_leaders = {leader_id for leader_id, _ in active}
    mentor_load = Counter(mentor_id for _, mentor_id in active)
    chains = manager_chain_ids(person_ids=[p.person_id for p in participants])
    pool = Pool(instance={})
    leaders: list[dict[str, Any]] = []
    mentors: list[dict[str, Any]] = []
    for p in participants:
        intake = getattr(p, "intake", None)
        reason = ""
        if intake is None or intake.submitted_at is None:
            reason = gettext_noop("intake not finished")
        elif program.require_readiness and not readiness.get(p.pk):
            reason = gettext_noop("readiness training not finished")
        elif p.role == Participant.Role.LEADER and p.pk in paired_leaders:
            continue  # already in a pair: not part of this round at all
        elif p.pk in declined:
            reason = gettext_noop("ended their pair early and has not asked for a new partner")
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
    # A pair that is over is never proposed again, and never locked: a lock is a review's (or a
    # consultation's) "keep these two in the next run", and once its pair has been published
    # and has ended, carrying it forward would bring the ended pair back.
    over = {(pair.leader_id, pair.mentor_id) for pair in former}
    participants_by_id = {p.pk: p for p in participants}
    locked: list[list[str]] = []
    forbidden: list[list[str]] = []
    for rule in rules:
        pair = [engine_id(rule.leader), engine_id(rule.mentor)]
        if pair[0] not in pool.by_engine_id or pair[1] not in pool.by_engine_id:
            continue
        if rule.kind == PairRule.Kind.LOCK and (rule.leader_id, rule.mentor_id) not in over:
            locked.append(pair)
            with translation.override("en"):  # stored with the run's English sentences
                pool.lock_reasons[(pair[0], pair[1])] = rule.reason_words
            pool.lock_sources[(pair[0], pair[1])] = rule.source
        elif rule.kind == PairRule.Kind.FORBID:
            forbidden.append(pair)
    for leader_id, mentor_id in sorted(over):
        leader, mentor = participants_by_id.get(leader_id), participants_by_id.get(mentor_id)
        if leader is None or mentor is None:
            continue
        pair = [engine_id(leader), engine_id(mentor)]
        if pair[0] in pool.by_engine_id and pair[1] in pool.by_engine_id and pair not in forbidden:
            forbidden.append(pair)
    pool.instance = {
        "version": 1,
        "settings": program_settings(program, settings_override),
        "leaders": leaders,
        "mentors": mentors,
        "locked": locked,
        "forbidden": forbidden,
    }
    return pool
