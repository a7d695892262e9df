"""The actions accounts records in the audit log, and the one door to it, so that every change
is recorded the same way (inside the transaction of the change)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from upward.audit.services import declare, record
from upward.people.models import User

INVITED = declare("account.invited", gettext_lazy("Invited to sign in"))
ORG_ADMIN_GRANTED = declare("account.org_admin_granted", gettext_lazy("Made org admin"))
ORG_ADMIN_REVOKED = declare("account.org_admin_revoked", gettext_lazy("No longer org admin"))
COORDINATOR_GRANTED = declare(
    "account.coordinator_granted", gettext_lazy("Made coordinator of a program")
)
COORDINATOR_REVOKED = declare(
    "account.coordinator_revoked", gettext_lazy("No longer coordinator of a program")
)
SPONSOR_GRANTED = declare("account.sponsor_granted", gettext_lazy("Made sponsor of a program"))
SPONSOR_REVOKED = declare("account.sponsor_revoked", gettext_lazy("No longer sponsor of a program"))
DEACTIVATED = declare("account.deactivated", gettext_lazy("Account deactivated"))
REACTIVATED = declare("account.reactivated", gettext_lazy("Account reactivated"))


def audit(
    actor: User | None,
    action: str,
    *,
    target: str = "",
    program_id: int | None = None,
    **details: Any,
) -> None:
    record(actor, action, target=target, program_id=program_id, details=details or None)
