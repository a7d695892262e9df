"""Issue 12, item 7: odd directory input is refused with the row and column, nothing written:
an empty file, control and direction-override characters, lists past their limits, values longer
than their database column (a 201-character group used to be a PostgreSQL traceback)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from upward.people.importing import COLUMNS, DirectoryImportError, people_import_csv
from upward.people.models import AffinityGroup, ImportBatch, Person

pytestmark = pytest.mark.django_db
HEADER = ",".join(COLUMNS)


def row(
    name: str = "Ada Boss",
    *,
    email: str = "ada@example.com",
    languages: str = "en",
    groups: str = "",
) -> str:
    return f'E1,"{name}",{email},CEO,12,Exec,,London,UTC,"{languages}","{groups}",,'


def problems(*rows: str) -> list[str]:
    with pytest.raises(DirectoryImportError) as caught:
        people_import_csv(data="\n".join([HEADER, *rows]) + "\n")
    assert not Person.objects.exists(), "nothing written"
    assert not AffinityGroup.objects.exists()
    assert not ImportBatch.objects.exists()
    return [str(e) for e in caught.value.errors]


def run_command(tmp_path: Path, text: str) -> tuple[int, list[str]]:
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_people", str(path), stderr=err, stdout=io.StringIO())
    return int(exit_info.value.code or 0), err.getvalue().splitlines()


# --- an empty import ----------------------------------------------------------------------------


def test_a_header_only_file_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    code, lines = run_command(tmp_path, HEADER + "\n")
    assert code == 2
    assert lines[0] == ("row 2, column -: no people to import: the file has a header but no rows")
    assert "Traceback" not in "\n".join(lines)


def test_a_header_with_blank_lines_only_is_empty_too(tmp_path: Path) -> None:
    code, lines = run_command(tmp_path, HEADER + "\n\n,,,,,,,,,,,,\n")
    assert code == 2
    assert "no people to import" in lines[0]


def test_the_import_page_shows_the_empty_file_as_an_error(admin_client_: Client) -> None:
    upload = SimpleUploadedFile("people.csv", (HEADER + "\n").encode(), content_type="text/csv")
    page = admin_client_.post("/people/import/", {"file": upload})
    assert page.status_code == 400
    html = page.content.decode()
    assert "Nothing was imported: 1 problem to fix" in html
    assert "no people to import: the file has a header but no rows" in html


def test_the_api_refuses_an_empty_list(admin_client_: Client) -> None:
    response = admin_client_.post(
        "/api/v1/people/import", {"people": []}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "no people to import: the list is empty" in response.json()["detail"]


# --- control characters -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Ada\u202eexe.txt",
            "row 2, column name: contains an invisible or control character "
            "(U+202E RIGHT-TO-LEFT OVERRIDE) at position 4; remove it",
        ),
        (
            "Ada\x07Boss",
            "row 2, column name: contains an invisible or control character "
            "(U+0007, a control character) at position 4; remove it",
        ),
        ("Ada\x1b[31mBoss", "row 2, column name: contains an invisible or control character"),
        ("Ada\u2066Boss", "row 2, column name: contains an invisible or control character"),
        ("Ada\x85Boss", "row 2, column name: contains an invisible or control character"),
        ("Ada\nBoss", "row 2, column name: contains an invisible or control character"),
        ("Ada\x00Boss", "row 2, column name: contains an invisible or control character"),
    ],
    ids=["RTL override", "BEL", "ESC", "isolate", "C1 NEL", "line break", "NUL"],
)
def test_control_characters_are_refused_with_row_and_column(name: str, expected: str) -> None:
    found = problems(row(name))
    assert any(p.startswith(expected) for p in found), found


def test_control_characters_are_refused_in_every_column() -> None:
    found = problems(row(groups="Pride\u202e;Allies", languages="en\x07"))
    assert [p.split(":")[0] for p in found] == [
        "row 2, column languages",
        "row 2, column affinity_groups",
    ]


def test_right_to_left_names_are_still_welcome() -> None:
    people_import_csv(data="\n".join([HEADER, row("\u05e9\u05e8\u05d4 \u05db\u05d4\u05df")]))
    assert Person.objects.get().name == "\u05e9\u05e8\u05d4 \u05db\u05d4\u05df"


# --- lists and lengths ------------------------------------------------------------------------


def test_one_row_may_not_create_thousands_of_groups() -> None:
    groups = ";".join(f"Group {n}" for n in range(2000))
    assert problems(row(groups=groups)) == [
        "row 2, column affinity_groups: lists 2000 items; at most 50"
    ]


def test_a_group_name_longer_than_its_column_is_a_row_error() -> None:
    # On PostgreSQL this used to reach the database: a traceback and exit 1.
    found = problems(row(groups="Allies;" + "G" * 201))
    assert found == [f"row 2, column affinity_groups: {'G' * 40!r}… is longer than 200 characters"]


def test_a_group_name_of_exactly_200_characters_imports() -> None:
    people_import_csv(data="\n".join([HEADER, row(groups="G" * 200)]))
    assert AffinityGroup.objects.get().name == "G" * 200


def test_the_command_reports_a_long_group_without_a_traceback(tmp_path: Path) -> None:
    code, lines = run_command(tmp_path, "\n".join([HEADER, row(groups="G" * 201)]) + "\n")
    assert code == 2
    assert lines[0].startswith("row 2, column affinity_groups:")
    assert lines[-1] == "1 problem(s); nothing was imported."


def test_too_many_languages_and_overlong_ones() -> None:
    many = ";".join(f"l{n}" for n in range(21))
    assert problems(row(languages=many)) == ["row 2, column languages: lists 21 items; at most 20"]
    assert problems(row(languages="x" * 36))[0].endswith("is longer than 35 characters")


def test_an_email_longer_than_its_column_is_a_row_error() -> None:
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".com"
    assert problems(row(email=email)) == ["row 2, column email: is longer than 254 characters"]
