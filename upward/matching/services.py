"""Writes around match runs: start and re-run, lock/forbid/swap, consultation, publish."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.utils import timezone

from upward.access import require_manage
from upward.engine import InstanceError, solve
from upward.engine.instance import CRITERIA, OBJECTIVES
from upward.errors import ServiceError
from upward.matching.models import MatchRun, PairRule, ProposedPair, UnmatchedEntry
from upward.matching.runs import active_or_queued, engine_id, humanizer, solve_preview
from upward.matching.tasks import match_run_task
from upward.people.models import User
from upward.programs.models import Participant, Program
from upward.programs.services import program_transition

Status = MatchRun.Status
Response = ProposedPair.Response
RUNNABLE_PHASES = {Program.Phase.MATCHING, Program.Phase.ACTIVE}
EDITABLE = {Status.DONE, Status.CONSULTING}


# The old name, kept while `upward.api.programs` still imports it; raise ServiceError.
MatchingError = ServiceError


def clean_settings_override(raw: dict[str, Any]) -> dict[str, Any]:
    """Validate a weights/objective override (what-if, API); errors name the field."""
    out: dict[str, Any] = {}
    if "objective" in raw and raw["objective"] not in (None, ""):
        if raw["objective"] not in OBJECTIVES:
            raise ServiceError(
                f"objective must be one of {', '.join(OBJECTIVES)}.",
                field="objective",
                status=422,
            )
        out["objective"] = raw["objective"]
    weights = raw.get("weights")
    if weights:
        if not isinstance(weights, dict):
            raise ServiceError("weights must map criteria to numbers.", field="weights", status=422)
        clean: dict[str, float] = {}
        for key, value in weights.items():
            if key not in CRITERIA:
                raise ServiceError(
                    f"Unknown criterion {key!r}.", field=f"weights.{key}", status=422
                )
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise ServiceError(
                    "must be a number.", field=f"weights.{key}", status=422
                ) from None
            if number < 0:
                raise ServiceError("must be 0 or more.", field=f"weights.{key}", status=422)
            clean[key] = number
        total = sum(clean.values())
        if total <= 0:
            raise ServiceError("At least one weight must be above 0.", field="weights", status=422)
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
            "Matching starts once the program is in the matching phase (intake closed).",
            field="program",
            status=409,
        )
    if active_or_queued(program) is not None:
        raise ServiceError(
            "A run for this program is already in progress.", field="program", status=409
        )
    number = (MatchRun.objects.filter(program=program).aggregate(n=Max("number"))["n"] or 0) + 1
    from upward.mentoring.models import Pair

    run = MatchRun.objects.create(
        program=program,
        number=number,
        created_by=actor,
        settings=override,
        late_joiners=Pair.objects.filter(program=program, status=Pair.Status.ACTIVE).exists(),
    )
    transaction.on_commit(lambda: match_run_task.enqueue(run.pk))
    return run


def _editable(run: MatchRun) -> None:
    if run.status not in EDITABLE:
        raise ServiceError(
            f"This run is {run.get_status_display().lower()}; start a new run to change it.",
            field="run",
            status=409,
        )


def _set_rule(
    *,
    program: Program,
    leader: Participant,
    mentor: Participant,
    kind: str,
    actor: User | None,
    source: str = PairRule.Source.COORDINATOR,
) -> PairRule:
    rule, _ = PairRule.objects.update_or_create(
        program=program,
        leader=leader,
        mentor=mentor,
        defaults={"kind": kind, "created_by": actor, "source": source},
    )
    return rule


@transaction.atomic
def proposal_lock(*, actor: User, proposal: ProposedPair, locked: bool = True) -> ProposedPair:
    """Keep this pair in every later run (or release it)."""
    program = proposal.run.program
    require_manage(actor=actor, program=program)
    _editable(proposal.run)
    if locked:
        # One lock per leader: a new lock replaces an older one for the same leader.
        PairRule.objects.filter(
            program=program, leader=proposal.leader, kind=PairRule.Kind.LOCK
        ).exclude(mentor=proposal.mentor).delete()
        _set_rule(
            program=program,
            leader=proposal.leader,
            mentor=proposal.mentor,
            kind=PairRule.Kind.LOCK,
            actor=actor,
        )
    else:
        PairRule.objects.filter(
            program=program,
            leader=proposal.leader,
            mentor=proposal.mentor,
            kind=PairRule.Kind.LOCK,
        ).delete()
    proposal.locked = locked
    proposal.save(update_fields=["locked"])
    return proposal


@transaction.atomic
def proposal_forbid(
    *, actor: User, proposal: ProposedPair, source: str = PairRule.Source.COORDINATOR
) -> None:
    """Never propose these two together again; both wait for the next run."""
    run = proposal.run
    require_manage(actor=actor, program=run.program)
    _editable(run)
    _set_rule(
        program=run.program,
        leader=proposal.leader,
        mentor=proposal.mentor,
        kind=PairRule.Kind.FORBID,
        actor=actor,
        source=source,
    )
    why = (
        "asked for another match"
        if source == PairRule.Source.CONSULTATION
        else "pair forbidden by the coordinator"
    )
    for person in (proposal.leader, proposal.mentor):
        UnmatchedEntry.objects.create(run=run, participant=person, reason=f"{why}; re-run to match")
    proposal.delete()
    _refresh_stats(run)


def _pair_preview(run: MatchRun, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Score given pairs exactly as the engine would, by solving them as locked pairs."""
    instance = run.instance
    wanted_l = {p[0] for p in pairs}
    wanted_m = {p[1] for p in pairs}
    data = {
        "version": 1,
        "settings": instance.get("settings", {}),
        "leaders": [e for e in instance.get("leaders", []) if e["id"] in wanted_l],
        "mentors": [
            {**e, "capacity": max(1, sum(1 for p in pairs if p[1] == e["id"]))}
            for e in instance.get("mentors", [])
            if e["id"] in wanted_m
        ],
        "locked": [list(p) for p in pairs],
    }
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
            "the run has not finished building its pool yet", field="run", status=409
        )
    override = clean_settings_override(settings_override)
    try:
        result = solve_preview(run.instance, override)
    except InstanceError as exc:
        raise ServiceError("; ".join(exc.problems), field="run", status=409) from None
    return Preview(settings={**run.instance.get("settings", {}), **override}, result=result)


@transaction.atomic
def proposal_swap(*, actor: User, first: ProposedPair, second: ProposedPair) -> None:
    """Exchange the mentors of two proposals; both new pairs are scored and locked."""
    run = first.run
    require_manage(actor=actor, program=run.program)
    _editable(run)
    if second.run_id != run.pk or first.pk == second.pk:
        raise ServiceError(
            "Choose two different pairs of the same run.", field="second", status=409
        )
    pairs = [
        (engine_id(first.leader), engine_id(second.mentor)),
        (engine_id(second.leader), engine_id(first.mentor)),
    ]
    names = {
        engine_id(p): p.person.name
        for p in (first.leader, first.mentor, second.leader, second.mentor)
    }
    human = humanizer(run.instance, names)
    try:
        result = _pair_preview(run, pairs)
    except InstanceError as exc:
        raise ServiceError(
            "That swap breaks a rule: " + "; ".join(human(p) for p in exc.problems),
            field="second",
            status=409,
        ) from None
    by_leader = {item["leader"]: item for item in result["pairs"]}
    first_mentor, second_mentor = first.mentor, second.mentor
    for proposal, mentor in ((first, second_mentor), (second, first_mentor)):
        item = by_leader[engine_id(proposal.leader)]
        PairRule.objects.filter(
            program=run.program, leader=proposal.leader, kind=PairRule.Kind.LOCK
        ).delete()
        proposal.mentor = mentor
        proposal.score = float(item["score"])
        proposal.breakdown = item.get("breakdown", {})
        proposal.reasons = [human(r) for r in item.get("reasons", [])]
        proposal.edited = True
        proposal.locked = True
        proposal.leader_response = proposal.mentor_response = Response.NOT_ASKED
        proposal.save()
        _set_rule(
            program=run.program,
            leader=proposal.leader,
            mentor=mentor,
            kind=PairRule.Kind.LOCK,
            actor=actor,
        )
    _refresh_stats(run)


def _refresh_stats(run: MatchRun) -> None:
    scores = list(run.proposals.values_list("score", flat=True))
    run.stats = {
        **(run.stats or {}),
        "pairs": len(scores),
        "total_score": round(sum(scores), 4),
        "min_score": round(min(scores), 4) if scores else None,
        "edited": True,
    }
    run.save(update_fields=["stats"])


# --- notifications ---------------------------------------------------------------------------


def _notify(user_email: str, subject: str, template: str, context: dict[str, Any]) -> None:
    send_mail(
        subject=subject,
        message=render_to_string(template, context),
        from_email=None,
        recipient_list=[user_email],
    )


# --- publish ----------------------------------------------------------------------------------


def publish_warnings(run: MatchRun) -> list[str]:
    """What the coordinator should read before publishing; any of these needs a confirmation."""
    proposals = list(run.proposals.select_related("run"))
    pending = sum(
        1 for p in proposals if Response.PENDING in {p.leader_response, p.mentor_response}
    )
    declined = sum(1 for p in proposals if p.declined)
    warnings = []
    if pending and run.consultation_over:
        warnings.append(
            f"{pending} proposal(s) had no answer by the deadline; as the consultation said, "
            "they count as accepted and will be published."
        )
    elif pending:
        day = run.consultation_deadline
        deadline = f"{day.day} {day:%B}" if day else "not set"
        warnings.append(
            f"{pending} proposal(s) are still waiting for an answer (deadline {deadline}); "
            "publishing now counts them as accepted."
        )
    if declined:
        warnings.append(f"{declined} proposal(s) were declined and will not be published.")
    if run.unmatched.filter(participant__role=Participant.Role.LEADER).exists():
        warnings.append("Some leaders are unmatched; they can be matched later as late joiners.")
    return warnings


def _settle_unanswered(run: MatchRun) -> None:
    """Record silence as what it was: no answer, which counts as yes (see ProposedPair)."""
    for side in ("leader", "mentor"):
        run.proposals.filter(**{f"{side}_response": Response.PENDING}).update(
            **{f"{side}_response": Response.NO_ANSWER}
        )


@transaction.atomic
def run_publish(*, actor: User, run: MatchRun, confirm: bool = False) -> list[Any]:
    """Turn the run's proposals into active pairs and introduce them. Declined proposals are left
    out; unanswered ones count as accepted (the consultation told people so)."""
    require_manage(actor=actor, program=run.program)
    from upward.mentoring.models import Pair

    run = MatchRun.objects.select_for_update().select_related("program").get(pk=run.pk)
    _editable(run)
    if run.program.phase not in RUNNABLE_PHASES:
        raise ServiceError(
            "Only a program in matching or active phase publishes.", field="run", status=409
        )
    warnings = publish_warnings(run)
    if warnings and not confirm:
        raise ServiceError(
            "Please confirm: " + " ".join(warnings),
            field="confirm",
            status=409,
            warnings=warnings,
        )
    _settle_unanswered(run)
    active = Pair.objects.filter(program=run.program, status=Pair.Status.ACTIVE)
    busy_leaders = set(active.values_list("leader_id", flat=True))
    created = []
    today = timezone.localdate()
    for proposal in run.proposals.select_related("leader__person", "mentor__person"):
        if proposal.declined or proposal.leader_id in busy_leaders:
            continue
        if proposal.leader.status != Participant.Status.OPTED_IN or (
            proposal.mentor.status != Participant.Status.OPTED_IN
        ):
            continue  # someone withdrew after the run
        pair = Pair.objects.create(
            program=run.program,
            leader=proposal.leader,
            mentor=proposal.mentor,
            score=proposal.score,
            started_on=today,
        )
        created.append(pair)
    run.status = Status.PUBLISHED
    run.published_at = timezone.now()
    run.published_by = actor
    run.save(update_fields=["status", "published_at", "published_by"])
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


def _introduce(pairs: list[Any]) -> None:
    for pair in pairs:
        link = f"{django_settings.SITE_URL}/pairs/{pair.pk}/"
        for me, partner in ((pair.leader, pair.mentor), (pair.mentor, pair.leader)):
            _notify(
                me.person.email,
                f"Meet your reverse-mentoring partner: {partner.person.name}",
                "matching/email/introduction.txt",
                {"me": me, "partner": partner, "pair": pair, "link": link},
            )


@transaction.atomic
def run_discard(*, actor: User, run: MatchRun) -> MatchRun:
    require_manage(actor=actor, program=run.program)
    if run.status not in EDITABLE and run.status != Status.FAILED:
        raise ServiceError("Only an unpublished run can be discarded.", field="run", status=409)
    run.status = Status.DISCARDED
    run.save(update_fields=["status"])
    return run


def rule_delete(*, actor: User, rule: PairRule) -> None:
    require_manage(actor=actor, program=rule.program)
    rule.delete()


def rules_for(program: Program) -> Any:
    return PairRule.objects.filter(program=program).select_related(
        "leader__person", "mentor__person"
    )


def forbidden_between(program: Program, leader: Participant, mentor: Participant) -> bool:
    return PairRule.objects.filter(
        Q(kind=PairRule.Kind.FORBID), program=program, leader=leader, mentor=mentor
    ).exists()
