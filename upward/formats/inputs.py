"""What date fields read and write, per language: ISO 8601 first, then the language's own.

A widget writes its value in the first input format, and `<input type="date">` (or
`datetime-local`) only understands ISO: Django's French or German formats put "03/12/2026" or
"03.12.2026" first, which such an input shows as empty. ISO first keeps every date field filled
in every language; dates typed the local way are still read.
"""

from __future__ import annotations

from importlib import import_module

ISO_DATE = ["%Y-%m-%d"]
ISO_DATETIME = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M"]


def iso_first(language: str) -> tuple[list[str], list[str]]:
    """(DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS) for `language`: ISO, then Django's own."""
    django_formats = import_module(f"django.conf.locale.{language}.formats")
    dates = ISO_DATE + [f for f in django_formats.DATE_INPUT_FORMATS if f not in ISO_DATE]
    moments = ISO_DATETIME + [
        f for f in django_formats.DATETIME_INPUT_FORMATS if f not in ISO_DATETIME
    ]
    return dates, moments
