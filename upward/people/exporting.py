"""Directory export: the import's columns, leavers included, for a lossless round trip."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from upward.people.import_validation import COLUMNS
from upward.people.models import Person


def people_export_rows() -> Iterable[list[str]]:
    """Every person (leavers included) in the import's column order, for a lossless round trip."""
    yield COLUMNS
    groups_of: dict[int, list[str]] = {}
    through = Person.affinity_groups.through
    for pid, name in through.objects.values_list("person_id", "affinitygroup__name").iterator(
        chunk_size=5000
    ):
        groups_of.setdefault(pid, []).append(name)
    qs = Person.objects.order_by("employee_id").values_list(
        "id",
        "employee_id",
        "name",
        "email",
        "title",
        "level",
        "department__name",
        "manager__employee_id",
        "location",
        "timezone",
        "languages",
        "hire_date",
        "left_on",
    )
    for (
        pid,
        emp,
        name,
        email,
        title,
        level,
        dept,
        manager,
        location,
        tz,
        langs,
        hired,
        left,
    ) in qs.iterator(chunk_size=5000):
        yield [
            emp,
            name,
            email,
            title,
            "" if level is None else str(level),
            dept or "",
            manager or "",
            location,
            tz,
            ";".join(langs or []),
            ";".join(sorted(groups_of.get(pid, []))),
            hired.isoformat() if hired else "",
            left.isoformat() if left else "",
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def people_export_csv_lines() -> Iterable[str]:
    writer = csv.writer(_Echo(), lineterminator="\n")
    for row in people_export_rows():
        yield writer.writerow(row)
