"""Match runs that lose their worker: a heartbeat while a run executes, the scheduler's sweep
for runs whose worker is gone, and a coordinator's cancel.

A worker killed mid-run (`kill -9`, out of memory, a lost machine) cannot say so, so the worker
proves it is alive instead: a thread writes `heartbeat_at` every MATCH_RUN_HEARTBEAT_SECONDS
while the run executes. The scheduler (`upward scheduler`, a tick every 60 s) calls
`runs_recover_stale`; a running run whose heartbeat is older than MATCH_RUN_LEASE_SECONDS (60 s)
lost its worker: it is queued again for another worker, or, once it has been started
MATCH_RUN_MAX_ATTEMPTS times, failed with a reason the coordinator reads on the run's page. With
the defaults that happens at most two minutes after the worker died.

A worker that was only slow, not dead, finds its run no longer `running` and stops without
writing anything (`RunStopped`), so a run is never saved twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import default_task_backend
from django_tasks_db.models import DBTaskResult

from upward.access import require_manage
from upward.audit.services import declare, record
from upward.errors import ServiceError
from upward.matching import tasks
from upward.matching.models import MatchRun
from upward.matching.services.heartbeat import lease
from upward.people.models import User

logger = logging.getLogger(__name__)

Status = MatchRun.Status
RUN_CANCELLED = declare("match_run.cancelled", "Match run cancelled")
RUN_RECOVERED = declare("match_run.worker_lost", "Match run's worker stopped (requeued or failed)")
UNFINISHED = [Status.QUEUED, Status.RUNNING]
TASK_PATH = f"{tasks.match_run_task.func.__module__}.{tasks.match_run_task.func.__qualname__}"


@dataclass
class Recovered:
    """What one sweep did: runs queued again and runs failed (their ids)."""

    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.requeued or self.failed)


def _lost_worker_message(run: MatchRun, seen: dt.datetime) -> str:
    when = date_format(timezone.localtime(seen), "j M Y, H:i")
    # Stored with the run, in the language active when it is written (the organisation's).
    return ngettext(
        "The worker running this match stopped (last seen %(when)s) before it finished, "
        "%(n)d time. Nothing was saved; start a new run. If this keeps happening, ask your "
        "administrator to check the task workers' logs.",
        "The worker running this match stopped (last seen %(when)s) before it finished, "
        "%(n)d times. Nothing was saved; start a new run. If this keeps happening, ask your "
        "administrator to check the task workers' logs.",
        run.attempts,
    ) % {"when": when, "n": run.attempts}


def runs_recover_stale(*, now: dt.datetime | None = None) -> Recovered:
    """The scheduler's sweep: requeue (or fail, after the last attempt) every running run whose
    worker stopped beating, and re-enqueue queued runs whose task was lost."""
    now = now or timezone.now()
    done = Recovered()
    stale = MatchRun.objects.filter(status=Status.RUNNING, heartbeat_at__lt=now - lease())
    for run_id in list(stale.values_list("pk", flat=True)):
        with transaction.atomic():
            run = (
                MatchRun.objects.select_for_update()
                .filter(pk=run_id, status=Status.RUNNING, heartbeat_at__lt=now - lease())
                .first()
            )
            if run is None:  # it beat meanwhile, or another scheduler took it
                continue
            assert run.heartbeat_at is not None
            if run.attempts >= settings.MATCH_RUN_MAX_ATTEMPTS:
                run.status = Status.FAILED
                run.stage = "failed"
                run.error = _lost_worker_message(run, run.heartbeat_at)
                run.finished_at = now
                run.save(update_fields=["status", "stage", "error", "finished_at"])
                done.failed.append(run.pk)
                record(
                    None,
                    RUN_RECOVERED,
                    target=f"match run {run.pk}",
                    program_id=run.program_id,
                    details={"outcome": "failed"},
                )
                logger.warning("match run %s failed: its worker stopped", run.pk)
            else:
                run.status = Status.QUEUED
                run.stage = "requeued: its worker stopped"
                run.progress = 0.0
                run.save(update_fields=["status", "stage", "progress"])
                transaction.on_commit(partial(tasks.match_run_task.enqueue, run.pk))
                done.requeued.append(run.pk)
                record(
                    None,
                    RUN_RECOVERED,
                    target=f"match run {run.pk}",
                    program_id=run.program_id,
                    details={"outcome": "requeued", "attempts": run.attempts},
                )
                logger.warning("match run %s requeued: its worker stopped", run.pk)
    # A worker that took the task and died before marking the run running leaves it queued
    # with no task waiting: queue it again (only the database backend can tell).
    if type(default_task_backend).__name__ == "DatabaseBackend":
        old_queued = MatchRun.objects.filter(
            status=Status.QUEUED, created_at__lt=now - lease()
        ).values_list("pk", flat=True)
        for run_id in old_queued:
            if not _task_waiting(run_id):
                transaction.on_commit(partial(tasks.match_run_task.enqueue, run_id))
                done.requeued.append(run_id)
    return done


def _task_waiting(run_id: int) -> bool:
    return any(
        (result.args_kwargs or {}).get("args") == [run_id]
        for result in DBTaskResult.objects.ready().filter(task_path=TASK_PATH)
    )


@transaction.atomic
def run_cancel(*, actor: User, run: MatchRun) -> MatchRun:
    """Stop a queued or running run (a stuck one included): it fails with who cancelled it, a
    worker still running it stops at its next beat, and a new run may start at once."""
    require_manage(actor=actor, program=run.program)
    run = MatchRun.objects.select_for_update().select_related("program").get(pk=run.pk)
    if run.status not in UNFINISHED:
        raise ServiceError(
            _("This run is %(status)s; only a queued or running run can be cancelled.")
            % {"status": run.status_words},
            field="run",
            status=409,
        )
    now = timezone.now()
    run.status = Status.FAILED
    run.stage = "cancelled"
    run.error = _("Cancelled by %(name)s on %(when)s.") % {
        "name": actor.get_full_name(),
        "when": date_format(timezone.localtime(now), "j M Y, H:i"),
    }
    run.finished_at = now
    run.save(update_fields=["status", "stage", "error", "finished_at"])
    record(actor, RUN_CANCELLED, target=f"match run {run.pk}", program_id=run.program_id)
    return run
