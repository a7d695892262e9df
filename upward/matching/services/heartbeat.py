"""The heartbeat of a running match run: proof that its worker is alive (see recovery.py)."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from types import TracebackType

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from upward.matching.models import MatchRun

logger = logging.getLogger(__name__)

Status = MatchRun.Status


class RunStopped(Exception):
    """The run is no longer this worker's: cancelled, or given to another worker."""


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.MATCH_RUN_LEASE_SECONDS)


def beat(run_id: int) -> bool:
    """Record that the worker running `run_id` is alive; False if the run is no longer running
    (cancelled or recovered meanwhile), which tells the worker to stop."""
    return bool(
        MatchRun.objects.filter(pk=run_id, status=Status.RUNNING).update(
            heartbeat_at=timezone.now()
        )
    )


class Heartbeat:
    """While the `with` block runs, a thread beats every MATCH_RUN_HEARTBEAT_SECONDS.

    A thread rather than the engine's progress callbacks, because the engine may spend a long
    time between callbacks (solving) and a live run must never look dead."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._loop, name=f"match-run-{run_id}-heartbeat", daemon=True
        )

    def _loop(self) -> None:
        interval = settings.MATCH_RUN_HEARTBEAT_SECONDS
        try:
            while not self._stop.wait(interval):
                try:
                    if not beat(self.run_id):
                        self.lost = True
                        return
                except Exception:  # a missed beat is retried; the lease allows several
                    logger.exception("heartbeat of match run %s failed", self.run_id)
                    close_old_connections()
        finally:
            connection.close()  # this thread's own connection

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
