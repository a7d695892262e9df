"""Who hears about what: the one rule, asked when a delivery is recorded and again when sent.

An endpoint receives an event when it subscribed to it and its owner may see the event's
program(s) as a manager (`upward.access`): an org admin everywhere (or in the one program the
endpoint names), a coordinator only in programs they manage. An event that belongs to no
program (a leaver who never took part) reaches org admins' organisation-wide endpoints only.
"""

from __future__ import annotations

from collections.abc import Iterable

from upward.access import is_org_admin, programs_managed_by
from upward.webhooks.models import Endpoint


def visible_programs(
    endpoint: Endpoint, program_ids: Iterable[int], *, managed: set[int] | None = None
) -> list[int] | None:
    """The event's programs this endpoint may hear about; None when it may not hear at all.

    An empty list means "organisation-wide and allowed" (an org admin's endpoint without a
    program, for an event outside any program). `managed` may pass the owner's managed
    program ids when many events are checked at once.
    """
    owner = endpoint.owner
    if not owner.is_active:
        return None
    given = sorted(set(program_ids))
    wanted = given
    if endpoint.program_id is not None:
        wanted = [pk for pk in wanted if pk == endpoint.program_id]
    if not is_org_admin(owner):
        if managed is None:
            managed = managed_program_ids(endpoint)
        wanted = [pk for pk in wanted if pk in managed]
    if wanted:
        return wanted
    if endpoint.program_id is None and is_org_admin(owner) and not given:
        return []
    return None


def managed_program_ids(endpoint: Endpoint) -> set[int]:
    return set(programs_managed_by(user=endpoint.owner).values_list("pk", flat=True))
