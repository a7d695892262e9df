"""/api/v1/pairs: the pair room over HTTP, under the same selectors and services as the pages.

A coordinator of the pair's program reads HEALTH (dates, counts, statuses, meeting times) and is
told 404 for anything the pair wrote: charter text, notes, reflections, insights, agendas,
unpublished actions and growth entries.

The endpoints live in sub-modules by sub-domain, all on the one `router` from `base`; they are
imported here in this order because the order of registration is the order of the URL patterns.
"""

# isort: off
# Registration order is URL-pattern order: keep the original order of the endpoints.
from upward.api.pairs import pairs, meetings, charters, journal, safety, followup, messages  # noqa: F401

# isort: on
from upward.api.pairs.base import router

# Closing a program's pairs lives in its own module to keep the others readable; it is mounted
# here so its paths sit under /api/v1/pairs/programs/.
from upward.api.pairs.closing import router as _closing_router

router.add_router("/programs", _closing_router)

__all__ = ["router"]
