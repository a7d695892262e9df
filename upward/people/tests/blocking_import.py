"""`python -m upward.people.tests.blocking_import import_people FILE`: the real command, with one
test-only change: the import blocks half-way through writing (people inserted, groups not yet)
until the test kills the process. Writes BLOCK_MARKER once it is blocked."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any

import django


def _patch() -> None:
    from upward.people import importing  # needs the app registry, set up just before

    def block_half_way(*args: Any, **kwargs: Any) -> set[int]:
        Path(os.environ["BLOCK_MARKER"]).write_text("blocked")
        threading.Event().wait()  # until SIGKILL
        return set()

    importing._sync_affinity_groups = block_half_way  # type: ignore[assignment]


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upward.settings")
    django.setup()
    _patch()
    from upward.__main__ import main

    main(["upward", *sys.argv[1:]])
