"""`upward install_library`: create or refresh the shipped conversation library by slug.

Migrations install it once; run this after editing upward/content/library.py to bring an existing
database in line without waiting for a release. Safe to run any number of times.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from upward.content.library import library_install


class Command(BaseCommand):
    help = "Create or refresh the shipped prompts, agenda templates, guides and learning paths."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = library_install()
        self.stdout.write(
            "Learning library: {prompts} prompts, {templates} agenda templates, "
            "{resources} resources, {roadmaps} learning paths.".format(**counts)
        )
