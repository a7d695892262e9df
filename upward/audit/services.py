"""Recording to the audit log. Call `record` inside the same transaction as the change it
describes, so an entry exists exactly when the change does."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import Promise
from django.utils.translation import gettext

from upward.audit.models import AuditEntry

# Known actions and how a person reads them. Apps add theirs with `declare`, the label marked
# with gettext_lazy so that it reads in the reader's language (the code itself never changes);
# an undeclared action is still recorded (a log must never refuse to record), and shown by its
# code.
ACTIONS: dict[str, str | Promise] = {}


def declare(action: str, label: str | Promise) -> str:
    ACTIONS.setdefault(action, label)
    return action


def action_label(action: str) -> str:
    """The action in words, in the active language (a plain label is looked up too, in case
    another catalogue translates it)."""
    label = ACTIONS.get(action)
    if label is None:
        return action
    return str(label) if isinstance(label, Promise) else gettext(label)


def record(
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    *,
    target: str = "",
    program_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. `actor` None (or anonymous) means the system did it (scheduler, SCIM)."""
    user = actor if actor is not None and actor.is_authenticated else None
    label = ""
    if user is not None:
        label = str(getattr(user, "email", "") or user.get_username())
    return AuditEntry.objects.create(
        actor_id=user.pk if user is not None else None,
        actor_label=label[:254],
        action=action[:64],
        target=target[:300],
        program_id=program_id,
        details=details or {},
    )
