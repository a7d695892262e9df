"""Webhook builders: an endpoint row (bypassing the URL check, for tests that point it at the
loopback receiver or at an address the sender must refuse)."""

from __future__ import annotations

from typing import Any

from upward.people.models import User
from upward.programs.models import Program
from upward.webhooks.catalogue import EVENT_TYPES
from upward.webhooks.models import Endpoint


def make_endpoint(
    owner: User,
    url: str,
    *,
    events: list[str] | None = None,
    program: Program | None = None,
    **kw: Any,
) -> Endpoint:
    return Endpoint.objects.create(
        owner=owner,
        url=url,
        events=list(EVENT_TYPES) if events is None else events,
        program=program,
        **kw,
    )
