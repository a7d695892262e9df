"""Writes for program design: create/update programs, phases (with guards), interest survey.

Enrolment (invitations, consent, intake, training) lives in enrolment.py; the topic taxonomy in
topics.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from upward.errors import ServiceError
from upward.people.models import User
from upward.programs.catalog import DEFAULT_MATCHING_SETTINGS, PROGRAM_TEMPLATES
from upward.programs.models import (
    InterestReceipt,
    InterestResponse,
    Participant,
    Program,
    ProgramPhaseChange,
    Topic,
)

Phase = Program.Phase


ProgramError = ServiceError  # the one service error (upward.errors); old name kept for callers


# --- programs ---------------------------------------------------------------------------------


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:70] or "program"
    slug, n = base, 2
    others = Program.objects.all() if exclude_pk is None else Program.objects.exclude(pk=exclude_pk)
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def template_defaults(key: str) -> dict[str, Any]:
    """Initial form values for a program template (blank when the key is unknown)."""
    tpl = PROGRAM_TEMPLATES.get(key) or PROGRAM_TEMPLATES["blank"]
    settings = dict(DEFAULT_MATCHING_SETTINGS)
    if tpl.weights:
        settings["weights"] = dict(tpl.weights)
    return {
        "template": tpl.key,
        "name": "" if tpl.key == "blank" else tpl.label,
        "purpose": tpl.purpose,
        "objectives": tpl.objectives,
        "topics": list(Topic.objects.filter(slug__in=tpl.topics)),
        "duration_months": tpl.duration_months,
        "require_readiness": tpl.require_readiness,
        "consult_mentors": tpl.consult_mentors,
        "matching_settings": settings,
    }


PROGRAM_FIELDS = {
    "name",
    "purpose",
    "objectives",
    "template",
    "sponsor",
    "starts_on",
    "ends_on",
    "duration_months",
    "cadence_days",
    "meeting_minutes",
    "mentor_capacity",
    "matching_settings",
    "anonymity_threshold",
    "require_readiness",
    "consult_mentors",
    "interest_survey_open",
}


def _check_program(values: dict[str, Any]) -> None:
    if not str(values.get("purpose", "x")).strip():
        raise ProgramError("A program needs one narrow purpose.", field="purpose")
    if "name" in values and not str(values["name"]).strip():
        raise ProgramError("Give the program a name.", field="name")
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if isinstance(starts, date) and isinstance(ends, date) and ends <= starts:
        raise ProgramError("The end date must be after the start date.", field="ends_on")
    duration = values.get("duration_months")
    if duration is not None and not 1 <= int(duration) <= 24:
        raise ProgramError("Duration is between 1 and 24 months.", field="duration_months")
    minutes = values.get("meeting_minutes")
    if minutes is not None and not 15 <= int(minutes) <= 180:
        raise ProgramError("Meetings last 15 to 180 minutes.", field="meeting_minutes")
    cadence = values.get("cadence_days")
    if cadence is not None and not 7 <= int(cadence) <= 90:
        raise ProgramError("Meet every 7 to 90 days.", field="cadence_days")
    capacity = values.get("mentor_capacity")
    if capacity is not None and not 1 <= int(capacity) <= 5:
        raise ProgramError("A mentor takes 1 to 5 leaders.", field="mentor_capacity")
    threshold = values.get("anonymity_threshold")
    if threshold is not None and int(threshold) < 3:
        raise ProgramError(
            "Results need at least 3 answers to stay anonymous.", field="anonymity_threshold"
        )
    sponsor = values.get("sponsor")
    if sponsor is not None and not isinstance(sponsor, User):
        raise ProgramError("Unknown sponsor.", field="sponsor")


@transaction.atomic
def program_create(
    *,
    actor: User,
    name: str,
    purpose: str,
    template: str = "blank",
    coordinators: Iterable[User] = (),
    topics: Iterable[Topic] = (),
    **values: Any,
) -> Program:
    unknown = set(values) - PROGRAM_FIELDS
    if unknown:
        raise ProgramError(f"Unknown field {sorted(unknown)[0]}.", field=sorted(unknown)[0])
    if template not in PROGRAM_TEMPLATES:
        raise ProgramError(f"Unknown template {template!r}.", field="template")
    defaults = template_defaults(template)
    fields: dict[str, Any] = {
        "duration_months": defaults["duration_months"],
        "require_readiness": defaults["require_readiness"],
        "consult_mentors": defaults["consult_mentors"],
        "matching_settings": defaults["matching_settings"],
        **values,
    }
    _check_program({"name": name, "purpose": purpose, **fields})
    program = Program.objects.create(
        name=name.strip(),
        slug=_unique_slug(name),
        template=template,
        purpose=purpose.strip(),
        created_by=actor,
        **fields,
    )
    chosen_topics = list(topics) or defaults["topics"]
    program.topics.set(chosen_topics)
    program.coordinators.set(list(coordinators) or [actor])
    return program


@transaction.atomic
def program_update(
    *,
    actor: User,
    program: Program,
    coordinators: Iterable[User] | None = None,
    topics: Iterable[Topic] | None = None,
    **values: Any,
) -> Program:
    unknown = set(values) - PROGRAM_FIELDS
    if unknown:
        raise ProgramError(f"Unknown field {sorted(unknown)[0]}.", field=sorted(unknown)[0])
    if program.phase == Phase.CLOSED:
        raise ProgramError("A closed program can no longer be changed.", field="phase")
    merged = {"purpose": program.purpose, "starts_on": program.starts_on, **values}
    merged.setdefault("ends_on", program.ends_on)
    _check_program(merged)
    for key, value in values.items():
        setattr(program, key, value.strip() if isinstance(value, str) else value)
    program.save()
    if coordinators is not None:
        chosen = list(coordinators)
        if not chosen:
            raise ProgramError("A program needs at least one coordinator.", field="coordinators")
        program.coordinators.set(chosen)
    if topics is not None:
        program.topics.set(list(topics))
    return program


# --- phases -----------------------------------------------------------------------------------

ALLOWED: dict[str, set[str]] = {
    Phase.DRAFT: {Phase.RECRUITING},
    Phase.RECRUITING: {Phase.DRAFT, Phase.MATCHING},
    Phase.MATCHING: {Phase.RECRUITING, Phase.ACTIVE},
    Phase.ACTIVE: {Phase.CLOSING},
    Phase.CLOSING: {Phase.ACTIVE, Phase.CLOSED},
    Phase.CLOSED: set(),
}

# Other apps add checks that warn before a program closes, e.g. "3 charters are unsigned"
# (mentoring). Each returns a list of sentences; any sentence means the move needs confirmation.
ClosingCheck = Callable[[Program, str], list[str]]
CLOSING_CHECKS: list[ClosingCheck] = []


def register_closing_check(func: ClosingCheck) -> ClosingCheck:
    if func not in CLOSING_CHECKS:
        CLOSING_CHECKS.append(func)
    return func


# What other apps do once a program has moved, inside the same transaction:
# func(program, from_phase, to_phase). Registered in their AppConfig.ready(), so programs
# never imports them (e.g. mentoring invites open pairs to close when the program is closing).
PhaseHook = Callable[[Program, str, str], None]
PHASE_HOOKS: list[PhaseHook] = []


def register_phase_hook(func: PhaseHook) -> PhaseHook:
    if func not in PHASE_HOOKS:
        PHASE_HOOKS.append(func)
    return func


@dataclass
class PhaseCheck:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _opted_in(program: Program, role: str) -> Any:
    return Participant.objects.filter(
        program=program, role=role, status=Participant.Status.OPTED_IN
    )


def phase_check(*, program: Program, to_phase: str) -> PhaseCheck:
    """What stops (errors) or should give pause (warnings) before moving to `to_phase`."""
    from upward.mentoring.models import Pair
    from upward.programs.selectors import readiness_by_participant

    check = PhaseCheck()
    if to_phase not in ALLOWED.get(program.phase, set()):
        check.errors.append(
            f"A program cannot move from {program.get_phase_display().lower()} to {to_phase}."
        )
        return check
    if to_phase == Phase.RECRUITING and program.phase == Phase.DRAFT:
        if not program.purpose.strip():
            check.errors.append("Write the program's purpose first.")
        if not program.topics.exists():
            check.errors.append("Choose at least one focus topic.")
        if not program.coordinators.exists():
            check.errors.append("Name at least one coordinator.")
        if program.sponsor_id is None:
            check.warnings.append("There is no executive sponsor yet.")
    elif to_phase == Phase.DRAFT:
        if (
            _opted_in(program, Participant.Role.LEADER).exists()
            or _opted_in(program, Participant.Role.MENTOR).exists()
        ):
            check.errors.append("People have already opted in; keep recruiting or withdraw them.")
    elif to_phase == Phase.MATCHING:
        readiness = readiness_by_participant(program=program)
        for role, label in (
            (Participant.Role.LEADER, "leader"),
            (Participant.Role.MENTOR, "mentor"),
        ):
            opted = _opted_in(program, role)
            done = opted.filter(intake__submitted_at__isnull=False)
            if not done.exists():
                check.errors.append(f"No {label} who opted in has finished their intake yet.")
                continue
            if program.require_readiness and not any(
                readiness.get(pk) for pk in done.values_list("pk", flat=True)
            ):
                check.errors.append(f"No {label} has finished their readiness training yet.")
            missing = opted.count() - done.count()
            if missing:
                check.warnings.append(
                    f"{missing} {label}(s) who opted in have not finished their intake and will "
                    "not be matched until they do."
                )
        invited = Participant.objects.filter(
            program=program, status=Participant.Status.INVITED
        ).count()
        if invited:
            check.warnings.append(f"{invited} invitation(s) are still unanswered.")
    elif to_phase == Phase.RECRUITING and program.phase == Phase.MATCHING:
        if Pair.objects.filter(program=program).exists():
            check.errors.append("Pairs are already published; late joiners can be matched later.")
    elif to_phase == Phase.ACTIVE and program.phase == Phase.MATCHING:
        if not Pair.objects.filter(program=program, status=Pair.Status.ACTIVE).exists():
            check.errors.append("Publish a match run first: there are no active pairs yet.")
    elif to_phase in (Phase.CLOSING, Phase.CLOSED):
        from upward.matching.models import MatchRun

        waiting = MatchRun.objects.filter(
            program=program, status__in=[MatchRun.Status.DONE, MatchRun.Status.CONSULTING]
        ).count()
        if waiting:
            check.warnings.append(f"{waiting} match run(s) were never published.")
        if to_phase == Phase.CLOSED:
            active = Pair.objects.filter(program=program, status=Pair.Status.ACTIVE).count()
            if active:
                check.warnings.append(f"{active} pair(s) are still active and have not closed.")
        for extra in CLOSING_CHECKS:
            check.warnings.extend(extra(program, to_phase))
    return check


@transaction.atomic
def program_transition(
    *, actor: User | None, program: Program, to_phase: str, note: str = "", confirm: bool = False
) -> ProgramPhaseChange:
    """Move a program to another phase, recording who did it. Raises ProgramError when a guard
    refuses, or when there are warnings the caller has not confirmed."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    if to_phase not in Phase.values:
        raise ProgramError(f"Unknown phase {to_phase!r}.", field="to_phase")
    check = phase_check(program=program, to_phase=to_phase)
    if not check.ok:
        raise ProgramError(" ".join(check.errors), field="to_phase")
    if check.warnings and not confirm:
        raise ProgramError(
            "Please confirm: " + " ".join(check.warnings), field="confirm", warnings=check.warnings
        )
    from_phase = program.phase
    program.phase = to_phase
    update = ["phase"]
    if to_phase in (Phase.MATCHING, Phase.CLOSING, Phase.CLOSED):
        program.interest_survey_open = False
        update.append("interest_survey_open")
    if to_phase == Phase.ACTIVE and program.starts_on is None:
        program.starts_on = timezone.localdate()
        update.append("starts_on")
    program.save(update_fields=update)
    change = ProgramPhaseChange.objects.create(
        program=program,
        from_phase=from_phase,
        to_phase=to_phase,
        changed_by=actor,
        note=note[:500],
    )
    for hook in PHASE_HOOKS:
        hook(program, from_phase, to_phase)
    return change


# --- anonymous interest survey -----------------------------------------------------------------


@transaction.atomic
def interest_answer(
    *,
    program: Program,
    user: User,
    interest: str,
    topics: Iterable[str] = (),
    hopes: str = "",
    worries: str = "",
) -> None:
    """Store an anonymous answer. The receipt (user answered) and the answer are not linked."""
    if not program.interest_survey_open:
        raise ProgramError("This interest survey is closed.", field="program")
    if interest not in InterestResponse.Interest.values:
        raise ProgramError("Choose one of the options.", field="interest")
    _, created = InterestReceipt.objects.get_or_create(program=program, user=user)
    if not created:
        raise ProgramError("You have already answered this survey.", field="interest")
    valid = set(program.topics.values_list("slug", flat=True)) or set(
        Topic.objects.values_list("slug", flat=True)
    )
    InterestResponse.objects.create(
        program=program,
        interest=interest,
        topics=sorted({t for t in topics if t in valid}),
        hopes=hopes.strip()[:2000],
        worries=worries.strip()[:2000],
    )
