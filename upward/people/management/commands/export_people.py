from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from upward.people.exporting import people_export_csv_lines


class Command(BaseCommand):
    help = "Export the whole directory (leavers included) as CSV to standard output."

    def handle(self, *args: Any, **options: Any) -> None:
        for line in people_export_csv_lines():
            self.stdout.write(line, ending="")
