"""Reading and validating directory rows (contract 6), before anything is written.

Every problem is collected and reported as `row N, column X: problem`, where N is the
spreadsheet row (the header is row 1), so a whole file can be fixed in one pass.

The problems are written in the language active while validating (a person's, on the import
page and in the API), and shown in the one active while rendering; column names are the
contract's and never translated. The `import_people` command reports in English.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from upward.exports import unneutralise
from upward.people.models import Person

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
COLUMN_SET = frozenset(COLUMNS)
REQUIRED_COLUMNS = ["employee_id", "name", "email"]
MAX_LEVEL = 32767
# Lists in one cell: a person belongs to a few groups and speaks a few languages. The caps stop
# one row from creating thousands of groups; the lengths are the database columns'.
MAX_GROUPS_PER_ROW = 50
MAX_GROUP_NAME = 200
MAX_LANGUAGES_PER_ROW = 20
MAX_LANGUAGE = 35  # the longest BCP 47 tag in practice
MAX_EMAIL = 254
TEXT_LIMITS = {"name": 200, "title": 200, "department": 200, "location": 200}
# Characters no directory field needs, which make text lie about itself: C0 and C1 controls
# (BEL, NUL, ESC, line breaks inside a cell), DEL, bidirectional overrides and isolates (U+202E
# shows "exe.txt" as "txt.exe"), and lone surrogates (not text; no database stores them).
_FORBIDDEN_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


# A problem that callers tell apart whatever the language (SCIM answers it as a conflict).
EMAIL_TAKEN = "email_taken"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    problem: str
    code: str = field(default="", compare=False)

    def __str__(self) -> str:
        # The column is the CSV header's name (contract 6): never translated.
        return _("row %(row)s, column %(column)s: %(problem)s") % {
            "row": self.row,
            "column": self.column,
            "problem": self.problem,
        }


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


@cache
def _known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _text(value: object) -> str:
    # CSV cells are already strings; API items may carry numbers or nothing at all.
    if isinstance(value, str):
        return value.strip()
    return "" if value is None else str(value).strip()


def forbidden_character(value: str) -> str | None:
    """Why `value` may not be stored (a control or direction-override character), or None."""
    found = _FORBIDDEN_CHARACTERS.search(value)
    if found is None:
        return None
    char = found.group()
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "") if not 0xD800 <= ord(char) <= 0xDFFF else ""
    what = f"{code} {name}" if name else _("%(code)s, a control character") % {"code": code}
    if 0xD800 <= ord(char) <= 0xDFFF:
        what = _("%(code)s, a lone surrogate") % {"code": code}
    return _(
        "contains an invisible or control character (%(what)s) at position %(position)s; remove it"
    ) % {"what": what, "position": found.start() + 1}


def _too_long(limit: int) -> str:
    return _("is longer than %(limit)d characters") % {"limit": limit}


def _too_long_item(item: str, limit: int, others: int) -> str:
    if not others:
        return _("%(item)s… is longer than %(limit)d characters") % {"item": item, "limit": limit}
    return ngettext(
        "%(item)s… is longer than %(limit)d characters (and %(others)d more)",
        "%(item)s… is longer than %(limit)d characters (and %(others)d more)",
        others,
    ) % {"item": item, "limit": limit, "others": others}


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
        errors.append(
            RowError(
                row,
                column,
                _("%(value)s is not a date (expected YYYY-MM-DD)") % {"value": repr(value)},
            )
        )
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
                [
                    RowError(
                        1,
                        "-",
                        _("the file is not UTF-8 text (byte %(byte)s)") % {"byte": exc.start},
                    )
                ]
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DirectoryImportError([RowError(1, "-", _("the file is empty"))]) from None
    except csv.Error as exc:
        raise DirectoryImportError(
            [RowError(1, "-", _("unreadable CSV: %(reason)s") % {"reason": exc})]
        ) from None
    header = [h.strip() for h in header]
    errors = [RowError(1, col, _("missing column")) for col in COLUMNS if col not in header]
    errors += [
        RowError(1, col, _("unknown column")) for col in header if col and col not in COLUMNS
    ]
    duplicates = {col for col in header if header.count(col) > 1}
    errors += [RowError(1, col, _("column appears twice")) for col in sorted(duplicates)]
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
            # Our own export wrote formula-like text with a leading apostrophe (exports.py).
            rows.append(dict(zip(header, map(unneutralise, values), strict=True)))
    except csv.Error as exc:
        raise DirectoryImportError(
            [RowError(reader.line_num, "-", _("unreadable CSV: %(reason)s") % {"reason": exc})]
        ) from None
    return rows


def sort_errors(errors: list[RowError]) -> list[RowError]:
    """Row by row, and within a row in the file's column order."""
    order = {c: i for i, c in enumerate(COLUMNS)}
    return sorted(errors, key=lambda e: (e.row, order.get(e.column, -1), e.problem))


def validate_rows(
    raw_rows: Iterable[Mapping[str, Any]], *, header_rows: int = 1
) -> tuple[list[PersonRow], list[RowError]]:
    """Validate every row on its own; return the parsed rows and every problem found."""
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
            width = int(raw["__width__"])
            errors.append(
                RowError(
                    row,
                    "-",
                    ngettext(
                        "has %(count)d value, expected %(expected)d",
                        "has %(count)d values, expected %(expected)d",
                        width,
                    )
                    % {"count": width, "expected": len(COLUMNS)},
                )
            )
            continue
        values = {col: _text(raw.get(col)) for col in COLUMNS}
        for col in COLUMNS:
            problem = forbidden_character(values[col])
            if problem:
                errors.append(RowError(row, col, problem))
        if len(raw) > len(COLUMNS) or any(key not in COLUMN_SET for key in raw):
            errors += [
                RowError(row, str(key), _("unknown column")) for key in raw if key not in COLUMN_SET
            ]
        for col in REQUIRED_COLUMNS:
            if not values[col]:
                errors.append(RowError(row, col, _("is required")))
        employee_id = values["employee_id"]
        if employee_id:
            if employee_id in seen_ids:
                errors.append(
                    RowError(
                        row,
                        "employee_id",
                        _("duplicate employee_id %(value)s (also on row %(other)s)")
                        % {"value": repr(employee_id), "other": seen_ids[employee_id]},
                    )
                )
            else:
                seen_ids[employee_id] = row
            if len(employee_id) > 64:
                errors.append(RowError(row, "employee_id", _too_long(64)))
        email = values["email"].lower()
        if len(email) > MAX_EMAIL:
            errors.append(RowError(row, "email", _too_long(MAX_EMAIL)))
        elif email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(
                    RowError(
                        row,
                        "email",
                        _("%(value)s is not a valid email address")
                        % {"value": repr(values["email"])},
                    )
                )
            else:
                if email in seen_emails:
                    errors.append(
                        RowError(
                            row,
                            "email",
                            _("duplicate email %(value)s (also on row %(other)s)")
                            % {"value": repr(email), "other": seen_emails[email]},
                        )
                    )
                else:
                    seen_emails[email] = row
        level: int | None = None
        if values["level"]:
            try:
                level = int(values["level"])
            except ValueError:
                errors.append(
                    RowError(
                        row,
                        "level",
                        _("%(value)s is not a whole number") % {"value": repr(values["level"])},
                    )
                )
            else:
                if not 0 <= level <= MAX_LEVEL:
                    errors.append(
                        RowError(
                            row,
                            "level",
                            _("%(value)s is outside 0–%(most)s")
                            % {"value": level, "most": MAX_LEVEL},
                        )
                    )
                    level = None
        tz = values["timezone"] or "UTC"
        if tz not in timezones:
            errors.append(
                RowError(
                    row,
                    "timezone",
                    _("%(value)s is not a known time zone (e.g. Europe/Paris)")
                    % {"value": repr(tz)},
                )
            )
        manager_id = values["manager_employee_id"]
        if manager_id and manager_id == employee_id:
            errors.append(
                RowError(row, "manager_employee_id", _("a person cannot manage themselves"))
            )
        for col, limit in TEXT_LIMITS.items():
            if len(values[col]) > limit:
                errors.append(RowError(row, col, _too_long(limit)))
        languages = [lang.lower() for lang in _split_list(values["languages"])]
        groups = _split_list(values["affinity_groups"])
        for col, items, most, longest in (
            ("languages", languages, MAX_LANGUAGES_PER_ROW, MAX_LANGUAGE),
            ("affinity_groups", groups, MAX_GROUPS_PER_ROW, MAX_GROUP_NAME),
        ):
            if len(items) > most:
                errors.append(
                    RowError(
                        row,
                        col,
                        _("lists %(count)d items; at most %(most)d")
                        % {"count": len(items), "most": most},
                    )
                )
            too_long = [item for item in items if len(item) > longest]
            if too_long:
                errors.append(
                    RowError(
                        row,
                        col,
                        _too_long_item(repr(too_long[0][:40]), longest, len(too_long) - 1),
                    )
                )
        hire_date = _parse_date(values["hire_date"], row, "hire_date", errors)
        left_on = _parse_date(values["left_on"], row, "left_on", errors)
        if hire_date and left_on and left_on < hire_date:
            errors.append(RowError(row, "left_on", _("is before hire_date")))
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
                languages=languages,
                affinity_groups=groups,
                hire_date=hire_date,
                left_on=left_on,
            )
        )
    return parsed, errors


def check_against_directory(rows: list[PersonRow]) -> list[RowError]:
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
                RowError(
                    r.row,
                    "email",
                    _("%(value)s already belongs to employee %(owner)s")
                    % {"value": repr(r.email), "owner": repr(owner)},
                    code=EMAIL_TAKEN,
                )
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
                    r.row,
                    "manager_employee_id",
                    _("unknown employee_id %(value)s") % {"value": repr(r.manager_employee_id)},
                )
            )
        # A self-reference is reported on its own; leave it out of the loop search.
        manager_of[r.employee_id] = (
            r.manager_employee_id if r.manager_employee_id != r.employee_id else None
        ) or None
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
                    _("reporting line loops back on itself (%(chain)s)") % {"chain": chain},
                )
            )
        for visited in path:
            state[visited] = 2
    return errors
