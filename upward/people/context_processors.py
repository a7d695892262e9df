from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from upward import events
from upward.access import LEADER, MENTOR, SPONSOR, user_roles
from upward.home import NavEntry
from upward.people.events import NAV_ENTRIES
from upward.urlcache import reverse


def nav_entries() -> list[NavEntry]:
    """Every app's entries (NAV_ENTRIES), in order."""
    return sorted(events.publish(NAV_ENTRIES), key=lambda entry: entry.order)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": None}
    roles = user_roles(user)
    items: list[dict[str, Any]] = [
        {"label": entry.label, "url": reverse(entry.url_name)}
        for entry in nav_entries()
        if not entry.roles or entry.roles & roles.names
    ]
    # The current entry is the one whose address is the longest prefix of this page's path.
    matches = [i for i in items if request.path.startswith(i["url"]) and i["url"] != "/"]
    current = max(matches, key=lambda i: len(i["url"]))["url"] if matches else request.path
    for item in items:
        item["current"] = item["url"] == current
    return {
        "nav_items": items,
        "user_roles": roles,
        "ROLE_LEADER": LEADER,
        "ROLE_MENTOR": MENTOR,
        "ROLE_SPONSOR": SPONSOR,
    }
