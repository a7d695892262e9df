from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser, no_translations

from upward.people import importing


class Command(BaseCommand):
    help = (
        "Import the directory from the HR system's CSV (upsert by employee_id, all or nothing). "
        "Columns: " + ",".join(importing.COLUMNS)
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV file, or - for standard input")

    # Output for the operator (contract 6: `row N, column X: problem`), in English whatever
    # LANGUAGE_CODE says; people importing from the page read it in their own language.
    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        if name == "-":
            data = sys.stdin.buffer.read()
        else:
            path = Path(name)
            if not path.is_file():
                self.stderr.write(f"{name}: no such file")
                sys.exit(2)
            data = path.read_bytes()
        try:
            result = importing.people_import_csv(data=data, source=Path(name).name)
        except importing.DirectoryImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            self.stderr.write(f"{len(exc.errors)} problem(s); nothing was imported.")
            sys.exit(2)
        self.stdout.write(f"Imported {result.summary()}.")
