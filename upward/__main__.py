"""The `upward` console script: Django's manage.py, plus a fast path for `upward match`."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] == "match":
        # The matching engine needs no Django: skip settings and app loading entirely so
        # data teams can run it anywhere and start-up stays instant.
        from upward.engine.cli import main as match_main

        sys.exit(match_main(args[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upward.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from upward.env import ImproperlyConfiguredEnv

    try:
        execute_from_command_line(args)
    except (ImproperlyConfiguredEnv, ImproperlyConfigured) as exc:
        # A setting an operator must fix: one line saying which, not a traceback.
        sys.exit(f"upward: {exc}")


if __name__ == "__main__":
    main()
