"""Issue 12, item 8 (the Hypothesis half, directory import): whatever a CSV file holds, the
import either applies it whole or refuses it with row-and-column problems, and a refused file
writes nothing. Never any other exception (a traceback on the command line, a 500 on the page).
Bounded: each test runs well under 30 s."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from upward.people.importing import COLUMNS, DirectoryImportError, people_import, people_import_csv
from upward.people.models import AffinityGroup, Department, ImportBatch, Person, PersonChange

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Cell text: mostly plausible, sometimes hostile (controls, overrides, surrogates, NUL, huge).
CELL = st.one_of(
    st.sampled_from(["", "E1", "E2", "ada@example.com", "12", "-3", "UTC", "en;fr", "2026-01-31"]),
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.text(alphabet="\x00\x07\x1b\u202e\u2066\ud800;=@+-\t\r\n\"',", max_size=10),
    st.builds(lambda n: "G" * n, st.integers(190, 260)),
    st.builds(lambda n: ";".join(f"g{i}" for i in range(n)), st.integers(0, 80)),
)


@st.composite
def rows(draw: st.DrawFn) -> list[dict[str, str]]:
    """A few people, each a mapping from the contract's columns to fuzzed cells; ids and emails
    usually well-formed so that many files get past the first checks."""
    out = []
    for n in range(draw(st.integers(0, 4))):
        row = {column: draw(CELL) for column in COLUMNS}
        if draw(st.booleans()):
            row.update(employee_id=f"E{n}", email=f"p{n}@example.com", timezone="UTC")
            if draw(st.booleans()):
                row.update(level=str(draw(st.integers(-5, 40000))), manager_employee_id="")
        out.append(row)
    return out


def _csv(people: list[dict[str, str]], header: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for person in people:
        writer.writerow([person.get(column, "") for column in header])
    return buffer.getvalue()


def _state() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Person, Department, AffinityGroup, ImportBatch, PersonChange)
    )


def _import_or_refuse(call: object) -> None:
    before = _state()
    try:
        call()  # type: ignore[operator]
    except DirectoryImportError as exc:
        assert exc.errors, "a refusal says why"
        assert all(str(e).startswith("row ") for e in exc.errors)
        assert _state() == before, "a refused file writes nothing"


@FUZZ
@given(people=rows(), header=st.sampled_from(["contract", "shuffled", "short", "extra"]))
def test_any_csv_is_imported_whole_or_refused_with_nothing_written(
    people: list[dict[str, str]], header: str
) -> None:
    columns = list(COLUMNS)
    if header == "shuffled":
        columns.reverse()
    elif header == "short":
        columns = columns[:-2]
    elif header == "extra":
        columns = [*columns, "salary"]
    text = _csv(people, columns)
    _import_or_refuse(lambda: people_import_csv(data=text))
    # The same file as bytes (surrogates cannot be UTF-8: those files are refused as such).
    data = text.encode("utf-8", "surrogatepass")
    _import_or_refuse(lambda: people_import_csv(data=data))


@FUZZ
@given(data=st.binary(max_size=300) | st.text(max_size=300))
def test_any_bytes_are_imported_or_refused(data: bytes | str) -> None:
    _import_or_refuse(lambda: people_import_csv(data=data))


@FUZZ
@given(people=rows())
def test_the_api_rows_are_imported_whole_or_refused(people: list[dict[str, str]]) -> None:
    # What `POST /api/v1/people/import` hands the service: items, no header row.
    _import_or_refuse(lambda: people_import(raw_rows=people, source="api", header_rows=0))
