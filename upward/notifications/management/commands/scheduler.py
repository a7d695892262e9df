"""`upward scheduler`: every N seconds, record due reminders and ask a worker to send them.

All state is in the database (the deliveries ledger), so the scheduler can be stopped,
restarted, or run twice: nothing is lost and nothing is sent twice. `--once` runs one tick for
cron or tests; `--send` also sends in this process instead of leaving it to `db_worker`.
"""

from __future__ import annotations

import logging
import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from upward.notifications.scheduling import scheduler_tick

logger = logging.getLogger("upward.notifications.scheduler")


class Command(BaseCommand):
    help = "Record due reminders and enqueue their sending, every --interval seconds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=60.0, help="Seconds between sweeps (default 60)."
        )
        parser.add_argument("--once", action="store_true", help="Run one sweep and exit.")
        parser.add_argument(
            "--send",
            action="store_true",
            help="Send due messages in this process too (no worker needed).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        interval = max(1.0, options["interval"])
        if not options["once"]:
            self.stdout.write(f"Reminder scheduler started: a sweep every {interval:g} s.")
        if options["once"]:
            tick = scheduler_tick(send_inline=options["send"])
            self.stdout.write(tick.summary() or "Nothing due.")
            return
        while self.running:
            # A long-running loop must drop connections the database has timed out; a single
            # tick (--once, for cron) just uses the one Django opens.
            close_old_connections()
            try:
                tick = scheduler_tick(send_inline=options["send"])
            except Exception:
                # E.g. the database is restarting. Log it and try again next tick: the state is
                # in the database, so nothing is lost by skipping one.
                logger.exception("Scheduler tick failed; retrying in %g s", interval)
            else:
                if tick.summary():
                    self.stdout.write(tick.summary())
            close_old_connections()
            slept = 0.0
            while self.running and slept < interval:
                time.sleep(min(1.0, interval - slept))
                slept += 1.0

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        # Finish the current sweep (it is short) and exit; the next start picks up from the DB.
        self.running = False
