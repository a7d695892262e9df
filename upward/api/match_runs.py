"""/api/v1/programs/{id}/match-runs: start a run, read its progress and results, publish.

Only the program's coordinators and org admins; runs are background tasks, so starting one
answers 202 at once and the client polls the run for `status` and `progress`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from upward.api.errors import ApiError, field_error
from upward.api.programs import _get
from upward.matching import services
from upward.matching.models import MatchRun, ProposedPair
from upward.matching.selectors import proposals_of
from upward.matching.services import MatchingError

router = Router(tags=["match runs"])


class ProposalOut(Schema):
    id: int
    leader: int = Field(..., description="Participant id of the leader.")
    leader_name: str
    mentor: int
    mentor_name: str
    score: int = Field(..., description="0-100.")
    breakdown: dict[str, float]
    reasons: list[str]
    locked: bool
    leader_response: str
    mentor_response: str


class UnmatchedOut(Schema):
    participant: int
    name: str
    role: str
    reason: str


class RunOut(Schema):
    id: int
    number: int
    status: str
    progress: float
    stage: str
    late_joiners: bool
    settings: dict[str, Any]
    stats: dict[str, Any]
    error: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    consultation_deadline: dt.date | None
    pairs: list[ProposalOut] | None = None
    unmatched: list[UnmatchedOut] | None = None
    excluded: list[dict[str, Any]] | None = None


def _proposal_out(p: ProposedPair) -> ProposalOut:
    return ProposalOut(
        id=p.pk,
        leader=p.leader_id,
        leader_name=p.leader.person.name,
        mentor=p.mentor_id,
        mentor_name=p.mentor.person.name,
        score=p.percent,
        breakdown=p.breakdown,
        reasons=p.reasons,
        locked=p.locked,
        leader_response=p.leader_response,
        mentor_response=p.mentor_response,
    )


def _run_out(run: MatchRun, *, full: bool) -> RunOut:
    out = RunOut(
        id=run.pk,
        number=run.number,
        status=run.status,
        progress=round(run.progress, 3),
        stage=run.stage,
        late_joiners=run.late_joiners,
        settings=run.settings,
        stats=run.stats,
        error=run.error,
        created_at=run.created_at,
        finished_at=run.finished_at,
        consultation_deadline=run.consultation_deadline,
    )
    if full and run.is_finished:
        out.pairs = [_proposal_out(p) for p in proposals_of(run=run)]
        out.unmatched = [
            UnmatchedOut(
                participant=u.participant_id,
                name=u.participant.person.name,
                role=u.participant.role,
                reason=u.reason,
            )
            for u in run.unmatched.select_related("participant__person")
        ]
        out.excluded = run.excluded
    return out


def _run(request: HttpRequest, program_id: int, run_id: int) -> MatchRun:
    program, _ = _get(request, program_id, manage=True)
    run = MatchRun.objects.filter(program=program, pk=run_id).first()
    if run is None:
        raise Http404(f"No match run {run_id} in program {program_id}.")
    return run


def _raise(exc: MatchingError) -> ApiError:
    if exc.warnings:
        return ApiError(
            exc.message,
            status=409,
            errors=[{"field": "confirm", "message": w} for w in exc.warnings],
        )
    return field_error(exc.field or "body", exc.message, status=409)


@router.get("/{program_id}/match-runs", response=list[RunOut], summary="Runs of a program")
def list_runs(request: HttpRequest, program_id: int) -> list[RunOut]:
    program, _ = _get(request, program_id, manage=True)
    return [_run_out(r, full=False) for r in MatchRun.objects.filter(program=program)]


class RunIn(Schema):
    objective: str | None = None
    weights: dict[str, float] | None = None


@router.post(
    "/{program_id}/match-runs",
    response={202: RunOut},
    summary="Start a run in the background (locks and forbids apply); poll it for progress",
)
def start_run(request: HttpRequest, program_id: int, payload: RunIn | None = None) -> Status:
    program, _ = _get(request, program_id, manage=True)
    override = payload.dict(exclude_none=True) if payload else {}
    try:
        services.clean_settings_override(override)
    except MatchingError as exc:
        raise field_error(exc.field, exc.message, status=422) from None
    try:
        run = services.run_start(
            actor=request.user,  # type: ignore[arg-type]
            program=program,
            settings_override=override,
        )
    except MatchingError as exc:
        raise _raise(exc) from None
    run.refresh_from_db()
    return Status(202, _run_out(run, full=True))


@router.get(
    "/{program_id}/match-runs/{run_id}",
    response=RunOut,
    summary="A run's progress and, once finished, its pairs (score 0-100, reasons) and unmatched",
)
def get_run(request: HttpRequest, program_id: int, run_id: int) -> RunOut:
    return _run_out(_run(request, program_id, run_id), full=True)


class ProposalAction(Schema):
    action: str = Field(..., description="lock, unlock or forbid")


@router.post(
    "/{program_id}/match-runs/{run_id}/pairs/{proposal_id}",
    response=RunOut,
    summary="Lock, unlock or forbid a proposed pair",
)
def act_on_pair(
    request: HttpRequest, program_id: int, run_id: int, proposal_id: int, payload: ProposalAction
) -> RunOut:
    run = _run(request, program_id, run_id)
    proposal = run.proposals.filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404(f"No proposed pair {proposal_id} in run {run_id}.")
    if payload.action not in {"lock", "unlock", "forbid"}:
        raise field_error("action", "one of lock, unlock, forbid", status=422)
    try:
        if payload.action == "forbid":
            services.proposal_forbid(actor=request.user, proposal=proposal)  # type: ignore[arg-type]
        else:
            services.proposal_lock(
                actor=request.user,  # type: ignore[arg-type]
                proposal=proposal,
                locked=payload.action == "lock",
            )
    except MatchingError as exc:
        raise _raise(exc) from None
    run.refresh_from_db()
    return _run_out(run, full=True)


class PublishIn(Schema):
    confirm: bool = False


class PublishOut(Schema):
    pairs: list[int]


@router.post(
    "/{program_id}/match-runs/{run_id}/publish",
    response=PublishOut,
    summary="Publish: proposals become active pairs and both people are introduced",
)
def publish(request: HttpRequest, program_id: int, run_id: int, payload: PublishIn) -> PublishOut:
    run = _run(request, program_id, run_id)
    try:
        pairs = services.run_publish(
            actor=request.user,  # type: ignore[arg-type]
            run=run,
            confirm=payload.confirm,
        )
    except MatchingError as exc:
        raise _raise(exc) from None
    return PublishOut(pairs=[p.pk for p in pairs])
