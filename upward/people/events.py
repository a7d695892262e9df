"""Events people publishes: the page frame (home panels, navigation) that every app adds to.

People is the lowest app and draws the frame (`context_processors.navigation`, the home page),
so the events are named here; the shapes are in `upward.home`.
"""

from __future__ import annotations

from upward import events

HOME_PANELS = events.declare(
    "home.panels",
    "The role-aware home page: (request) -> upward.home.Panel | None (None hides the panel).",
)
NAV_ENTRIES = events.declare(
    "nav.entries",
    "The navigation: () -> upward.home.NavEntry (subscribe a NavEntry itself; it answers with "
    "itself). The context processor keeps the entries for the user's roles.",
)
PERSON_DEACTIVATED = events.declare(
    "person.deactivated",
    "person_ids=list[int]: the directory import marked these people as leavers (their accounts "
    "were deactivated in the same transaction).",
)
