"""What the demo steps share: the named accounts, the people by employee id, a seeded RNG."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from upward.people.models import Person, User

DEMO_PASSWORD = "upward-demo"  # noqa: S105 - a published demo password, by design
# The named demo accounts: (email, role label, employee id they are linked to, account flags).
DEMO_ACCOUNTS = [
    ("admin@example.com", "org admin", "E0290", {"is_org_admin": True}),
    ("coordinator@example.com", "program coordinator", "E0291", {"is_coordinator": True}),
    ("sponsor@example.com", "executive sponsor", "E0002", {"is_sponsor": True}),
    ("leader@example.com", "senior leader (mentee)", "E0009", {}),
    ("mentor@example.com", "junior mentor", "E0200", {}),
]


@dataclass
class DemoContext:
    users: dict[str, User] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    log: Callable[[str], Any] = print

    @property
    def coordinator(self) -> User:
        """The demo's program coordinator: the actor of most demo writes."""
        return self.users["coordinator@example.com"]
