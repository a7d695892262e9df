"""Directory export: the import's columns, leavers included, for a lossless round trip."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from upward.exports import safe_row
from upward.people.import_validation import COLUMNS
from upward.people.models import Person


def _rows_by_id(person_ids: Collection[int] | None = None) -> Iterable[tuple[int, list[str]]]:
    """(id, row in the import's column order) for everyone, or for `person_ids`."""
    groups_of: dict[int, list[str]] = {}
    through = Person.affinity_groups.through
    links = through.objects.all()
    if person_ids is not None:
        links = links.filter(person_id__in=person_ids)
    for pid, name in links.values_list("person_id", "affinitygroup__name").iterator(
        chunk_size=5000
    ):
        groups_of.setdefault(pid, []).append(name)
    people = (
        Person.objects.all() if person_ids is None else Person.objects.filter(pk__in=person_ids)
    )
    qs = people.order_by("employee_id").values_list(
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
        yield (
            pid,
            [
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
            ],
        )


def people_export_rows() -> Iterable[list[str]]:
    """Every person (leavers included) in the import's column order, for a lossless round trip."""
    yield COLUMNS
    for _, row in _rows_by_id():
        yield row


def person_rows(person_ids: Collection[int]) -> dict[int, dict[str, str]]:
    """The people's current rows as the import reads them (column -> text), by person id: the
    starting point of a change that goes through the import (SCIM)."""
    return {pid: dict(zip(COLUMNS, row, strict=True)) for pid, row in _rows_by_id(person_ids)}


class _Echo:
    def write(self, value: str) -> str:
        return value


def people_export_csv_lines() -> Iterable[str]:
    writer = csv.writer(_Echo(), lineterminator="\n")
    for row in people_export_rows():
        yield writer.writerow(safe_row(row))


# Two made-up people showing each column's format (a manager and their report); the import
# page says to replace them with real rows. Their job titles, department and groups are written
# in the downloader's language; the header (contract 6) and the codes never are.
TEMPLATE_EXAMPLES: list[dict[str, str | Promise]] = [
    {
        "employee_id": "E0001",
        "name": "Ada Example",
        "email": "ada.example@example.com",
        "title": gettext_lazy("Chief Operating Officer"),
        "level": "11",
        "department": gettext_lazy("Operations"),
        "location": "London",
        "timezone": "Europe/London",
        "languages": "en;fr",
        "hire_date": "2015-04-01",
    },
    {
        "employee_id": "E0002",
        "name": "Bo Example",
        "email": "bo.example@example.com",
        "title": gettext_lazy("Data Analyst"),
        "level": "3",
        "department": gettext_lazy("Operations"),
        "manager_employee_id": "E0001",
        "location": "Paris",
        "timezone": "Europe/Paris",
        "languages": "fr;en",
        "affinity_groups": gettext_lazy("Early Careers;Pride Network"),
        "hire_date": "2024-09-02",
    },
]


def people_template_csv() -> str:
    """A CSV to fill in: the import's header and two example rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for example in TEMPLATE_EXAMPLES:
        writer.writerow(safe_row(str(example.get(column, "")) for column in COLUMNS))
    return out.getvalue()
