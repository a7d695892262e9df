from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from upward.access import COORDINATOR, LEADER, MENTOR, ORG_ADMIN, SPONSOR, user_roles

# (label, url name, roles that see it). Later apps append their own entries here.
NAV_ITEMS: list[tuple[str, str, set[str]]] = [
    ("Home", "home", set()),
    ("Directory", "people:list", {ORG_ADMIN, COORDINATOR}),
    ("Import", "people:import", {ORG_ADMIN}),
]


def register_nav(label: str, url_name: str, roles: set[str], *, before: str | None = None) -> None:
    """Apps add navigation entries at import time (see each app's apps.py ready())."""
    entry = (label, url_name, roles)
    if any(item[1] == url_name for item in NAV_ITEMS):
        return
    if before is not None:
        for index, item in enumerate(NAV_ITEMS):
            if item[1] == before:
                NAV_ITEMS.insert(index, entry)
                return
    NAV_ITEMS.append(entry)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": None}
    roles = user_roles(user)
    items: list[dict[str, Any]] = [
        {"label": label, "url": reverse(url_name)}
        for label, url_name, needed in NAV_ITEMS
        if not needed or needed & roles.names
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
