"""Item 3 of issue 12: the directory export neutralises formula-like text (OWASP CSV
injection) through the one helper, upward/exports.py, and the import reads it back unchanged."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.test import Client

import upward
from upward.exports import safe_cell, unneutralise
from upward.people.exporting import people_export_csv_lines
from upward.people.importing import COLUMNS, people_import_csv
from upward.people.models import Person

pytestmark = pytest.mark.django_db

HOSTILE = [
    "E1,=1+1,ada@example.com,+SUM(A1:A9),3,@Finance,,-2+3,UTC,en,=cmd|' /C calc'!A0,,",
    "E2,Bo,bo@example.com,-,4,Ops,E1,Paris,UTC,en,,,",
]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Ada", "Ada"),
        ("a=b", "a=b"),
        ("", ""),
        (-3, -3),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_safe_cell_prefixes_only_formula_like_text(value: object, written: object) -> None:
    assert safe_cell(value) == written
    if isinstance(written, str):
        assert unneutralise(written) == value


def test_directory_export_neutralises_every_formula_like_cell() -> None:
    people_import_csv(data="\n".join([",".join(COLUMNS), *HOSTILE]) + "\n")
    rows = list(csv.reader(io.StringIO("".join(people_export_csv_lines()))))
    by_id = {row[0]: dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]}
    assert by_id["E1"]["name"] == "'=1+1"
    assert by_id["E1"]["title"] == "'+SUM(A1:A9)"
    assert by_id["E1"]["department"] == "'@Finance"
    assert by_id["E1"]["location"] == "'-2+3"
    assert by_id["E1"]["affinity_groups"] == "'=cmd|' /C calc'!A0"
    assert by_id["E2"]["title"] == "'-"
    assert by_id["E1"]["level"] == "3"
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r)


def test_neutralised_export_round_trips_through_the_import() -> None:
    people_import_csv(data="\n".join([",".join(COLUMNS), *HOSTILE]) + "\n")
    result = people_import_csv(data="".join(people_export_csv_lines()))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert Person.objects.get(employee_id="E1").name == "=1+1"


def test_the_download_page_serves_the_neutralised_file(admin_client_: Client) -> None:
    people_import_csv(data="\n".join([",".join(COLUMNS), *HOSTILE[:1]]) + "\n")
    body = b"".join(admin_client_.get("/people/export.csv").streaming_content).decode()  # type: ignore[attr-defined]
    assert "'=1+1" in body
    assert ",=1+1" not in body


def test_every_spreadsheet_writer_in_the_product_uses_the_one_helper() -> None:
    """A new CSV or XLSX download must neutralise its cells too: any module that writes one
    (csv.writer, csv.DictWriter, openpyxl) also calls upward.exports (safe_row or safe_cell)."""
    root = Path(upward.__file__).parent
    writers = [
        path
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and re.search(r"csv\.(writer|DictWriter)\(|openpyxl", path.read_text(encoding="utf-8"))
    ]
    assert writers, "the scan finds the known exports"
    unsafe = [
        str(path.relative_to(root))
        for path in writers
        if not re.search(r"\bsafe_(row|cell)\(", path.read_text(encoding="utf-8"))
    ]
    assert unsafe == []
