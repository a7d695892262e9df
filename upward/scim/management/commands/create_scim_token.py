from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from upward.scim.services import scim_token_create


class Command(BaseCommand):
    help = "Create a SCIM bearer token for an identity provider and print it (shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="The provider, e.g. 'Entra ID'")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(scim_token_create(actor=None, name=options["name"]))
