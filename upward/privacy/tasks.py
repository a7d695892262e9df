"""Background tasks (django-tasks): thin wrappers over the services, run by `upward db_worker`."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from upward.privacy.selectors import retention_due
from upward.privacy.services import retention_purge


@task()
def purge_old_journals() -> dict[str, int]:
    """Retention: delete the private journal of programs closed longer than the period."""
    purge = retention_purge()
    return {
        "programs": purge.programs,
        "notes": purge.notes,
        "growth_entries": purge.growth_entries,
        "reflections": purge.reflections,
    }


def retention_on_tick(*, now: dt.datetime) -> None:
    """`scheduler.tick`: enqueue the purge only when a closed program has something to delete,
    so a quiet minute costs one small query and no task."""
    if retention_due(now=now):
        purge_old_journals.enqueue()
