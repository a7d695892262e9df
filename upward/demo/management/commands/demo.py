from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from upward.demo.context import DEMO_PASSWORD
from upward.demo.seed import seed_demo


class Command(BaseCommand):
    help = "Seed the demo organisation and programs (idempotent) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Do not print the logins")

    def handle(self, *args: Any, **options: Any) -> None:
        logins = seed_demo(log=self.stdout.write)
        if options["quiet"]:
            return
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo ready. Sign in at {settings.SITE_URL} with:"))
        for email, role in logins:
            self.stdout.write(f"  {email:<28} {DEMO_PASSWORD}   ({role})")
