"""Writes of a match run's life: start (a background task builds the pool, solves, saves the
proposals), what-if previews, publish (pairs and introductions), discard."""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from upward import events
from upward.access import require_manage
from upward.audit.services import declare, record
from upward.engine import InstanceError, Naming, render, solve
from upward.engine.instance import CRITERIA, OBJECTIVES
from upward.errors import ServiceError
from upward.matching import reasons, tasks
from upward.matching.events import MATCH_RUN_PUBLISHED, PublishedPair
from upward.matching.models import MatchRun, PairRule, ProposedPair, UnmatchedEntry
from upward.matching.selectors.pool import Pool, active_pairs, build_pool
from upward.matching.selectors.runs import active_or_queued, publish_warnings
from upward.matching.services.common import EDITABLE, notify, require_editable
from upward.matching.services.heartbeat import Heartbeat, RunStopped
from upward.people.models import User
from upward.programs.models import Participant, Program
from upward.programs.services import program_transition

logger = logging.getLogger(__name__)

Status = MatchRun.Status
Response = ProposedPair.Response
MATCH_RUN_PUBLISH = declare("match_run.published", "Match run published")
RUNNABLE_PHASES = {Program.Phase.MATCHING, Program.Phase.ACTIVE}


def clean_settings_override(raw: dict[str, Any]) -> dict[str, Any]:
    """Validate a weights/objective override (what-if, API); errors name the field."""
    out: dict[str, Any] = {}
    if "objective" in raw and raw["objective"] not in (None, ""):
        if raw["objective"] not in OBJECTIVES:
            raise ServiceError(
                _("objective must be one of %(objectives)s.")
                % {"objectives": ", ".join(OBJECTIVES)},
                field="objective",
                status=422,
            )
        out["objective"] = raw["objective"]
    weights = raw.get("weights")
    if weights:
        if not isinstance(weights, dict):
            raise ServiceError(
                _("weights must map criteria to numbers."), field="weights", status=422
            )
        clean: dict[str, float] = {}
        for key, value in weights.items():
            if key not in CRITERIA:
                raise ServiceError(
                    _("Unknown criterion %(criterion)s.") % {"criterion": repr(key)},
                    field=f"weights.{key}",
                    status=422,
                )
            try:
                number = float(value)
            except (TypeError, ValueError, OverflowError):
                number = math.nan
            if not math.isfinite(number):
                raise ServiceError(_("must be a number."), field=f"weights.{key}", status=422)
            if number < 0:
                raise ServiceError(_("must be 0 or more."), field=f"weights.{key}", status=422)
            clean[key] = number
        total = sum(clean.values())
        if total <= 0:
            raise ServiceError(
                _("At least one weight must be above 0."), field="weights", status=422
            )
        out["weights"] = {k: round(v / total, 4) for k, v in clean.items()}
    return out


@transaction.atomic
def run_start(
    *, actor: User, program: Program, settings_override: dict[str, Any] | None = None
) -> MatchRun:
    """Queue a match run; the page polls its progress. Locks and forbids apply automatically."""
    require_manage(actor=actor, program=program)
    override = clean_settings_override(settings_override or {})
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.phase not in RUNNABLE_PHASES:
        raise ServiceError(
            _("Matching starts once the program is in the matching phase (intake closed)."),
            field="program",
            status=409,
        )
    if active_or_queued(program) is not None:
        raise ServiceError(
            _("A run for this program is already in progress."), field="program", status=409
        )
    number = (MatchRun.objects.filter(program=program).aggregate(n=Max("number"))["n"] or 0) + 1
    run = MatchRun.objects.create(
        program=program,
        number=number,
        created_by=actor,
        settings=override,
        # Pairs exist (or existed: everyone may have ended): only people without one are matched.
        late_joiners=program.phase == Program.Phase.ACTIVE or bool(active_pairs(program)),
    )
    transaction.on_commit(lambda: tasks.match_run_task.enqueue(run.pk))
    return run


class _ProgressWriter:
    """Writes progress to the run's row at most a few times a second (polling reads it), and
    stops the run (RunStopped) once it is no longer this worker's (cancelled, or recovered)."""

    STAGES = {"scoring": (0.1, 0.8), "explaining": (0.85, 0.95)}

    def __init__(self, run_id: int, heartbeat: Heartbeat) -> None:
        self.run_id = run_id
        self.heartbeat = heartbeat
        self.last = 0.0

    def set(self, value: float, stage: str, *, force: bool = False) -> None:
        if self.heartbeat.lost:
            raise RunStopped
        now = time.monotonic()
        if not force and now - self.last < 0.25:
            return
        self.last = now
        updated = MatchRun.objects.filter(pk=self.run_id, status=Status.RUNNING).update(
            progress=value, stage=stage, heartbeat_at=timezone.now()
        )
        if not updated:
            raise RunStopped

    def __call__(self, stage: str, done: int, total: int) -> None:
        low, high = self.STAGES.get(stage, (0.1, 0.9))
        fraction = done / total if total else 1.0
        self.set(low + (high - low) * fraction, stage)


def _fail(run_id: int, error: str) -> None:
    # Only a run still running is failed here: a cancel's reason is not overwritten.
    MatchRun.objects.filter(pk=run_id, status=Status.RUNNING).update(
        status=Status.FAILED, error=error, finished_at=timezone.now(), stage="failed"
    )


def run_execute(*, run_id: int) -> MatchRun:
    """The body of the background task: build, solve, persist. Never leaves a run 'running':
    an error fails it here, and a killed worker's run is found by its stale heartbeat
    (services/recovery.py)."""
    run = MatchRun.objects.select_related("program").get(pk=run_id)
    now = timezone.now()
    claimed = MatchRun.objects.filter(pk=run.pk, status=Status.QUEUED).update(
        status=Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        progress=0.02,
        stage="preparing",
    )
    if not claimed:  # cancelled, or another worker has it
        run.refresh_from_db()
        return run
    pool = Pool(instance={})
    try:
        with Heartbeat(run.pk) as heartbeat:
            writer = _ProgressWriter(run.pk, heartbeat)
            pool = build_pool(run.program, settings_override=run.settings or None)
            if not MatchRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(
                instance=pool.instance, excluded=pool.excluded, progress=0.08, stage="scoring"
            ):
                raise RunStopped
            if not pool.instance["leaders"] or not pool.instance["mentors"]:
                raise InstanceError(
                    [
                        gettext_noop(
                            "nobody to match: the pool needs at least one ready leader and one "
                            "ready mentor"
                        )
                    ]
                )
            result = solve(pool.instance, progress=writer)
            writer.set(0.96, "saving", force=True)
            _persist(run, pool, result)
    except RunStopped:
        logger.info("match run %s stopped: it is no longer this worker's", run.pk)
    except InstanceError as exc:
        _fail(run.pk, "\n".join(reasons.problems(exc, _naming(pool))))
    except Exception:  # a bug must not leave the page polling forever; it is logged, not hidden
        logger.exception("match run %s failed", run.pk)
        _fail(
            run.pk,
            gettext_noop("The matching engine stopped with an internal error; it has been logged."),
        )
    run.refresh_from_db()
    return run


def _naming(pool: Pool) -> Naming:
    return reasons.naming({eid: p.person.name for eid, p in pool.by_engine_id.items()})


@transaction.atomic
def _persist(run: MatchRun, pool: Pool, result: dict[str, Any]) -> None:
    # Locked, so a cancel or the scheduler's recovery cannot slip in between check and write.
    if not MatchRun.objects.select_for_update().filter(pk=run.pk, status=Status.RUNNING).exists():
        raise RunStopped
    words = _naming(pool)
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
                reasons=reasons.sentences(
                    item["reasons"],
                    words,
                    locked_because=pool.lock_reasons.get((item["leader"], item["mentor"]), ""),
                ),
                explanation=reasons.explained(
                    item["reasons"],
                    locked_by=pool.lock_sources.get((item["leader"], item["mentor"]), ""),
                ),
                locked=(item["leader"], item["mentor"]) in locked,
            )
            for item in result["pairs"]
        ]
    )
    UnmatchedEntry.objects.bulk_create(
        [
            UnmatchedEntry(
                run=run,
                participant=pool.by_engine_id[item["id"]],
                reason=render(item["reason"], words),
                explanation=item["reason"],
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


def _solve_with(instance: dict[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
    """Run the engine synchronously on a stored instance with other settings (what-if)."""
    data = {**instance, "settings": {**instance.get("settings", {}), **settings}}
    return solve(data)


@dataclass
class Preview:
    """A what-if: the settings it was solved with and the engine's result."""

    settings: dict[str, Any]
    result: dict[str, Any]


def run_preview(*, actor: User, run: MatchRun, settings_override: dict[str, Any]) -> Preview:
    """What-if: solve this run's pool again with other settings, synchronously, saving nothing."""
    require_manage(actor=actor, program=run.program)
    if not run.is_finished or not run.instance:
        raise ServiceError(
            _("the run has not finished building its pool yet"), field="run", status=409
        )
    override = clean_settings_override(settings_override)
    try:
        result = _solve_with(run.instance, override)
    except InstanceError as exc:
        raise ServiceError("; ".join(exc.problems), field="run", status=409) from None
    return Preview(settings={**run.instance.get("settings", {}), **override}, result=result)


def _settle_unanswered(run: MatchRun) -> None:
    """Record silence as what it was: no answer, which counts as yes (see ProposedPair)."""
    for side in ("leader", "mentor"):
        run.proposals.filter(**{f"{side}_response": Response.PENDING}).update(
            **{f"{side}_response": Response.NO_ANSWER}
        )


@transaction.atomic
def run_publish(*, actor: User, run: MatchRun, confirm: bool = False) -> list[PublishedPair]:
    """Turn the run's proposals into active pairs and introduce them. Declined proposals are left
    out; unanswered ones count as accepted (the consultation told people so)."""
    require_manage(actor=actor, program=run.program)
    run = MatchRun.objects.select_for_update().select_related("program").get(pk=run.pk)
    require_editable(run)
    if run.program.phase not in RUNNABLE_PHASES:
        raise ServiceError(
            _("Only a program in matching or active phase publishes."), field="run", status=409
        )
    warnings = publish_warnings(run)
    if warnings and not confirm:
        raise ServiceError(
            _("Please confirm: %(warnings)s") % {"warnings": " ".join(warnings)},
            field="confirm",
            status=409,
            warnings=warnings,
        )
    _settle_unanswered(run)
    proposals = [
        proposal
        for proposal in run.proposals.select_related("leader__person", "mentor__person")
        if not proposal.declined
        # Someone who withdrew after the run is not paired.
        and proposal.leader.status == Participant.Status.OPTED_IN
        and proposal.mentor.status == Participant.Status.OPTED_IN
    ]
    # Mentoring creates the pairs (it sits above matching), skipping leaders paired meanwhile.
    created: list[PublishedPair] = [
        pair
        for answer in events.publish(
            MATCH_RUN_PUBLISHED,
            run=run,
            proposals=proposals,
            started_on=timezone.localdate(),
        )
        for pair in answer
    ]
    # A lock keeps a pair through the re-runs before publishing; once published it has done its
    # job. Kept, it would bring the pair back in a later run after it ended.
    for pair in created:
        PairRule.objects.filter(
            program=run.program,
            leader_id=pair.leader.pk,
            mentor_id=pair.mentor.pk,
            kind=PairRule.Kind.LOCK,
        ).delete()
    run.status = Status.PUBLISHED
    run.published_at = timezone.now()
    run.published_by = actor
    run.save(update_fields=["status", "published_at", "published_by"])
    record(
        actor,
        MATCH_RUN_PUBLISH,
        target=f"Match run #{run.pk}",
        program_id=run.program_id,
        details={"pairs_created": len(created), "proposals": len(proposals)},
    )
    # Other unpublished runs are now out of date.
    MatchRun.objects.filter(program=run.program, status__in=list(EDITABLE)).exclude(
        pk=run.pk
    ).update(status=Status.DISCARDED)
    if run.program.phase == Program.Phase.MATCHING and created:
        program_transition(
            actor=actor,
            program=run.program,
            to_phase=Program.Phase.ACTIVE,
            note=f"Published match run {run.number} ({len(created)} pairs).",
            confirm=True,
        )
    transaction.on_commit(lambda: _introduce(created))
    return created


def _introduce(pairs: list[PublishedPair]) -> None:
    for pair in pairs:
        link = f"{django_settings.SITE_URL}/pairs/{pair.pk}/"
        for me, partner in ((pair.leader, pair.mentor), (pair.mentor, pair.leader)):
            notify(
                me.person,
                gettext_lazy("Meet your reverse-mentoring partner: %(name)s"),
                {"name": partner.person.name},
                "matching/email/introduction.txt",
                {"me": me, "partner": partner, "pair": pair, "link": link},
            )


@transaction.atomic
def run_discard(*, actor: User, run: MatchRun) -> MatchRun:
    require_manage(actor=actor, program=run.program)
    if run.status not in EDITABLE and run.status != Status.FAILED:
        raise ServiceError(_("Only an unpublished run can be discarded."), field="run", status=409)
    run.status = Status.DISCARDED
    run.save(update_fields=["status"])
    return run
