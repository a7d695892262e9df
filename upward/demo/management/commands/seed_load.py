from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from upward.demo.load import LOAD_PASSWORD, is_seeded, seed_load
from upward.people.models import Person


class Command(BaseCommand):
    help = (
        "Seed the organisation `make load` measures: the demo plus 20,000 people and an active "
        "program of 2,000 pairs (bulk inserts). Only on a scratch database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=20_000)
        parser.add_argument("--pairs", type=int, default=2_000)
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Empty the database first (every table): only for a scratch database",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
        elif is_seeded():
            self.stdout.write("The load organisation is already seeded (--reset to start again).")
            return
        elif Person.objects.exclude(employee_id__startswith="E").exists():
            # The demo's own people are E...; anyone else may be real: refuse to add to them.
            raise CommandError(
                "This database has people of its own; seed_load only runs on a scratch "
                "database (or with --reset, which empties it)."
            )
        program = seed_load(people=options["people"], pairs=options["pairs"], log=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Load organisation ready on {connection.vendor}: program '{program.slug}'. "
                f"Sign in as load-leader-0@example.com (or mentor, coordinator, sponsor, admin) "
                f"with {LOAD_PASSWORD}."
            )
        )
