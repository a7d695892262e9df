"""`python -m upward.matching.tests.blocking_worker db_worker ...`: the real `upward` command,
with one test-only change: a match run blocks in the middle of scoring (its heartbeat thread
keeps beating) until the test kills the process. Writes BLOCK_MARKER once it is blocked.

Only the kill-the-worker tests start it; production code has no hook for it."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import django


def _patch() -> None:
    from upward.matching.services import runs  # needs the app registry, set up just before

    original = runs._ProgressWriter.__call__

    def block_while_scoring(self: runs._ProgressWriter, stage: str, done: int, total: int) -> None:
        original(self, stage, done, total)
        if stage == "scoring":
            Path(os.environ["BLOCK_MARKER"]).write_text(str(self.run_id))
            threading.Event().wait()  # until SIGKILL

    runs._ProgressWriter.__call__ = block_while_scoring  # type: ignore[method-assign]


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upward.settings")
    django.setup()
    _patch()
    from upward.__main__ import main

    main(["upward", *sys.argv[1:]])
