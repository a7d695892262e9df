"""Directory import from the HR system's CSV (ARCHITECTURE.md, contract 6).

The import is all-or-nothing: every row is validated first and every problem is reported as
`row N, column X: problem` (N is the spreadsheet row: the header is row 1). Only a file without
problems is written, in one transaction, with bulk queries so 100,000 rows stay fast.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from upward.people.models import (
    AffinityGroup,
    Department,
    ImportBatch,
    Person,
    PersonChange,
    User,
)

COLUMNS = [
    "employee_id",
    "name",
    "email",
    "title",
    "level",
    "department",
    "manager_employee_id",
    "location",
    "timezone",
    "languages",
    "affinity_groups",
    "hire_date",
    "left_on",
]
REQUIRED_COLUMNS = ["employee_id", "name", "email"]
MAX_LEVEL = 32767
BULK_BATCH = 2000
# Fields compared to decide whether a re-imported row changes anything.
TRACKED_FIELDS = [
    "name",
    "email",
    "title",
    "level",
    "department_id",
    "manager_id",
    "location",
    "timezone",
    "languages",
    "hire_date",
    "left_on",
    "is_active",
]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    problem: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.problem}"


class DirectoryImportError(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the directory file")
        self.errors = errors


@dataclass
class PersonRow:
    row: int
    employee_id: str
    name: str
    email: str
    title: str
    level: int | None
    department: str
    manager_employee_id: str
    location: str
    timezone: str
    languages: list[str]
    affinity_groups: list[str]
    hire_date: dt.date | None
    left_on: dt.date | None


@dataclass
class ImportResult:
    rows: int
    created: int
    updated: int
    unchanged: int
    deactivated: int
    batch_id: int | None = None
    changed_ids: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.rows} rows: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.deactivated} deactivated"
        )


@cache
def _known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _split_list(value: str) -> list[str]:
    seen: dict[str, None] = {}
    for item in value.split(";"):
        item = item.strip()
        if item:
            seen.setdefault(item, None)
    return list(seen)


def _parse_date(value: str, row: int, column: str, errors: list[RowError]) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.append(RowError(row, column, f"{value!r} is not a date (expected YYYY-MM-DD)"))
        return None


def read_csv(data: bytes | str) -> list[dict[str, str]]:
    """Decode (UTF-8, with or without BOM; any line ending) and check the header.

    Returns the data rows as dicts; raises DirectoryImportError for a file that cannot be read.
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DirectoryImportError(
                [RowError(1, "-", f"the file is not UTF-8 text (byte {exc.start})")]
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DirectoryImportError([RowError(1, "-", "the file is empty")]) from None
    except csv.Error as exc:
        raise DirectoryImportError([RowError(1, "-", f"unreadable CSV: {exc}")]) from None
    header = [h.strip() for h in header]
    errors = [RowError(1, col, "missing column") for col in COLUMNS if col not in header]
    errors += [RowError(1, col, "unknown column") for col in header if col and col not in COLUMNS]
    duplicates = {col for col in header if header.count(col) > 1}
    errors += [RowError(1, col, "column appears twice") for col in sorted(duplicates)]
    # Only the required columns are fatal on their own; optional ones must still be present
    # because the contract fixes the header, so a missing one is reported like any problem.
    if errors:
        raise DirectoryImportError(errors)
    rows: list[dict[str, str]] = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                rows.append({})  # blank line: keep numbering, skip later
                continue
            if len(values) != len(header):
                rows.append({"__width__": str(len(values))})
                continue
            rows.append(dict(zip(header, values, strict=True)))
    except csv.Error as exc:
        raise DirectoryImportError(
            [RowError(reader.line_num, "-", f"unreadable CSV: {exc}")]
        ) from None
    return rows


def validate_rows(
    raw_rows: Iterable[Mapping[str, Any]], *, header_rows: int = 1
) -> list[PersonRow]:
    """Validate every row; raise DirectoryImportError listing every problem found."""
    errors: list[RowError] = []
    parsed: list[PersonRow] = []
    seen_ids: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    timezones = _known_timezones()
    for index, raw in enumerate(raw_rows):
        row = index + 1 + header_rows
        if not raw:
            continue
        if "__width__" in raw:
            errors.append(
                RowError(row, "-", f"has {raw['__width__']} values, expected {len(COLUMNS)}")
            )
            continue
        values = {
            col: str(raw.get(col) if raw.get(col) is not None else "").strip() for col in COLUMNS
        }
        unknown = [key for key in raw if key not in COLUMNS]
        for key in unknown:
            errors.append(RowError(row, str(key), "unknown column"))
        for col in REQUIRED_COLUMNS:
            if not values[col]:
                errors.append(RowError(row, col, "is required"))
        employee_id = values["employee_id"]
        if employee_id:
            if employee_id in seen_ids:
                errors.append(
                    RowError(
                        row,
                        "employee_id",
                        f"duplicate employee_id {employee_id!r} "
                        f"(also on row {seen_ids[employee_id]})",
                    )
                )
            else:
                seen_ids[employee_id] = row
            if len(employee_id) > 64:
                errors.append(RowError(row, "employee_id", "is longer than 64 characters"))
        email = values["email"].lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(
                    RowError(row, "email", f"{values['email']!r} is not a valid email address")
                )
            else:
                if email in seen_emails:
                    errors.append(
                        RowError(
                            row,
                            "email",
                            f"duplicate email {email!r} (also on row {seen_emails[email]})",
                        )
                    )
                else:
                    seen_emails[email] = row
        level: int | None = None
        if values["level"]:
            try:
                level = int(values["level"])
            except ValueError:
                errors.append(RowError(row, "level", f"{values['level']!r} is not a whole number"))
            else:
                if not 0 <= level <= MAX_LEVEL:
                    errors.append(RowError(row, "level", f"{level} is outside 0–{MAX_LEVEL}"))
                    level = None
        tz = values["timezone"] or "UTC"
        if tz not in timezones:
            errors.append(
                RowError(row, "timezone", f"{tz!r} is not a known time zone (e.g. Europe/Paris)")
            )
        manager_id = values["manager_employee_id"]
        if manager_id and manager_id == employee_id:
            errors.append(RowError(row, "manager_employee_id", "a person cannot manage themselves"))
        for col, limit in (("name", 200), ("title", 200), ("department", 200), ("location", 200)):
            if len(values[col]) > limit:
                errors.append(RowError(row, col, f"is longer than {limit} characters"))
        hire_date = _parse_date(values["hire_date"], row, "hire_date", errors)
        left_on = _parse_date(values["left_on"], row, "left_on", errors)
        if hire_date and left_on and left_on < hire_date:
            errors.append(RowError(row, "left_on", "is before hire_date"))
        parsed.append(
            PersonRow(
                row=row,
                employee_id=employee_id,
                name=values["name"],
                email=email,
                title=values["title"],
                level=level,
                department=values["department"],
                manager_employee_id=manager_id,
                location=values["location"],
                timezone=tz,
                languages=[lang.lower() for lang in _split_list(values["languages"])],
                affinity_groups=_split_list(values["affinity_groups"]),
                hire_date=hire_date,
                left_on=left_on,
            )
        )
    if errors:
        raise DirectoryImportError(errors)
    return parsed


def _check_against_directory(rows: list[PersonRow]) -> None:
    """Checks that need the existing directory: managers, e-mail clashes, reporting cycles."""
    errors: list[RowError] = []
    existing = {
        emp: (email, manager_emp)
        for emp, email, manager_emp in Person.objects.values_list(
            "employee_id", "email", "manager__employee_id"
        )
    }
    in_file = {r.employee_id: r for r in rows}
    # E-mail must stay unique once the file is applied: people not in the file keep theirs.
    email_owner = {email.lower(): emp for emp, (email, _) in existing.items() if emp not in in_file}
    for r in rows:
        owner = email_owner.get(r.email)
        if owner is not None and owner != r.employee_id:
            errors.append(
                RowError(r.row, "email", f"{r.email!r} already belongs to employee {owner!r}")
            )
    manager_of: dict[str, str | None] = {emp: m for emp, (_, m) in existing.items()}
    for r in rows:
        if (
            r.manager_employee_id
            and r.manager_employee_id not in in_file
            and r.manager_employee_id not in existing
        ):
            errors.append(
                RowError(
                    r.row, "manager_employee_id", f"unknown employee_id {r.manager_employee_id!r}"
                )
            )
        manager_of[r.employee_id] = r.manager_employee_id or None
    # Cycle detection over the final reporting graph (each person has at most one manager, so
    # walking up with a three-colour marking finds every loop in linear time).
    state: dict[str, int] = {}
    for start in in_file:
        if state.get(start):
            continue
        path: list[str] = []
        node: str | None = start
        while node is not None and not state.get(node) and node in manager_of:
            state[node] = 1
            path.append(node)
            node = manager_of.get(node)
        if node is not None and state.get(node) == 1:
            loop = path[path.index(node) :]
            first = min((in_file[e] for e in loop if e in in_file), key=lambda r: r.row)
            chain = " → ".join([*loop, node])
            errors.append(
                RowError(
                    first.row,
                    "manager_employee_id",
                    f"reporting line loops back on itself ({chain})",
                )
            )
        for visited in path:
            state[visited] = 2
    if errors:
        raise DirectoryImportError(sorted(errors, key=lambda e: (e.row, e.column)))


def _ensure_named(model: type[Department] | type[AffinityGroup], names: set[str]) -> dict[str, int]:
    existing = dict(model.objects.filter(name__in=names).values_list("name", "id"))
    missing = [model(name=n) for n in sorted(names - existing.keys())]
    if missing:
        model.objects.bulk_create(missing, batch_size=BULK_BATCH)
        existing = dict(model.objects.filter(name__in=names).values_list("name", "id"))
    return existing


def people_import(
    *,
    raw_rows: Iterable[Mapping[str, Any]],
    source: str = "",
    actor: User | None = None,
    header_rows: int = 1,
) -> ImportResult:
    """Validate and apply directory rows; upsert by employee_id, all or nothing."""
    rows = validate_rows(raw_rows, header_rows=header_rows)
    _check_against_directory(rows)
    today = timezone.localdate()
    with transaction.atomic():
        departments = _ensure_named(Department, {r.department for r in rows if r.department})
        groups = _ensure_named(AffinityGroup, {g for r in rows for g in r.affinity_groups})
        existing = {
            p.employee_id: p
            for p in Person.objects.filter(employee_id__in=[r.employee_id for r in rows])
        }
        # Park the addresses of people whose e-mail changes, so that swaps, or a newcomer
        # taking over an address someone gives up, never trip the unique constraint halfway.
        original_email = {}
        parked = []
        for r in rows:
            person = existing.get(r.employee_id)
            if person is not None and person.email != r.email:
                original_email[person.pk] = person.email
                person.email = f"parked-{person.pk}@import.invalid"
                parked.append(person)
        Person.objects.bulk_update(parked, ["email"], batch_size=BULK_BATCH)
        now = timezone.now()
        new_people = [
            Person(
                employee_id=r.employee_id,
                name=r.name,
                email=r.email,
                created_at=now,
                updated_at=now,
            )
            for r in rows
            if r.employee_id not in existing
        ]
        Person.objects.bulk_create(new_people, batch_size=BULK_BATCH)
        created_ids = {p.employee_id for p in new_people}
        people = {
            p.employee_id: p
            for p in Person.objects.filter(employee_id__in=[r.employee_id for r in rows])
        }
        for person in people.values():
            if person.pk in original_email:
                person.email = original_email[person.pk]
        manager_ids = {
            emp: pk
            for emp, pk in Person.objects.filter(
                employee_id__in={r.manager_employee_id for r in rows if r.manager_employee_id}
            ).values_list("employee_id", "id")
        }
        batch = ImportBatch.objects.create(created_by=actor, source=source[:200], rows=len(rows))
        changes: list[PersonChange] = []
        to_update: list[Person] = []
        deactivated_people: list[int] = []
        result = ImportResult(
            rows=len(rows), created=len(created_ids), updated=0, unchanged=0, deactivated=0
        )
        for r in rows:
            person = people[r.employee_id]
            is_new = r.employee_id in created_ids
            wanted = {
                "name": r.name,
                "email": r.email,
                "title": r.title,
                "level": r.level,
                "department_id": departments.get(r.department) if r.department else None,
                "manager_id": manager_ids.get(r.manager_employee_id)
                if r.manager_employee_id
                else None,
                "location": r.location,
                "timezone": r.timezone,
                "languages": r.languages,
                "hire_date": r.hire_date,
                "left_on": r.left_on,
                "is_active": r.left_on is None or r.left_on > today,
            }
            changed = [f for f in TRACKED_FIELDS if getattr(person, f) != wanted[f]]
            if changed:
                if not is_new:
                    for f in changed:
                        changes.append(
                            PersonChange(
                                person=person,
                                batch=batch,
                                field=f.removesuffix("_id"),
                                old_value=_display(getattr(person, f)),
                                new_value=_display(wanted[f]),
                            )
                        )
                    if person.is_active and not wanted["is_active"]:
                        deactivated_people.append(person.pk)
                for f in changed:
                    setattr(person, f, wanted[f])
                person.updated_at = now
                to_update.append(person)
        if to_update:
            Person.objects.bulk_update(
                to_update, [*TRACKED_FIELDS, "updated_at"], batch_size=BULK_BATCH
            )
        group_changed = _sync_affinity_groups(rows, people, groups, batch, changes, created_ids)
        PersonChange.objects.bulk_create(changes, batch_size=BULK_BATCH)
        if deactivated_people:
            User.objects.filter(person_id__in=deactivated_people).update(is_active=False)
        updated = {p.employee_id for p in to_update} | group_changed
        result.updated = len(updated - created_ids)
        result.unchanged = result.rows - result.created - result.updated
        result.deactivated = len(deactivated_people)
        result.changed_ids = sorted(updated - created_ids)
        batch.created, batch.updated = result.created, result.updated
        batch.unchanged, batch.deactivated = result.unchanged, result.deactivated
        batch.save()
        result.batch_id = batch.pk
        if not result.created and not result.updated:
            # Nothing changed: leave no trace, so re-importing the same file changes nothing.
            batch.delete()
            result.batch_id = None
    return result


def _sync_affinity_groups(
    rows: list[PersonRow],
    people: dict[str, Person],
    groups: dict[str, int],
    batch: ImportBatch,
    changes: list[PersonChange],
    created_ids: set[str],
) -> set[str]:
    through = Person.affinity_groups.through
    person_ids = [people[r.employee_id].pk for r in rows]
    current: dict[int, set[int]] = {}
    for chunk_start in range(0, len(person_ids), 20000):
        chunk = person_ids[chunk_start : chunk_start + 20000]
        for pid, gid in through.objects.filter(person_id__in=chunk).values_list(
            "person_id", "affinitygroup_id"
        ):
            current.setdefault(pid, set()).add(gid)
    names = {gid: name for name, gid in groups.items()}
    if current:
        names.update(dict(AffinityGroup.objects.values_list("id", "name")))
    to_add = []
    to_remove: list[tuple[int, int]] = []
    changed: set[str] = set()
    for r in rows:
        person = people[r.employee_id]
        want = {groups[g] for g in r.affinity_groups}
        have = current.get(person.pk, set())
        if want == have:
            continue
        changed.add(r.employee_id)
        to_add += [through(person_id=person.pk, affinitygroup_id=g) for g in want - have]
        to_remove += [(person.pk, g) for g in have - want]
        if r.employee_id not in created_ids:
            changes.append(
                PersonChange(
                    person=person,
                    batch=batch,
                    field="affinity_groups",
                    old_value=";".join(sorted(names[g] for g in have)),
                    new_value=";".join(sorted(r.affinity_groups)),
                )
            )
    through.objects.bulk_create(to_add, batch_size=BULK_BATCH)
    for pid, gid in to_remove:
        through.objects.filter(person_id=pid, affinitygroup_id=gid).delete()
    return changed


def _display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def people_import_csv(
    *, data: bytes | str, source: str = "", actor: User | None = None
) -> ImportResult:
    return people_import(raw_rows=read_csv(data), source=source, actor=actor)


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
