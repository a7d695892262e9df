"""The directory import: contract 6 (columns, upsert, all-or-nothing, row-level messages)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from upward.people.exporting import people_export_csv_lines
from upward.people.importing import (
    COLUMNS,
    DirectoryImportError,
    people_import_csv,
)
from upward.people.models import Person, PersonChange
from upward.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)


def csv_of(*rows: str, header: str = HEADER, newline: str = "\n") -> str:
    return newline.join([header, *rows]) + newline


CEO = (
    "E1,Ada Boss,ada@example.com,CEO,12,Exec,,London,Europe/London,en;fr,"
    "Women in Leadership,2001-02-03,"
)
VP = "E2,Bo Vice,bo@example.com,VP Finance,10,Finance,E1,Paris,Europe/Paris,fr,,2010-05-06,"
JR = (
    "E3,Cy Junior,cy@example.com,Graduate,2,Finance,E2,Paris,Europe/Paris,fr;en,"
    "Pride Network;Early Careers,2025-09-01,"
)


def errors_of(data: str | bytes) -> list[str]:
    with pytest.raises(DirectoryImportError) as caught:
        people_import_csv(data=data)
    return [str(e) for e in caught.value.errors]


def test_it_imports_people_with_managers_lists_and_dates() -> None:
    result = people_import_csv(data=csv_of(CEO, VP, JR))
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    junior = Person.objects.get(employee_id="E3")
    assert junior.manager.employee_id == "E2"
    assert junior.manager.manager.employee_id == "E1"
    assert junior.languages == ["fr", "en"]
    assert sorted(g.name for g in junior.affinity_groups.all()) == [
        "Early Careers",
        "Pride Network",
    ]
    assert junior.hire_date == dt.date(2025, 9, 1)
    assert junior.department.name == "Finance"
    assert junior.is_active


def test_reimporting_the_same_file_changes_nothing() -> None:
    people_import_csv(data=csv_of(CEO, VP, JR))
    before = list(Person.objects.order_by("pk").values())
    result = people_import_csv(data=csv_of(CEO, VP, JR))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert list(Person.objects.order_by("pk").values()) == before
    assert not PersonChange.objects.exists()


def test_a_changed_manager_updates_the_person_and_keeps_history() -> None:
    people_import_csv(data=csv_of(CEO, VP, JR))
    moved = JR.replace(",E2,", ",E1,")
    result = people_import_csv(data=csv_of(CEO, VP, moved))
    assert result.updated == 1
    junior = Person.objects.get(employee_id="E3")
    assert junior.manager.employee_id == "E1"
    change = PersonChange.objects.get(person=junior)
    assert change.field == "manager"
    # The history names people by employee id, not by database id.
    assert (change.old_value, change.new_value) == ("E2", "E1")


@time_machine.travel("2026-06-01")
def test_a_leaver_is_deactivated_never_deleted_and_loses_sign_in() -> None:
    people_import_csv(data=csv_of(CEO, VP, JR))
    user = UserFactory(email="cy@example.com", person=Person.objects.get(employee_id="E3"))
    left = JR.rstrip(",") + ",2026-05-31"
    result = people_import_csv(data=csv_of(CEO, VP, left))
    assert result.deactivated == 1
    junior = Person.objects.get(employee_id="E3")
    assert junior.left_on == dt.date(2026, 5, 31)
    assert not junior.is_active
    user.refresh_from_db()
    assert not user.is_active
    assert Person.objects.count() == 3


def test_people_missing_from_a_later_file_are_kept() -> None:
    people_import_csv(data=csv_of(CEO, VP, JR))
    people_import_csv(data=csv_of(CEO))
    assert Person.objects.count() == 3


def test_utf8_bom_and_windows_line_endings_are_accepted() -> None:
    data = ("\ufeff" + csv_of(CEO, VP, JR, newline="\r\n")).encode("utf-8")
    result = people_import_csv(data=data)
    assert result.created == 3
    assert Person.objects.get(employee_id="E1").name == "Ada Boss"


def test_missing_columns_are_each_reported_on_the_header_row() -> None:
    header = ",".join(c for c in COLUMNS if c not in {"email", "left_on"})
    assert errors_of(csv_of(header=header)) == [
        "row 1, column email: missing column",
        "row 1, column left_on: missing column",
    ]


def test_unknown_manager_ids_are_reported_with_row_and_column() -> None:
    bad = VP.replace(",E1,", ",E404,")
    assert errors_of(csv_of(CEO, bad)) == [
        "row 3, column manager_employee_id: unknown employee_id 'E404'"
    ]


def test_manager_cycles_are_reported_and_nothing_is_written() -> None:
    a = "A1,Al,al@example.com,,5,Ops,A2,,UTC,,,,"
    b = "A2,Bea,bea@example.com,,5,Ops,A3,,UTC,,,,"
    c = "A3,Cid,cid@example.com,,5,Ops,A1,,UTC,,,,"
    errors = errors_of(csv_of(a, b, c))
    assert len(errors) == 1
    assert errors[0].startswith("row 2, column manager_employee_id: reporting line loops back")
    assert "A1 → A2 → A3 → A1" in errors[0]
    assert not Person.objects.exists()


def test_a_cycle_through_people_already_in_the_directory_is_caught() -> None:
    people_import_csv(data=csv_of(CEO, VP))
    ceo_reporting_to_vp = CEO.replace(",Exec,,", ",Exec,E2,")
    errors = errors_of(csv_of(ceo_reporting_to_vp))
    assert "loops back" in errors[0]
    assert Person.objects.get(employee_id="E1").manager is None


def test_self_management_is_refused() -> None:
    assert errors_of(csv_of(CEO.replace(",Exec,,", ",Exec,E1,"))) == [
        "row 2, column manager_employee_id: a person cannot manage themselves"
    ]


def test_duplicate_employee_ids_and_emails_name_both_rows() -> None:
    dup_id = JR.replace("E3,", "E2,", 1).replace("cy@", "cy2@")
    dup_email = JR.replace("E3,", "E9,", 1)
    errors = errors_of(csv_of(CEO, VP, JR, dup_id, dup_email))
    assert "row 5, column employee_id: duplicate employee_id 'E2' (also on row 3)" in errors
    assert "row 6, column email: duplicate email 'cy@example.com' (also on row 4)" in errors


def test_bad_emails_dates_levels_and_time_zones_are_each_reported() -> None:
    row = "E5,Dee,not-an-email,,senior,Ops,,,Mars/Olympus,,,2020-13-01,yesterday"
    assert errors_of(csv_of(row)) == [
        "row 2, column email: 'not-an-email' is not a valid email address",
        "row 2, column level: 'senior' is not a whole number",
        "row 2, column timezone: 'Mars/Olympus' is not a known time zone (e.g. Europe/Paris)",
        "row 2, column hire_date: '2020-13-01' is not a date (expected YYYY-MM-DD)",
        "row 2, column left_on: 'yesterday' is not a date (expected YYYY-MM-DD)",
    ]


def test_required_values_and_ragged_rows_are_reported() -> None:
    errors = errors_of(csv_of(",,,Intern,,,,,,,,,", "E7,Too,few"))
    assert "row 2, column employee_id: is required" in errors
    assert "row 2, column name: is required" in errors
    assert "row 2, column email: is required" in errors
    assert "row 3, column -: has 3 values, expected 13" in errors


def test_one_bad_row_means_nothing_is_imported_or_updated() -> None:
    people_import_csv(data=csv_of(CEO, VP))
    renamed = CEO.replace("Ada Boss", "Ada Renamed")
    bad = JR.replace("2025-09-01", "someday")
    with pytest.raises(DirectoryImportError):
        people_import_csv(data=csv_of(renamed, VP, bad))
    assert Person.objects.get(employee_id="E1").name == "Ada Boss"
    assert not Person.objects.filter(employee_id="E3").exists()


def test_an_email_taken_by_someone_else_in_the_directory_is_refused() -> None:
    people_import_csv(data=csv_of(CEO, VP))
    newcomer = "E8,Eve,ada@example.com,,3,Ops,,,UTC,,,,"
    assert errors_of(csv_of(newcomer)) == [
        "row 2, column email: 'ada@example.com' already belongs to employee 'E1'"
    ]


def test_two_people_can_swap_emails_in_one_file() -> None:
    people_import_csv(data=csv_of(CEO, VP))
    swapped_ceo = CEO.replace("ada@", "bo@")
    swapped_vp = VP.replace("bo@", "ada@")
    result = people_import_csv(data=csv_of(swapped_ceo, swapped_vp))
    assert result.updated == 2
    assert Person.objects.get(employee_id="E1").email == "bo@example.com"


def test_non_utf8_files_get_a_clear_message() -> None:
    assert errors_of(csv_of(CEO).encode("utf-16"))[0].startswith(
        "row 1, column -: the file is not UTF-8"
    )


def test_export_round_trips_through_import_without_changes() -> None:
    people_import_csv(data=csv_of(CEO, VP, JR.rstrip(",") + ",2026-01-31"))
    exported = "".join(people_export_csv_lines())
    assert exported.splitlines()[0] == HEADER
    result = people_import_csv(data=exported)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)


def test_import_of_a_few_thousand_rows_uses_a_bounded_number_of_queries(
    django_assert_max_num_queries: object,
) -> None:
    rows = [CEO] + [
        f"X{i},Person {i},p{i}@example.com,Analyst,{i % 5 + 1},Ops,E1,,UTC,en,Group {i % 3},,"
        for i in range(3000)
    ]
    # Bulk writes: queries grow with batches of rows, never one (or more) per row.
    with django_assert_max_num_queries(200):  # type: ignore[operator]
        result = people_import_csv(data=csv_of(*rows))
    assert result.created == 3001
