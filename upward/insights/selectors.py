"""Who may see which program's measurements: the rules live in `upward.access.programs`."""

from __future__ import annotations

from upward.access.programs import (
    can_manage_surveys,
    can_record_behaviour_change,
    can_view_health,
    can_view_insights,
    programs_for_health,
    programs_for_insights,
)
from upward.access.roles import AnyUser

__all__ = [
    "AnyUser",
    "can_manage_surveys",
    "can_record_behaviour_change",
    "can_view_health",
    "can_view_insights",
    "programs_for_health",
    "programs_for_insights",
]
