"""The one door from accounts to the audit log, so every change is recorded the same way."""

from __future__ import annotations

from typing import Any

from upward.people.models import User


def audit(
    actor: User | None,
    action: str,
    *,
    target: str = "",
    program_id: int | None = None,
    **details: Any,
) -> None:
    # Placeholder until upward.audit lands on main; then: audit.services.record(...).
    _ = (actor, action, target, program_id, details)
