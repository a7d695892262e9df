"""Writes for enrolment: invitations, consent (opt-in), withdrawal, intake, readiness training."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from upward.people.models import Person, User
from upward.people.services import user_for_person
from upward.programs import training
from upward.programs.catalog import CONSENT_VERSION
from upward.programs.models import Intake, Participant, Program, TrainingCompletion
from upward.programs.services import ProgramError

Phase = Program.Phase
INVITABLE_PHASES = {Phase.DRAFT, Phase.RECRUITING, Phase.MATCHING, Phase.ACTIVE}
# Intake is open while recruiting, and again once active, for late joiners.
INTAKE_PHASES = {Phase.RECRUITING, Phase.ACTIVE}


def program_link(program: Program) -> str:
    return f"{settings.SITE_URL}{reverse('programs:join', args=[program.slug])}"


def _send_invitation(participant: Participant) -> None:
    context: dict[str, Any] = {"participant": participant, "program": participant.program}
    context["link"] = program_link(participant.program)
    send_mail(
        subject=f"You are invited to {participant.program.name}",
        message=render_to_string("programs/email/invitation.txt", context),
        from_email=None,
        recipient_list=[participant.person.email],
    )


@transaction.atomic
def participant_invite(
    *, actor: User | None, program: Program, person: Person, role: str, send: bool = True
) -> Participant:
    """Invite someone (or re-invite after a withdrawal). Nobody is enrolled without opting in."""
    if program.phase not in INVITABLE_PHASES:
        raise ProgramError("Invitations are closed for this program.", field="program")
    if role not in Participant.Role.values:
        raise ProgramError("Role is leader or mentor.", field="role")
    if not person.is_active:
        raise ProgramError(f"{person.name} has left the organisation.", field="person")
    existing = Participant.objects.filter(program=program, person=person).first()
    if existing is not None and existing.status != Participant.Status.WITHDRAWN:
        raise ProgramError(
            f"{person.name} is already invited; use Resend on the participants page to e-mail "
            "them again.",
            field="person",
        )
    user = user_for_person(person=person)
    now = timezone.now()
    if existing is not None:
        existing.role = role
        existing.status = Participant.Status.INVITED
        existing.invited_at, existing.invited_by = now, actor
        existing.withdrawn_at = None
        existing.user = user
        existing.save()
        participant = existing
    else:
        participant = Participant.objects.create(
            program=program,
            person=person,
            user=user,
            role=role,
            invited_at=now,
            invited_by=actor,
            capacity=1,
        )
    if send:
        _mark_sent(participant, now)
        transaction.on_commit(lambda: _send_invitation(participant))
    return participant


RESEND_INTERVAL = timedelta(days=1)


def _mark_sent(participant: Participant, when: datetime) -> None:
    participant.invitation_sent_at = when
    participant.invitations_sent = (participant.invitations_sent or 0) + 1
    participant.save(update_fields=["invitation_sent_at", "invitations_sent"])


class ResendTooSoon(ProgramError):
    """The invitation went out less than RESEND_INTERVAL ago; `retry_at` says when it may."""

    def __init__(self, message: str, *, retry_at: datetime) -> None:
        super().__init__(message, field="participant")
        self.retry_at = retry_at


def resend_available_at(participant: Participant) -> datetime | None:
    """When the invitation may be sent again (None: now)."""
    sent = participant.invitation_sent_at
    if sent is None or timezone.now() - sent >= RESEND_INTERVAL:
        return None
    return sent + RESEND_INTERVAL


@transaction.atomic
def invitation_resend(*, actor: User | None, participant: Participant) -> Participant:
    """E-mail the invitation again to someone who has not answered, at most once a day."""
    participant = (
        Participant.objects.select_for_update()
        .select_related("program", "person")
        .get(pk=participant.pk)
    )
    name = participant.person.name
    if participant.status == Participant.Status.OPTED_IN:
        raise ProgramError(f"{name} has already opted in.", field="participant")
    if participant.status == Participant.Status.WITHDRAWN:
        raise ProgramError(
            f"{name} withdrew; invite them again only if they ask to come back.",
            field="participant",
        )
    if participant.program.phase not in INVITABLE_PHASES:
        raise ProgramError("Invitations are closed for this program.", field="program")
    if not participant.person.is_active:
        raise ProgramError(f"{name} has left the organisation.", field="participant")
    retry_at = resend_available_at(participant)
    if retry_at is not None:
        local = timezone.localtime(retry_at)
        raise ResendTooSoon(
            f"The invitation went to {name} less than a day ago; you can send it again from "
            f"{local:%d %b %H:%M}.",
            retry_at=retry_at,
        )
    _mark_sent(participant, timezone.now())
    transaction.on_commit(lambda: _send_invitation(participant))
    return participant


def _own(participant: Participant, user: User) -> None:
    if participant.user_id != user.pk and (
        user.person_id is None or participant.person_id != user.person_id
    ):
        raise ProgramError("This is not your invitation.", field="participant")


@transaction.atomic
def participant_opt_in(*, participant: Participant, user: User, consent: bool) -> Participant:
    _own(participant, user)
    if not consent:
        raise ProgramError("Tick the box to agree to how your data is used.", field="consent")
    if participant.program.phase in (Phase.CLOSING, Phase.CLOSED):
        raise ProgramError("This program is no longer taking participants.", field="program")
    if participant.status == Participant.Status.WITHDRAWN:
        raise ProgramError("Ask the coordinator to invite you again.", field="participant")
    participant.status = Participant.Status.OPTED_IN
    participant.consented_at = timezone.now()
    participant.consent_version = CONSENT_VERSION
    participant.user = user
    participant.save(update_fields=["status", "consented_at", "consent_version", "user"])
    return participant


@transaction.atomic
def participant_withdraw(*, participant: Participant, user: User) -> Participant:
    """Leave at any time, no reason asked. An active pair ends (no-fault exit)."""
    from upward.mentoring.models import Pair

    _own(participant, user)
    if participant.status == Participant.Status.WITHDRAWN:
        return participant
    participant.status = Participant.Status.WITHDRAWN
    participant.withdrawn_at = timezone.now()
    participant.save(update_fields=["status", "withdrawn_at"])
    Pair.objects.filter(Q(leader=participant) | Q(mentor=participant)).filter(
        status=Pair.Status.ACTIVE
    ).update(status=Pair.Status.ENDED, ended_on=timezone.localdate(), ended_by=participant.role)
    return participant


INTAKE_FIELDS = {
    "topics",
    "goals",
    "will_do",
    "strengths",
    "sensitive_topics",
    "not_represent",
    "not_represent_note",
    "capacity",
    "availability",
    "time_zone",
    "style",
    "interests",
    "languages",
    "preferred_channel",
}


def intake_is_open(participant: Participant) -> bool:
    return (
        participant.status == Participant.Status.OPTED_IN
        and participant.program.phase in INTAKE_PHASES
    )


@transaction.atomic
def intake_save(
    *, participant: Participant, user: User, values: dict[str, Any], submit: bool
) -> Intake:
    """Save answers (already validated by IntakeForm). `submit` marks the intake complete."""
    _own(participant, user)
    if not intake_is_open(participant):
        raise ProgramError("The intake is not open for you right now.", field="intake")
    unknown = set(values) - INTAKE_FIELDS
    if unknown:
        raise ProgramError(f"Unknown field {sorted(unknown)[0]}.", field=sorted(unknown)[0])
    intake, _ = Intake.objects.get_or_create(participant=participant)
    for key, value in values.items():
        setattr(intake, key, value)
    intake.updated_at = timezone.now()
    if submit:
        intake.submitted_at = intake.submitted_at or timezone.now()
    intake.save()
    if participant.role == Participant.Role.MENTOR and intake.capacity:
        participant.capacity = min(intake.capacity, participant.program.mentor_capacity)
        participant.save(update_fields=["capacity"])
    return intake


def training_complete(
    *, participant: Participant, user: User, module_slug: str, answer: int | None
) -> bool:
    """Record the module as done when the check question is answered correctly."""
    _own(participant, user)
    module = training.module_by_slug(module_slug)
    if module is None or module.role != participant.role:
        raise ProgramError("No such module for your role.", field="module")
    if answer is None or not 0 <= answer < len(module.check.options):
        raise ProgramError("Choose an answer.", field="answer")
    if answer != module.check.correct:
        return False
    TrainingCompletion.objects.get_or_create(participant=participant, module=module.slug)
    return True
