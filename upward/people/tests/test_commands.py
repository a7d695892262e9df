"""Contract 6 on the command line: `upward import_people` / `upward export_people`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from upward.people.importing import COLUMNS
from upward.people.models import Person

pytestmark = pytest.mark.django_db
HEADER = ",".join(COLUMNS)


def test_import_people_command_imports_and_reports(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "\nE1,Ada,ada@example.com,CEO,12,Exec,,,UTC,en,,,\n")
    out = io.StringIO()
    call_command("import_people", str(path), stdout=out)
    assert "1 created" in out.getvalue()
    assert Person.objects.count() == 1


def test_import_people_command_exits_2_with_one_line_per_problem(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "\nE1,Ada,ada@,CEO,high,Exec,,,UTC,en,,,\n")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_people", str(path), stderr=err)
    assert exit_info.value.code == 2
    lines = err.getvalue().splitlines()
    assert "row 2, column email: 'ada@' is not a valid email address" in lines
    assert "row 2, column level: 'high' is not a whole number" in lines
    assert not Person.objects.exists()


def test_import_people_command_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_people", str(tmp_path / "nope.csv"), stderr=io.StringIO())
    assert exit_info.value.code == 2


def test_export_people_writes_csv_to_stdout(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "\nE1,Ada,ada@example.com,CEO,12,Exec,,,UTC,en;fr,Pride,,\n")
    call_command("import_people", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("export_people", stdout=out)
    assert out.getvalue() == HEADER + "\nE1,Ada,ada@example.com,CEO,12,Exec,,,UTC,en;fr,Pride,,\n"


def test_demo_is_idempotent_and_builds_a_deep_organisation() -> None:
    call_command("demo", "--quiet", stdout=io.StringIO())
    first = Person.objects.count()
    call_command("demo", "--quiet", stdout=io.StringIO())
    assert Person.objects.count() == first
    assert first >= 280
    assert Person.objects.values("department").distinct().count() >= 6
    # Reporting tree at least five levels deep below the top.
    deepest = max(
        _depth(p) for p in Person.objects.filter(reports__isnull=True).select_related("manager")
    )
    assert deepest >= 5


def _depth(person: Person) -> int:
    depth = 0
    while person.manager_id is not None:
        person = Person.objects.get(pk=person.manager_id)
        depth += 1
    return depth
