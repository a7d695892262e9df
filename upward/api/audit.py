"""/api/v1/audit: the audit log, newest first (org admins only; 404 for everyone else)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Query, Router, Schema

from upward.access import AuthedRequest
from upward.audit.services import action_label
from upward.privacy import selectors

router = Router(tags=["audit"])


class AuditFilters(Schema):
    action: str = Field("", description="Only this action, e.g. person.erased.")
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=200)


class AuditEntryOut(Schema):
    id: int
    at: dt.datetime
    actor: str = Field(description="Who acted (their e-mail then); empty: Upward itself.")
    action: str
    action_label: str
    target: str
    program_id: int | None
    details: dict[str, Any]


class AuditPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[AuditEntryOut]


@router.get("", response=AuditPage, summary="Org admins: the audit log (paginated)")
def list_audit(request: AuthedRequest, filters: Query[AuditFilters]) -> AuditPage:
    qs = selectors.audit_entries(user=request.user, action=filters.action)
    start = (filters.page - 1) * filters.page_size
    rows = list(qs[start : start + filters.page_size])
    return AuditPage(
        count=qs.count(),
        page=filters.page,
        page_size=filters.page_size,
        results=[
            AuditEntryOut(
                id=e.pk,
                at=e.at,
                actor=e.actor_label,
                action=e.action,
                action_label=action_label(e.action),
                target=e.target,
                program_id=e.program_id,
                details=e.details,
            )
            for e in rows
        ],
    )
