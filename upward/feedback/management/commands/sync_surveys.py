"""`upward sync_surveys`: schedule missing check-ins and ask late joiners of open custom surveys.

The notifications scheduler already does this on every tick; this is for a one-off catch-up
(after an import, or where no scheduler runs).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from upward.feedback.services.schedule import survey_assignments_sync


class Command(BaseCommand):
    help = "Create missing survey assignments (check-ins and open custom surveys)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = survey_assignments_sync()
        self.stdout.write(f"{created} new survey assignment{'s' if created != 1 else ''}.")
