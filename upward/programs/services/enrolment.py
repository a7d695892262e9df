"""Writes for enrolment: invitations (by a coordinator), then consent (opt-in), withdrawal and
intake (by the invited person themselves)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from upward import events, humane
from upward.access import AnyUser, account, require_manage
from upward.audit.services import declare, record
from upward.errors import ServiceError
from upward.i18n import language_of
from upward.people.models import Person, User
from upward.people.services import user_for_person
from upward.programs.catalog import CONSENT_VERSION
from upward.programs.events import PARTICIPANT_WITHDRAWN
from upward.programs.models import Intake, Participant, Program
from upward.programs.selectors import (
    INVITABLE_PHASES,
    intake_is_open,
    resend_available_at,
)

Phase = Program.Phase


def program_link(program: Program) -> str:
    return f"{settings.SITE_URL}{reverse('programs:join', args=[program.slug])}"


def _recipient(participant: Participant) -> User | None:
    """Whose language an e-mail to the participant is written in (None: the organisation's)."""
    if participant.user is not None:
        return participant.user
    return User.objects.filter(person=participant.person).first()


def _send_invitation(participant: Participant) -> None:
    context: dict[str, Any] = {"participant": participant, "program": participant.program}
    context["link"] = program_link(participant.program)
    with language_of(_recipient(participant)):
        subject = _("You are invited to %(program)s") % {"program": participant.program.name}
        message = render_to_string("programs/email/invitation.txt", context)
    send_mail(
        subject=subject,
        message=message,
        from_email=None,
        recipient_list=[participant.person.email],
    )


@transaction.atomic
def participant_invite(
    *, actor: AnyUser, program: Program, person: Person, role: str, send: bool = True
) -> Participant:
    """Invite someone (or re-invite after a withdrawal). Nobody is enrolled without opting in."""
    require_manage(actor=actor, program=program)
    inviter = account(actor)
    if program.phase not in INVITABLE_PHASES:
        raise ServiceError(_("Invitations are closed for this program."), field="program")
    if role not in Participant.Role.values:
        raise ServiceError(_("Role is leader or mentor."), field="role")
    if not person.is_active:
        raise ServiceError(
            _("%(name)s has left the organisation.") % {"name": person.name}, field="person"
        )
    existing = Participant.objects.filter(program=program, person=person).first()
    if existing is not None and existing.status not in REINVITABLE:
        raise ServiceError(_already_message(existing), field="person", status=409)
    user = user_for_person(person=person)
    now = timezone.now()
    if existing is not None:
        existing.role = role
        existing.status = Participant.Status.INVITED
        existing.invited_at, existing.invited_by = now, inviter
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
            invited_by=inviter,
            capacity=1,
        )
    if send:
        _mark_sent(participant, now)
        transaction.on_commit(lambda: _send_invitation(participant))
    return participant


# A withdrawn participant, or someone whose application was declined, may be invited afresh.
REINVITABLE = (Participant.Status.WITHDRAWN, Participant.Status.DECLINED)


def _already_message(existing: Participant) -> str:
    """Why someone cannot be invited again, and what the coordinator can do instead."""
    name = existing.person.name
    if existing.status == Participant.Status.OPTED_IN:
        return _("%(name)s already takes part (opted in).") % {"name": name}
    if existing.status == Participant.Status.APPLIED:
        return _("%(name)s has applied: accept their application on the participants page.") % {
            "name": name
        }
    retry_at = resend_available_at(existing)
    if retry_at is None:
        return _(
            "%(name)s is already invited; use Resend in their row on the participants page to "
            "e-mail them again."
        ) % {"name": name}
    return _(
        "%(name)s is already invited (e-mailed less than a day ago); Resend appears in their row "
        "on the participants page from %(when)s."
    ) % {"name": name, "when": humane.when(retry_at)}


def _mark_sent(participant: Participant, when: datetime) -> None:
    participant.invitation_sent_at = when
    participant.invitations_sent = (participant.invitations_sent or 0) + 1
    participant.save(update_fields=["invitation_sent_at", "invitations_sent"])


class ResendTooSoon(ServiceError):
    """The invitation went out less than RESEND_INTERVAL ago; `retry_at` says when it may."""

    def __init__(self, message: str, *, retry_at: datetime) -> None:
        super().__init__(message, field="participant", status=429)
        self.retry_at = retry_at


@transaction.atomic
def invitation_resend(*, actor: AnyUser, participant: Participant) -> Participant:
    """E-mail the invitation again to someone who has not answered, at most once a day.

    Refusals are conflicts with the invitation's state (409)."""
    require_manage(actor=actor, program=participant.program)
    participant = (
        Participant.objects.select_for_update()
        .select_related("program", "person")
        .get(pk=participant.pk)
    )
    name = participant.person.name
    if participant.status == Participant.Status.OPTED_IN:
        raise ServiceError(
            _("%(name)s has already opted in.") % {"name": name}, field="participant", status=409
        )
    if participant.status == Participant.Status.WITHDRAWN:
        raise ServiceError(
            _("%(name)s withdrew; invite them again only if they ask to come back.")
            % {"name": name},
            field="participant",
            status=409,
        )
    if participant.program.phase not in INVITABLE_PHASES:
        raise ServiceError(
            _("Invitations are closed for this program."), field="program", status=409
        )
    if not participant.person.is_active:
        raise ServiceError(
            _("%(name)s has left the organisation.") % {"name": name},
            field="participant",
            status=409,
        )
    retry_at = resend_available_at(participant)
    if retry_at is not None:
        raise ResendTooSoon(
            _(
                "The invitation went to %(name)s less than a day ago; you can send it again from "
                "%(when)s."
            )
            % {"name": name, "when": humane.when(retry_at)},
            retry_at=retry_at,
        )
    _mark_sent(participant, timezone.now())
    transaction.on_commit(lambda: _send_invitation(participant))
    return participant


def require_own(*, actor: AnyUser, participant: Participant) -> User:
    """Only the invited person acts on their own participation; for anyone else it is not there."""
    user = account(actor)
    if participant.user_id != user.pk and (
        user.person_id is None or participant.person_id != user.person_id
    ):
        raise Http404("This is not your invitation.")
    return user


@transaction.atomic
def participant_opt_in(*, actor: AnyUser, participant: Participant, consent: bool) -> Participant:
    user = require_own(actor=actor, participant=participant)
    if not consent:
        raise ServiceError(_("Tick the box to agree to how your data is used."), field="consent")
    if participant.program.phase in (Phase.CLOSING, Phase.CLOSED):
        raise ServiceError(_("This program is no longer taking participants."), field="program")
    if participant.status == Participant.Status.WITHDRAWN:
        raise ServiceError(_("Ask the coordinator to invite you again."), field="participant")
    if participant.status == Participant.Status.APPLIED:
        raise ServiceError(
            _("Your application is with the program's coordinators; you will hear from them."),
            field="participant",
            status=409,
        )
    if participant.status == Participant.Status.DECLINED:
        raise ServiceError(
            _("Your application was not accepted this time."), field="participant", status=409
        )
    participant.status = Participant.Status.OPTED_IN
    participant.consented_at = timezone.now()
    participant.consent_version = CONSENT_VERSION
    participant.user = user
    participant.save(update_fields=["status", "consented_at", "consent_version", "user"])
    return participant


@transaction.atomic
def participant_withdraw(*, actor: AnyUser, participant: Participant) -> Participant:
    """Leave at any time, no reason asked. An active pair ends (no-fault exit): mentoring owns
    pairs, so it ends them on the PARTICIPANT_WITHDRAWN event."""
    require_own(actor=actor, participant=participant)
    if participant.status in (Participant.Status.WITHDRAWN, Participant.Status.DECLINED):
        return participant
    participant.status = Participant.Status.WITHDRAWN
    participant.withdrawn_at = timezone.now()
    participant.save(update_fields=["status", "withdrawn_at"])
    events.publish(PARTICIPANT_WITHDRAWN, participant=participant)
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


@transaction.atomic
def intake_save(
    *, actor: AnyUser, participant: Participant, values: dict[str, Any], submit: bool
) -> Intake:
    """Save answers (already validated by IntakeForm). `submit` marks the intake complete.

    Refusals are conflicts with the program's phase (409)."""
    require_own(actor=actor, participant=participant)
    if not intake_is_open(participant):
        raise ServiceError(
            _("The intake is not open for you right now."), field="intake", status=409
        )
    unknown = set(values) - INTAKE_FIELDS
    if unknown:
        raise ServiceError(
            _("Unknown field %(field)s.") % {"field": sorted(unknown)[0]}, field=sorted(unknown)[0]
        )
    intake, _created = Intake.objects.get_or_create(participant=participant)
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


# --- open enrolment: applications ------------------------------------------------------------

APPLICATION_DECIDED = declare(
    "program.application_decided", "Accepted or declined an application to an open program"
)


def _send_decision(participant: Participant, accepted: bool) -> None:
    context: dict[str, Any] = {
        "participant": participant,
        "program": participant.program,
        "accepted": accepted,
        "link": program_link(participant.program),
    }
    with language_of(_recipient(participant)):
        subject = (
            _("You are in: %(program)s") if accepted else _("Your application to %(program)s")
        ) % {"program": participant.program.name}
        message = render_to_string("programs/email/application_decided.txt", context)
    send_mail(
        subject=subject,
        message=message,
        from_email=None,
        recipient_list=[participant.person.email],
    )


@transaction.atomic
def application_submit(
    *, actor: AnyUser, program: Program, role: str, consent: bool, note: str = ""
) -> Participant:
    """Apply to a program with open enrolment (the caller fetched it through
    `access.program_open_to_apply`, so it is open). Applying gives the same consent as opting in;
    the coordinators then accept (the person is opted in) or decline."""
    user = account(actor)
    person = user.person
    if person is None:
        raise ServiceError(
            _("Your account is not linked to anyone in the directory; ask an org admin."),
            field="person",
            status=409,
        )
    if not person.is_active:
        raise ServiceError(_("You are no longer in the directory."), field="person", status=409)
    if role not in Participant.Role.values:
        raise ServiceError(_("Choose to take part as a leader or as a mentor."), field="role")
    if not consent:
        raise ServiceError(_("Tick the box to agree to how your data is used."), field="consent")
    note = (note or "").strip()
    if len(note) > 1000:
        raise ServiceError(_("Keep it under 1,000 characters."), field="note")
    existing = (
        Participant.objects.select_for_update().filter(program=program, person=person).first()
    )
    if existing is not None and existing.status != Participant.Status.WITHDRAWN:
        already: dict[str, str] = {
            Participant.Status.APPLIED: _(
                "You have already applied; the coordinators will answer."
            ),
            Participant.Status.DECLINED: _(
                "Your application was not accepted this time; ask the coordinators if you would "
                "like to talk about it."
            ),
            Participant.Status.INVITED: _(
                "You are already invited: accept the invitation on your page for this program."
            ),
            Participant.Status.OPTED_IN: _("You already take part in this program."),
        }
        raise ServiceError(
            already.get(existing.status, _("You are already in this program.")),
            field="program",
            status=409,
        )
    now = timezone.now()
    values: dict[str, Any] = {
        "user": user,
        "role": role,
        "status": Participant.Status.APPLIED,
        "applied_at": now,
        "application_note": note,
        "consented_at": now,
        "consent_version": CONSENT_VERSION,
        "withdrawn_at": None,
        "capacity": 1,
    }
    if existing is not None:
        for key, value in values.items():
            setattr(existing, key, value)
        existing.save()
        return existing
    return Participant.objects.create(program=program, person=person, **values)


@transaction.atomic
def application_decide(*, actor: AnyUser, participant: Participant, accept: bool) -> Participant:
    """Accept (the applicant is opted in, having consented when applying) or decline."""
    require_manage(actor=actor, program=participant.program)
    participant = (
        Participant.objects.select_for_update()
        .select_related("program", "person")
        .get(pk=participant.pk)
    )
    if participant.status != Participant.Status.APPLIED:
        raise ServiceError(
            _("%(name)s's application has already been answered.")
            % {"name": participant.person.name},
            field="participant",
            status=409,
        )
    if accept and participant.program.phase not in INVITABLE_PHASES:
        raise ServiceError(
            _("This program no longer takes participants."), field="program", status=409
        )
    if accept and not participant.person.is_active:
        raise ServiceError(
            _("%(name)s has left the organisation.") % {"name": participant.person.name},
            field="participant",
            status=409,
        )
    now = timezone.now()
    if accept:
        participant.status = Participant.Status.OPTED_IN
        participant.invited_at, participant.invited_by = now, account(actor)
    else:
        participant.status = Participant.Status.DECLINED
    participant.save(update_fields=["status", "invited_at", "invited_by"])
    record(
        actor,
        APPLICATION_DECIDED,
        target=f"participant:{participant.pk}",
        program_id=participant.program_id,
        details={"accepted": accept, "role": participant.role},
    )
    transaction.on_commit(lambda: _send_decision(participant, accept))
    return participant
