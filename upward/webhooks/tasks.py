"""Background tasks (django-tasks): thin wrappers over sending, run by `upward db_worker`."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django_tasks import default_task_backend, task

from upward.webhooks.sending import deliveries_send_due


@task()
def deliver_webhooks() -> dict[str, int]:
    """Send the due deliveries. Any number may run at once; each row is claimed by one."""
    result = deliveries_send_due()
    if result.next_due_at is not None:
        enqueue_retry(at=result.next_due_at)
    return result.as_dict()


def enqueue_delivery() -> None:
    """Ask a worker to send, once the current transaction (if any) has committed."""
    transaction.on_commit(deliver_webhooks.enqueue)


def enqueue_retry(*, at: dt.datetime) -> bool:
    """Wake a worker when the next retry is due, where the task backend can wait; the
    scheduler's tick catches anything else (`subscriptions.py`)."""
    if not default_task_backend.supports_defer:
        return False
    deliver_webhooks.using(run_after=at).enqueue()
    return True
