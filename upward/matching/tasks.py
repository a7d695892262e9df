"""Background tasks: thin wrappers over runs.py, enqueued with transaction.on_commit."""

from __future__ import annotations

from django_tasks import task

from upward.matching.runs import run_execute


@task()
def match_run_task(run_id: int) -> str:
    return run_execute(run_id=run_id).status
