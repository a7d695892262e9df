"""The demo's orchestration: every step in order, in one transaction (all or nothing)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from django.db import transaction

from upward.demo import (
    community,
    content,
    feedback,
    matching,
    mentoring,
    notifications,
    people,
    programs,
)
from upward.demo.context import DEMO_ACCOUNTS, DemoContext

# Each module has `seed(ctx: DemoContext) -> None` and is idempotent on its own; later steps read
# what earlier ones made (people -> programs -> match runs and pairs -> rooms -> the rest).
STEPS: tuple[ModuleType, ...] = (
    people,
    programs,
    matching,
    mentoring,
    content,
    community,
    feedback,
    notifications,
)


def seed_demo(*, log: Callable[[str], Any] = print) -> list[tuple[str, str]]:
    """Seed (or top up) the demo; returns the named logins as (email, role label)."""
    ctx = DemoContext(log=log)
    with transaction.atomic():
        for step in STEPS:
            step.seed(ctx)
    return [(email, role) for email, role, _, _ in DEMO_ACCOUNTS]
