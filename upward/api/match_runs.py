"""/api/v1/programs/{id}/match-runs: start a run, read its progress and results, review it (lock,
forbid, swap), preview other weights (what-if), consult participants, publish.

Run endpoints are for the program's coordinators and org admins; for anyone else, the sponsor
included, the run does not exist (404). Runs are background tasks, so starting one answers 202
at once and the client polls the run for `status` and `progress`.
/api/v1/programs/{id}/proposals/... are for consulted participants: they see and answer only
their own proposals.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils.translation import gettext
from ninja import Field, Router, Schema
from ninja.responses import Status

from upward.access import AnyUser, AuthedRequest, program_for
from upward.api.errors import field_error
from upward.matching import services
from upward.matching.models import MatchRun, ProposedPair
from upward.matching.selectors import (
    partner_summary,
    preview_kept,
    preview_pairs,
    proposals_for_participant,
    proposals_of,
    proposals_rescored,
    rules_for,
    run_get,
    side_of,
)

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


class RuleOut(Schema):
    kind: str = Field(..., description="'lock' (kept together) or 'forbid' (never together).")
    leader: int
    leader_name: str
    mentor: int
    mentor_name: str
    source: str = Field(..., description="'coordinator', 'consultation' or 'exit'.")
    reason: str = Field(..., description="Why, in words ('ended by no-fault exit').")


class RunOut(Schema):
    id: int
    number: int
    status: str
    progress: float
    stage: str
    attempts: int = Field(..., description="How many times a worker started it.")
    heartbeat_at: dt.datetime | None = Field(
        None, description="When its worker was last heard from (while running)."
    )
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
    # The program's standing rules every run keeps (with why, in words).
    rules: list[RuleOut] | None = None


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
        attempts=run.attempts,
        heartbeat_at=run.heartbeat_at,
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
        out.rules = [
            RuleOut(
                kind=rule.kind,
                leader=rule.leader_id,
                leader_name=rule.leader.person.name,
                mentor=rule.mentor_id,
                mentor_name=rule.mentor.person.name,
                source=rule.source,
                reason=rule.reason_words,
            )
            for rule in rules_for(run.program)
        ]
    return out


def _run(request: AuthedRequest, program_id: int, run_id: int) -> MatchRun:
    program = program_for(user=request.user, program_id=program_id, manage=True)
    return run_get(user=request.user, pk=run_id, program=program)


@router.get("/{program_id}/match-runs", response=list[RunOut], summary="Runs of a program")
def list_runs(request: AuthedRequest, program_id: int) -> list[RunOut]:
    program = program_for(user=request.user, program_id=program_id, manage=True)
    return [_run_out(r, full=False) for r in MatchRun.objects.filter(program=program)]


class RunIn(Schema):
    objective: str | None = None
    weights: dict[str, float] | None = None


@router.post(
    "/{program_id}/match-runs",
    response={202: RunOut},
    summary="Start a run in the background (locks and forbids apply); poll it for progress",
)
def start_run(request: AuthedRequest, program_id: int, payload: RunIn | None = None) -> Status:
    program = program_for(user=request.user, program_id=program_id, manage=True)
    override = payload.dict(exclude_none=True) if payload else {}
    run = services.run_start(actor=request.user, program=program, settings_override=override)
    run.refresh_from_db()
    return Status(202, _run_out(run, full=True))


@router.get(
    "/{program_id}/match-runs/{run_id}",
    response=RunOut,
    summary="A run's progress and, once finished, its pairs (score 0-100, reasons) and unmatched",
)
def get_run(request: AuthedRequest, program_id: int, run_id: int) -> RunOut:
    return _run_out(_run(request, program_id, run_id), full=True)


class ProposalAction(Schema):
    action: str = Field(..., description="lock, unlock or forbid")


@router.post(
    "/{program_id}/match-runs/{run_id}/pairs/{proposal_id}",
    response=RunOut,
    summary="Lock, unlock or forbid a proposed pair",
)
def act_on_pair(
    request: AuthedRequest, program_id: int, run_id: int, proposal_id: int, payload: ProposalAction
) -> RunOut:
    run = _run(request, program_id, run_id)
    proposal = run.proposals.filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404(
            gettext("No proposed pair %(proposal)d in run %(run)d.")
            % {"proposal": proposal_id, "run": run_id}
        )
    if payload.action not in {"lock", "unlock", "forbid"}:
        raise field_error(
            "action",
            gettext("one of %(choices)s") % {"choices": "lock, unlock, forbid"},
            status=422,
        )
    if payload.action == "forbid":
        services.proposal_forbid(actor=request.user, proposal=proposal)
    else:
        services.proposal_lock(
            actor=request.user, proposal=proposal, locked=payload.action == "lock"
        )
    run.refresh_from_db()
    return _run_out(run, full=True)


@router.post(
    "/{program_id}/match-runs/{run_id}/cancel",
    response=RunOut,
    summary="Cancel a queued or running run (a stuck one too): it fails, naming who cancelled it",
)
def cancel(request: AuthedRequest, program_id: int, run_id: int) -> RunOut:
    run = services.run_cancel(actor=request.user, run=_run(request, program_id, run_id))
    return _run_out(run, full=False)


@router.post(
    "/{program_id}/match-runs/{run_id}/discard",
    response=RunOut,
    summary="Discard an unpublished or failed run",
)
def discard(request: AuthedRequest, program_id: int, run_id: int) -> RunOut:
    run = services.run_discard(actor=request.user, run=_run(request, program_id, run_id))
    return _run_out(run, full=False)


class PublishIn(Schema):
    confirm: bool = False


class PublishOut(Schema):
    pairs: list[int]


@router.post(
    "/{program_id}/match-runs/{run_id}/publish",
    response=PublishOut,
    summary="Publish: proposals become active pairs and both people are introduced",
)
def publish(request: AuthedRequest, program_id: int, run_id: int, payload: PublishIn) -> PublishOut:
    run = _run(request, program_id, run_id)
    pairs = services.run_publish(actor=request.user, run=run, confirm=payload.confirm)
    return PublishOut(pairs=[p.pk for p in pairs])


class SwapIn(Schema):
    first: int = Field(..., description="Id of one proposed pair of this run.")
    second: int = Field(..., description="Id of another proposed pair of this run.")


@router.post(
    "/{program_id}/match-runs/{run_id}/swap",
    response=RunOut,
    summary="Exchange the mentors of two proposed pairs (both are re-scored and locked)",
)
def swap(request: AuthedRequest, program_id: int, run_id: int, payload: SwapIn) -> RunOut:
    run = _run(request, program_id, run_id)
    pairs = {p.pk: p for p in run.proposals.filter(pk__in=[payload.first, payload.second])}
    for name in ("first", "second"):
        if getattr(payload, name) not in pairs:
            raise field_error(
                name,
                gettext("no proposed pair %(proposal)s in run %(run)d")
                % {"proposal": getattr(payload, name), "run": run_id},
                status=422,
            )
    if payload.first == payload.second:
        raise field_error("second", gettext("choose a different pair than first"), status=422)
    services.proposal_swap(
        actor=request.user, first=pairs[payload.first], second=pairs[payload.second]
    )
    run.refresh_from_db()
    return _run_out(run, full=True)


class ConsultationIn(Schema):
    deadline: dt.date = Field(
        ...,
        description=(
            "Last day to answer. Starts the consultation on a finished run, or extends an open "
            "one (a later date). Unanswered proposals count as accepted after it."
        ),
    )


@router.post(
    "/{program_id}/match-runs/{run_id}/consultation",
    response=RunOut,
    summary="Send proposals for consultation, or extend the deadline of an open consultation",
)
def consult(
    request: AuthedRequest, program_id: int, run_id: int, payload: ConsultationIn
) -> RunOut:
    run = _run(request, program_id, run_id)
    if run.status == MatchRun.Status.CONSULTING:
        services.consultation_extend(actor=request.user, run=run, deadline=payload.deadline)
    else:
        services.consultation_start(actor=request.user, run=run, deadline=payload.deadline)
    run.refresh_from_db()
    return _run_out(run, full=True)


class Totals(Schema):
    pairs: int
    total: int = Field(..., description="Sum of pair scores, each 0-100.")
    min: int | None


class PreviewPairOut(Schema):
    leader: int
    leader_name: str
    mentor: int
    mentor_name: str
    score: int = Field(..., description="0-100.")
    reasons: list[str]
    changed: bool = Field(..., description="This leader has another mentor (or none) in the run.")


class WhatIfOut(Schema):
    settings: dict[str, Any]
    pairs: list[PreviewPairOut]
    totals: Totals
    current: Totals = Field(
        ...,
        description="The run's own pairs, scored with the what-if weights like the preview, so "
        "the two totals differ only by who is paired with whom.",
    )
    changed: int = Field(..., description="Leaders whose mentor would change.")


@router.post(
    "/{program_id}/match-runs/{run_id}/what-if",
    response=WhatIfOut,
    summary="Preview the pairs and totals with other weights or objective; nothing is saved",
)
def what_if(request: AuthedRequest, program_id: int, run_id: int, payload: RunIn) -> WhatIfOut:
    run = _run(request, program_id, run_id)
    whatif = services.run_preview(
        actor=request.user, run=run, settings_override=payload.dict(exclude_none=True)
    )
    preview = preview_pairs(run, whatif.result)
    current = {p.leader_id: p for p in run.proposals.all()}
    previewed = {p.leader for p in preview}

    def totals(scores: list[float]) -> Totals:
        return Totals(
            pairs=len(scores),
            total=round(sum(scores) * 100),
            min=round(min(scores) * 100) if scores else None,
        )

    rows = [
        PreviewPairOut(
            leader=p.leader,
            leader_name=p.leader_name,
            mentor=p.mentor,
            mentor_name=p.mentor_name,
            score=round(p.score * 100),
            reasons=p.reasons,
            changed=p.leader not in current or current[p.leader].mentor_id != p.mentor,
        )
        for p in preview
    ]
    changed = sum(1 for r in rows if r.changed) + sum(1 for pk in current if pk not in previewed)
    return WhatIfOut(
        settings=whatif.settings,
        pairs=rows,
        totals=totals([p.score for p in preview]),
        current=totals(
            [
                score
                for _, score in proposals_rescored(
                    run, whatif.settings["weights"], preview_kept(preview)
                )
            ]
        ),
        changed=changed,
    )


# --- consulted participants ---------------------------------------------------------------------


class PartnerOut(Schema):
    name: str
    role: str
    title: str
    department: str | None
    location: str
    topics: list[str] = Field(..., description="What they can share (mentor) or want to learn.")
    languages: list[str]
    interests: list[str]
    preferred_channel: str
    availability: str
    in_their_words: str


class MyProposalOut(Schema):
    id: int
    run: int
    side: str = Field(..., description="leader or mentor: the side you answer for.")
    deadline: dt.date | None
    answer: str = Field(
        ..., description="pending, accepted, declined, or no_answer once the deadline passed."
    )
    open: bool = Field(..., description="Whether you can still answer.")
    partner: PartnerOut
    reasons: list[str]


def _my_proposal_out(proposal: ProposedPair, user: AnyUser) -> MyProposalOut:
    side = side_of(proposal, user)
    partner = proposal.mentor if side == "leader" else proposal.leader
    summary = partner_summary(partner)
    intake = summary.intake
    answer = proposal.answer_of(side)
    words = ""
    if intake is not None:
        words = intake.goals if partner.role == "leader" else intake.strengths
    return MyProposalOut(
        id=proposal.pk,
        run=proposal.run_id,
        side=side,
        deadline=proposal.run.consultation_deadline,
        answer=answer,
        open=answer == ProposedPair.Response.PENDING,
        partner=PartnerOut(
            name=partner.person.name,
            role=partner.role,
            title=partner.person.title,
            department=partner.person.department.name if partner.person.department else None,
            location=partner.person.location,
            topics=summary.topics,
            languages=list(intake.languages or []) if intake else [],
            interests=list(intake.interests or []) if intake else [],
            preferred_channel=intake.preferred_channel if intake else "",
            availability=intake.availability if intake else "",
            in_their_words=words,
        ),
        reasons=proposal.reasons,
    )


@router.get(
    "/{program_id}/proposals/mine",
    response=list[MyProposalOut],
    summary="Proposals you are asked to answer in this program (during its consultation)",
)
def my_proposals(request: AuthedRequest, program_id: int) -> list[MyProposalOut]:
    proposals = proposals_for_participant(user=request.user).filter(run__program_id=program_id)
    return [_my_proposal_out(p, request.user) for p in proposals]


class AnswerIn(Schema):
    answer: str = Field(..., description="accept, or another (ask for another partner).")
    note: str = Field("", max_length=500, description="For the coordinator only, never shown.")


@router.post(
    "/{program_id}/proposals/{proposal_id}/answer",
    response=MyProposalOut,
    summary="Accept your proposed partner or ask for another (before the deadline)",
)
def answer_proposal(
    request: AuthedRequest, program_id: int, proposal_id: int, payload: AnswerIn
) -> MyProposalOut:
    proposal = (
        proposals_for_participant(user=request.user)
        .filter(run__program_id=program_id, pk=proposal_id)
        .first()
    )
    if proposal is None:
        raise Http404(
            gettext("No proposal %(proposal)d of yours in program %(program)d.")
            % {"proposal": proposal_id, "program": program_id}
        )
    if payload.answer not in {"accept", "another"}:
        raise field_error(
            "answer", gettext("one of %(choices)s") % {"choices": "accept, another"}, status=422
        )
    services.proposal_respond(
        actor=request.user,
        proposal=proposal,
        accept=payload.answer == "accept",
        note=payload.note,
    )
    proposal.refresh_from_db()
    return _my_proposal_out(proposal, request.user)
