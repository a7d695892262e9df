"""Writes on accounts and roles, for org admins: invite from the directory, grant and revoke
org admin, program coordinator and program sponsor, deactivate and reactivate.

Every function takes the `actor`, refuses anyone but an org admin, and records what it did in
the audit log. The one rule that protects the organisation: there is always an active org
admin left, so nobody can lock everybody out of these pages.
"""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from upward.access import AnyUser, can_manage_accounts
from upward.accounts import audit as audit_actions
from upward.accounts.audit import audit
from upward.errors import ServiceError
from upward.i18n import language_of
from upward.people.models import Person, User
from upward.people.services import user_for_person
from upward.programs.models import Program

LAST_ADMIN = gettext_lazy(
    "This is the last active org admin: make someone else an org admin first, so that "
    "somebody can still manage accounts."
)


def require_accounts_admin(actor: AnyUser) -> User:
    """The actor, when an org admin; anyone else is refused (403)."""
    if not isinstance(actor, User) or not can_manage_accounts(actor):
        raise PermissionDenied("Only org admins manage accounts.")
    return actor


def _account(user_id: int) -> User:
    found = User.objects.select_related("person").filter(pk=user_id).first()
    if found is None:
        raise Http404("No such account.")
    return found


def _program(program_id: int) -> Program:
    found = Program.objects.filter(pk=program_id).first()
    if found is None:
        raise ServiceError(_("Choose a program."), field="program", status=404)
    return found


def _active_admins() -> list[int]:
    # Locked, so that two admins revoking each other at once cannot both succeed (PostgreSQL;
    # SQLite serialises writers anyway).
    return list(
        User.objects.select_for_update()
        .filter(Q(is_org_admin=True) | Q(is_superuser=True), is_active=True)
        .values_list("pk", flat=True)
    )


def _refuse_last_admin(user: User) -> None:
    admins = _active_admins()
    if admins == [user.pk]:
        raise ServiceError(str(LAST_ADMIN), field="is_org_admin", status=409)


def set_password_link(user: User) -> str:
    """An absolute link to choose a password, with Django's password-reset token: it works
    once, stops working when the password changes, and expires after PASSWORD_RESET_TIMEOUT."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


@transaction.atomic
def account_invite(*, actor: AnyUser, person_id: int) -> User:
    """Give a directory person an account (or reuse theirs) and e-mail them a link to choose a
    password. Leavers and deactivated accounts are refused: reactivate first."""
    admin = require_accounts_admin(actor)
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise ServiceError(_("Choose a person from the directory."), field="person", status=404)
    if not person.is_active:
        raise ServiceError(
            _("%(name)s has left the organisation (directory).") % {"name": person.name},
            field="person",
            status=409,
        )
    existing = User.objects.filter(Q(person=person) | Q(email__iexact=person.email)).first()
    if existing is not None and not existing.is_active:
        raise ServiceError(
            _("%(email)s’s account is deactivated: reactivate it first.")
            % {"email": existing.email},
            field="person",
            status=409,
        )
    user = user_for_person(person=person)
    user.invited_at = timezone.now()
    user.save(update_fields=["invited_at"])
    audit(admin, audit_actions.INVITED, target=user.email, person=person.employee_id)
    # With password sign-in off (SSO only) there is no password to choose: the link signs in.
    passwords = settings.PASSWORD_LOGIN_ENABLED
    link = set_password_link(user) if passwords else f"{settings.SITE_URL}{reverse('login')}"
    context = {"user": user, "link": link, "inviter": admin, "passwords": passwords}
    # Written in the invited person's language, not the admin's (upward/i18n.py).
    with language_of(user):
        message = render_to_string("accounts/email/invite.txt", context)
        subject = render_to_string("accounts/email/invite_subject.txt", context).strip()
    # Sent last, inside the transaction: when the mail server refuses, nothing is kept and the
    # admin is told, rather than an account waiting for a link that never came.
    try:
        send_mail(subject, message, None, [user.email], fail_silently=False)
    except (OSError, smtplib.SMTPException) as exc:
        raise ServiceError(
            _("The invitation could not be e-mailed (%(reason)s); nothing was changed.")
            % {"reason": exc},
            field="person",
            status=503,
        ) from exc
    return user


@transaction.atomic
def org_admin_set(*, actor: AnyUser, user_id: int, value: bool) -> User:
    admin = require_accounts_admin(actor)
    user = _account(user_id)
    if user.is_org_admin == value:
        return user
    if not value:
        _refuse_last_admin(user)
    user.is_org_admin = value
    user.save(update_fields=["is_org_admin"])
    audit(
        admin,
        audit_actions.ORG_ADMIN_GRANTED if value else audit_actions.ORG_ADMIN_REVOKED,
        target=user.email,
    )
    return user


@transaction.atomic
def coordinator_set(*, actor: AnyUser, user_id: int, program_id: int, value: bool) -> User:
    """Make the account a coordinator of the program (it manages it), or no longer."""
    admin = require_accounts_admin(actor)
    user = _account(user_id)
    program = _program(program_id)
    if value and not user.is_active:
        raise ServiceError(
            _("This account is deactivated: reactivate it first."), field="user", status=409
        )
    if value:
        program.coordinators.add(user)
    else:
        if not program.coordinators.filter(pk=user.pk).exists():
            return user
        program.coordinators.remove(user)
    audit(
        admin,
        audit_actions.COORDINATOR_GRANTED if value else audit_actions.COORDINATOR_REVOKED,
        target=user.email,
        program=program.slug,
        program_id=program.pk,
    )
    return user


@transaction.atomic
def sponsor_set(*, actor: AnyUser, user_id: int, program_id: int, value: bool) -> User:
    """Make the account the program's sponsor (a program has one; it replaces the previous
    one), or remove it as the sponsor."""
    admin = require_accounts_admin(actor)
    user = _account(user_id)
    program = _program(program_id)
    if value and not user.is_active:
        raise ServiceError(
            _("This account is deactivated: reactivate it first."), field="user", status=409
        )
    if value:
        previous = program.sponsor
        if previous is not None and previous.pk == user.pk:
            return user
        program.sponsor = user
        details = {"replaced": previous.email if previous else ""}
    else:
        if program.sponsor_id != user.pk:
            return user
        program.sponsor = None
        details = {}
    program.save(update_fields=["sponsor"])
    audit(
        admin,
        audit_actions.SPONSOR_GRANTED if value else audit_actions.SPONSOR_REVOKED,
        target=user.email,
        program=program.slug,
        program_id=program.pk,
        **details,
    )
    return user


@transaction.atomic
def account_set_active(*, actor: AnyUser, user_id: int, active: bool) -> User:
    """Deactivate (signs them out everywhere, their tokens stop working; nothing is deleted)
    or reactivate an account."""
    admin = require_accounts_admin(actor)
    user = _account(user_id)
    if user.is_active == active:
        return user
    if not active:
        if user.is_org_admin or user.is_superuser:
            _refuse_last_admin(user)
    elif user.person is not None and not user.person.is_active:
        raise ServiceError(
            _("%(name)s has left the organisation (directory): the account stays off.")
            % {"name": user.person.name},
            field="is_active",
            status=409,
        )
    user.is_active = active
    user.save(update_fields=["is_active"])
    action = audit_actions.REACTIVATED if active else audit_actions.DEACTIVATED
    audit(admin, action, target=user.email)
    return user


@transaction.atomic
def account_update(
    *, actor: AnyUser, user_id: int, is_org_admin: bool | None = None, is_active: bool | None = None
) -> User:
    """Several changes at once (the API's PATCH): all of them or none."""
    require_accounts_admin(actor)
    user = _account(user_id)
    if is_org_admin is not None:
        user = org_admin_set(actor=actor, user_id=user_id, value=is_org_admin)
    if is_active is not None:
        user = account_set_active(actor=actor, user_id=user_id, active=is_active)
    return user
