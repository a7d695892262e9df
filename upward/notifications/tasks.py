"""Background tasks (django-tasks): thin wrappers over the services, run by `upward db_worker`."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from upward.notifications.chat import chat_posts_send_due
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


@task()
def send_chat_posts() -> dict[str, int]:
    """Post the due program messages to their chat channels."""
    return chat_posts_send_due().as_dict()


def enqueue_chat() -> None:
    transaction.on_commit(send_chat_posts.enqueue)


def enqueue_sending() -> None:
    """Ask a worker to send, once the current transaction (if any) has committed."""
    transaction.on_commit(send_due_deliveries.enqueue)
