"""Background tasks: thin wrappers over the services, enqueued with transaction.on_commit."""

from __future__ import annotations

from django_tasks import task

# The module, not the function: services.runs enqueues this task, so each side reads the other
# at call time.
from upward.matching.services import runs


@task()
def match_run_task(run_id: int) -> str:
    return runs.run_execute(run_id=run_id).status
