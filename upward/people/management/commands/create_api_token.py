from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from upward.people.models import ApiToken, User
from upward.people.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it is shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="A label to recognise the token by")
        parser.add_argument(
            "--scope",
            default=ApiToken.Scope.READ_WRITE,
            choices=ApiToken.Scope.values,
            help="read: GET only; read_write (the default): may also change things",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None or not user.is_active:
            self.stderr.write(f"No active user with email {options['email']!r}.")
            sys.exit(2)
        token = api_token_create(user=user, name=options["name"], scope=options["scope"])
        self.stdout.write(token)
