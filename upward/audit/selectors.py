"""Reading the audit log. Who may read it is decided by the caller's access check (org admins);
these functions only filter."""

from __future__ import annotations

from django.db.models import QuerySet

from upward.audit.models import AuditEntry


def entries(
    *, action: str = "", actor_id: int | None = None, program_id: int | None = None
) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.all()
    if action:
        qs = qs.filter(action=action)
    if actor_id is not None:
        qs = qs.filter(actor_id=actor_id)
    if program_id is not None:
        qs = qs.filter(program_id=program_id)
    return qs.order_by("-at", "-id")


def recorded_actions() -> list[str]:
    """The actions present in the log, for a filter menu."""
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())
