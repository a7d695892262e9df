"""Directory import from the HR system's CSV (ARCHITECTURE.md, contract 6).

All or nothing: rows are validated first (import_validation.py); only a file without problems
is written, in one transaction. Writes are set-based (bulk inserts, executemany updates) so a
100,000-row file takes seconds, and a re-import of the same file writes nothing at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from upward import events
from upward.access import can_manage_directory
from upward.audit.services import declare, record
from upward.people.events import PERSON_DEACTIVATED
from upward.people.import_validation import (
    COLUMNS,
    DirectoryImportError,
    PersonRow,
    RowError,
    check_against_directory,
    read_csv,
    sort_errors,
    validate_rows,
)
from upward.people.models import AffinityGroup, Department, ImportBatch, Person, PersonChange, User

DIRECTORY_IMPORTED = declare("import.applied", gettext_lazy("Directory imported"))

__all__ = [
    "COLUMNS",
    "DirectoryImportError",
    "ImportResult",
    "RowError",
    "people_import",
    "people_import_csv",
]

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
FOREIGN_KEYS = {"department_id": "department", "manager_id": "manager"}


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
        # The English says "1 rows" too (the page and the command have always said so); the
        # catalogues give each language its own singular.
        return ngettext(
            "%(rows)d rows: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
            "%(deactivated)d deactivated",
            "%(rows)d rows: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
            "%(deactivated)d deactivated",
            self.rows,
        ) % {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deactivated": self.deactivated,
        }


NamedModel = TypeVar("NamedModel", Department, AffinityGroup)


def _ensure_named(model: type[NamedModel], names: set[str]) -> dict[str, int]:
    existing = {n: pk for n, pk in model.objects.values_list("name", "id") if n in names}
    missing = [model(name=n) for n in sorted(names - existing.keys())]
    if missing:
        model.objects.bulk_create(missing, batch_size=BULK_BATCH)
        existing = {n: pk for n, pk in model.objects.values_list("name", "id") if n in names}
    return existing


def _execute_many(sql: str, params: Sequence[Sequence[Any]]) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(params), BULK_BATCH):
            cursor.executemany(sql, params[start : start + BULK_BATCH])


def _model_field(field_name: str) -> Any:
    # Foreign keys are handled by their column attribute (manager_id), like the ORM's attname.
    return Person._meta.get_field(FOREIGN_KEYS.get(field_name, field_name))


def _adapter(field_name: str) -> Callable[[Any], Any]:
    """How to pass one field's values to a raw parameterised query, the way the ORM would.

    Chosen once per field, not per value: the import adapts millions of values.
    """
    field = _model_field(field_name)
    internal = field.get_internal_type()
    if internal == "JSONField":
        return lambda v: None if v is None else connection.ops.adapt_json_value(v, field.encoder)
    if internal == "DateField":
        return connection.ops.adapt_datefield_value
    if internal == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    return _identity


def _identity(value: Any) -> Any:
    return value


def _params(fields: list[str], values: Iterable[dict[str, Any]]) -> list[list[Any]]:
    adapters = [_adapter(f) for f in fields]
    pairs = list(zip(fields, adapters, strict=True))
    return [[adapt(v[f]) for f, adapt in pairs] for v in values]


def _column(field_name: str) -> str:
    return connection.ops.quote_name(_model_field(field_name).column)


def _update_people(values_by_pk: dict[int, dict[str, Any]], fields: list[str]) -> None:
    """One prepared UPDATE run for many rows: far faster than bulk_update's CASE expressions."""
    if not values_by_pk:
        return
    meta = Person._meta
    qn = connection.ops.quote_name
    # Only model metadata (quoted) goes into the SQL text; every value is a parameter.
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        qn(meta.db_table), ", ".join(f"{_column(f)} = %s" for f in fields), qn(meta.pk.column)
    )
    params = _params(fields, values_by_pk.values())
    for row, pk in zip(params, values_by_pk, strict=True):
        row.append(pk)
    _execute_many(sql, params)


def _insert_rows(table: str, columns: list[str], rows: Sequence[Sequence[Any]]) -> None:
    """One prepared INSERT run for many rows. On PostgreSQL, COPY streams them in one go."""
    if not rows:
        return
    qn = connection.ops.quote_name
    if connection.vendor == "postgresql":
        raw = connection.connection
        if raw is None:
            connection.ensure_connection()
            raw = connection.connection
        with (
            raw.cursor() as cursor,
            cursor.copy(  # type: ignore[union-attr]
                f"COPY {qn(table)} ({', '.join(columns)}) FROM STDIN"
            ) as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(columns))
    _execute_many(
        f"INSERT INTO {qn(table)} ({', '.join(columns)}) VALUES ({placeholders})",  # noqa: S608
        rows,
    )


def _insert_people(values: list[dict[str, Any]]) -> None:
    """Insert newcomers without building a model per row (as bulk_create would)."""
    if not values:
        return
    fields = list(values[0])
    _insert_rows(Person._meta.db_table, [_column(f) for f in fields], _params(fields, values))


def _display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def people_import(
    *,
    raw_rows: Iterable[Mapping[str, Any]],
    source: str = "",
    actor: User | None = None,
    header_rows: int = 1,
) -> ImportResult:
    """Validate and apply directory rows; upsert by employee_id, all or nothing.

    `actor` is who imports from a page or the API (an org admin); None is the machine's operator
    running `upward import_people` or the demo."""
    if actor is not None and not can_manage_directory(actor):
        raise PermissionDenied("Only org admins may import the directory.")
    rows, errors = validate_rows(raw_rows, header_rows=header_rows)
    if not rows and not errors:
        # A header and nothing else is almost always the wrong file (or an export that
        # failed), never "change nothing": say so rather than report "0 rows imported".
        raise DirectoryImportError(
            [
                RowError(
                    header_rows + 1,
                    "-",
                    _("no people to import: the file has a header but no rows")
                    if header_rows
                    else _("no people to import: the list is empty"),
                )
            ]
        )
    # Directory-wide checks (managers, cycles, e-mail clashes) run even when some rows are bad,
    # so one upload reports every problem in the file.
    errors += check_against_directory([r for r in rows if r.employee_id])
    if errors:
        raise DirectoryImportError(sort_errors(errors))
    with transaction.atomic():
        result = _apply(rows, source=source, actor=actor)
        # In the same transaction: the entry exists exactly when the import does.
        record(
            actor,
            DIRECTORY_IMPORTED,
            target=f"Import #{result.batch_id}" if result.batch_id else "Import (no changes)",
            details={
                "source": source[:200],
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "deactivated": result.deactivated,
            },
        )
        return result


def _wanted_values(
    r: PersonRow, departments: dict[str, int], ids: dict[str, int], today: Any
) -> dict[str, Any]:
    return {
        "name": r.name,
        "email": r.email,
        "title": r.title,
        "level": r.level,
        "department_id": departments[r.department] if r.department else None,
        "manager_id": ids.get(r.manager_employee_id) if r.manager_employee_id else None,
        "location": r.location,
        "timezone": r.timezone,
        "languages": r.languages,
        "hire_date": r.hire_date,
        "left_on": r.left_on,
        "is_active": r.left_on is None or r.left_on > today,
    }


def _apply(rows: list[PersonRow], *, source: str, actor: User | None) -> ImportResult:
    today = timezone.localdate()
    now = timezone.now()
    departments = _ensure_named(Department, {r.department for r in rows if r.department})
    groups = _ensure_named(AffinityGroup, {g for r in rows for g in r.affinity_groups})
    in_file = {r.employee_id for r in rows}
    existing: dict[str, dict[str, Any]] = {
        v["employee_id"]: v
        for v in Person.objects.values("id", "employee_id", *TRACKED_FIELDS)
        if v["employee_id"] in in_file
    }
    ids = dict(Person.objects.values_list("employee_id", "id"))

    # Park the addresses of people whose e-mail changes, so that swaps, or a newcomer taking
    # over an address someone gives up, never trip the unique constraint halfway.
    parked = {
        v["id"]: {"email": f"parked-{v['id']}@import.invalid"}
        for r in rows
        if (v := existing.get(r.employee_id)) is not None and v["email"] != r.email
    }
    _update_people(parked, ["email"])

    # Newcomers are inserted with every field but their manager (who may be new too).
    new_rows = [r for r in rows if r.employee_id not in existing]
    _insert_people(
        [
            {
                "employee_id": r.employee_id,
                **{
                    k: v
                    for k, v in _wanted_values(r, departments, ids, today).items()
                    if k != "manager_id"
                },
                "created_at": now,
                "updated_at": now,
            }
            for r in new_rows
        ]
    )
    if new_rows:
        ids = dict(Person.objects.values_list("employee_id", "id"))
        _update_people(
            {
                ids[r.employee_id]: {"manager_id": ids[r.manager_employee_id]}
                for r in new_rows
                if r.manager_employee_id
            },
            ["manager_id"],
        )

    batch = ImportBatch.objects.create(created_by=actor, source=source[:200], rows=len(rows))
    # The change history shows names, not database ids; both lookups are built once, not per
    # changed row.
    labels: dict[str, dict[int, str]] = {
        "department_id": dict(Department.objects.values_list("id", "name")) if existing else {},
        "manager_id": {pk: emp for emp, pk in ids.items()} if existing else {},
    }
    changes: list[PersonChange] = []
    updates: dict[int, dict[str, Any]] = {}
    deactivated: list[int] = []
    for r in rows:
        before = existing.get(r.employee_id)
        if before is None:
            continue
        wanted = _wanted_values(r, departments, ids, today)
        changed = [f for f in TRACKED_FIELDS if before[f] != wanted[f]]
        if not changed:
            continue
        pk = before["id"]
        updates[pk] = {**wanted, "updated_at": now}
        if before["is_active"] and not wanted["is_active"]:
            deactivated.append(pk)
        changes += [
            PersonChange(
                person_id=pk,
                batch=batch,
                field=f.removesuffix("_id"),
                old_value=_display(labels[f].get(before[f]) if f in labels else before[f]),
                new_value=_display(labels[f].get(wanted[f]) if f in labels else wanted[f]),
            )
            for f in changed
        ]
    _update_people(updates, [*TRACKED_FIELDS, "updated_at"])
    group_changed = _sync_affinity_groups(rows, ids, groups, batch, changes, existing)
    PersonChange.objects.bulk_create(changes, batch_size=BULK_BATCH)
    if deactivated:
        for start in range(0, len(deactivated), BULK_BATCH):
            User.objects.filter(person_id__in=deactivated[start : start + BULK_BATCH]).update(
                is_active=False
            )
        events.publish(PERSON_DEACTIVATED, person_ids=deactivated)

    if len(new_rows) + len(updates) > 10_000:
        # After a large load, refresh the planner's statistics so directory pages keep using
        # their indexes (both SQLite and PostgreSQL accept ANALYZE <table>).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Person._meta.db_table)}")
    updated_ids = {pk for pk in updates} | group_changed
    result = ImportResult(
        rows=len(rows),
        created=len(new_rows),
        updated=len(updated_ids),
        unchanged=len(rows) - len(new_rows) - len(updated_ids),
        deactivated=len(deactivated),
    )
    if not result.created and not result.updated:
        # Nothing changed: leave no trace, so re-importing the same file changes nothing.
        batch.delete()
        return result
    batch.created, batch.updated = result.created, result.updated
    batch.unchanged, batch.deactivated = result.unchanged, result.deactivated
    batch.save()
    result.batch_id = batch.pk
    return result


def _sync_affinity_groups(
    rows: list[PersonRow],
    ids: dict[str, int],
    groups: dict[str, int],
    batch: ImportBatch,
    changes: list[PersonChange],
    existing: dict[str, dict[str, Any]],
) -> set[int]:
    through = Person.affinity_groups.through
    current: dict[int, set[int]] = defaultdict(set)
    for pid, gid in through.objects.values_list("person_id", "affinitygroup_id").iterator(
        chunk_size=10000
    ):
        current[pid].add(gid)
    names = dict(AffinityGroup.objects.values_list("id", "name")) if current else {}
    to_add: list[tuple[int, int]] = []
    to_remove: list[tuple[int, int]] = []
    changed: set[int] = set()
    for r in rows:
        pk = ids[r.employee_id]
        want = {groups[g] for g in r.affinity_groups}
        have = current.get(pk, set())
        if want == have:
            continue
        to_add += [(pk, g) for g in sorted(want - have)]
        to_remove += [(pk, g) for g in have - want]
        if r.employee_id in existing:
            changed.add(pk)
            changes.append(
                PersonChange(
                    person_id=pk,
                    batch=batch,
                    field="affinity_groups",
                    old_value=";".join(sorted(names[g] for g in have)),
                    new_value=";".join(sorted(r.affinity_groups)),
                )
            )
    qn = connection.ops.quote_name
    _insert_rows(through._meta.db_table, [qn("person_id"), qn("affinitygroup_id")], to_add)
    if to_remove:
        _execute_many(
            f"DELETE FROM {qn(through._meta.db_table)} "  # noqa: S608 - quoted identifiers only
            f"WHERE {qn('person_id')} = %s AND {qn('affinitygroup_id')} = %s",
            to_remove,
        )
    return changed


def people_import_csv(
    *, data: bytes | str, source: str = "", actor: User | None = None
) -> ImportResult:
    return people_import(raw_rows=read_csv(data), source=source, actor=actor)
