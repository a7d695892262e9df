"""Background tasks (django-tasks): thin wrappers over the services, run by `upward db_worker`."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from upward.notifications.sending import deliveries_send_due
from upward.notifications.sweep import reminders_sweep


@task()
def send_due_deliveries() -> dict[str, int]:
    """Drain the due deliveries. Any number may run at once; each row is claimed by one."""
    return deliveries_send_due().as_dict()


@task()
def sweep_reminders() -> dict[str, int]:
    result = reminders_sweep()
    return {"candidates": result.candidates, "created": result.created}


def enqueue_sending() -> None:
    """Ask a worker to send, once the current transaction (if any) has committed."""
    transaction.on_commit(send_due_deliveries.enqueue)
