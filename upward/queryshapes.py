"""Hot queries whose SQL Django composes once, then runs with new values.

Profiling the leaders' and mentors' page mix under load (issue 16) showed a third of the app's
CPU spent composing SQL: Django rebuilds the same statement on every request, column by column,
and the widest reads (the signed-in account with its person; a pair with its program, both
people and their accounts: 135 columns) cost one to two milliseconds each to compose, against a
third of a millisecond to run. A `QueryShape` composes such a queryset once per database
connection with stand-in values, keeps the SQL and the compiler's description of the columns,
and afterwards only swaps the values in and turns rows into model instances exactly as Django's
own `ModelIterable` does (`select_related` objects included).

Only integer values (ids, and lists of ids) are swapped: they reach the SQL unchanged on every
backend, which is what makes swapping them safe. Anything else belongs in an ordinary queryset.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import (  # type: ignore[attr-defined]
    FlatValuesListIterable,
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)

R = TypeVar("R")  # a row: a model instance, a tuple of values, or one value

Value = int | Sequence[int]

# Stand-ins no database hands out as an id, unlike any constant a query holds, and inside a
# 32-bit integer column's range (Django turns an out-of-range lookup into "no rows" unasked).
_STAND_IN_BASE = -2_100_000_000
_STAND_IN_STEP = 1_000_000
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _fits(value: int) -> bool:
    return _INT64_MIN <= value <= _INT64_MAX


def _stand_in(arg: int, item: int = 0) -> int:
    return _STAND_IN_BASE - arg * _STAND_IN_STEP - item


@dataclass(frozen=True)
class _Composed:
    sql: str
    params: tuple[Any, ...]
    # (position in params, argument, index within a list argument or -1 for a scalar)
    slots: tuple[tuple[int, int, int], ...]
    compiler: Any
    rows: str  # "models", "tuples" (values_list) or "flat" (values_list(flat=True))
    # The columns' converters (Django's `get_converters`, found anew for every query it runs:
    # on a 135-column read, more CPU than building the objects).
    converters: dict[int, tuple[list[Any], Any]] = dataclasses.field(default_factory=dict)
    model_start: int = 0
    model_end: int = 0
    init_list: tuple[str, ...] = ()
    populators: tuple[Any, ...] = ()


class QueryShape(Generic[R]):
    """`build(*values)` returns the queryset; `shape(*values)` returns its rows as a list:
    model instances (with their `select_related` objects), or `values_list` tuples or values.

    Values are ints or sequences of ints; the SQL is composed once per connection and per
    "shape" of the values (which are lists, and how long). They are ids matched by equality
    or IN: an empty list runs the queryset the ordinary way (Django answers it without asking
    the database)."""

    def __init__(self, build: Callable[..., QuerySet[Any, R]]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self.compositions = 0  # how many times SQL was composed (tests read it)

    def __call__(self, *values: Value, using: str = DEFAULT_DB_ALIAS) -> list[R]:
        checked: list[Value] = []
        for value in values:
            items = [value] if isinstance(value, int) else value
            if not isinstance(value, int | list | tuple) or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in items
            ):
                raise TypeError(f"QueryShape takes ints or lists of ints, not {value!r}")
            # A value no 64-bit column holds matches no row, and the database would refuse it
            # with an error: dropped from a list.
            checked.append(value if isinstance(value, int) else [v for v in value if _fits(v)])
        if any((not _fits(v)) if isinstance(v, int) else not v for v in checked):
            # An empty list, a lone id out of range: Django answers without the database.
            return list(self._build(*checked))
        values = tuple(checked)
        key = [-1 if isinstance(v, int) else len(v) for v in checked]
        connection = connections[using]
        # Per connection object: each thread has its own, and the SQL is the backend's dialect.
        cache: dict[tuple[int, ...], _Composed] = connection.__dict__.setdefault(
            "_upward_query_shapes", {}
        )
        cache_key = (id(self), *key)
        composed = cache.get(cache_key)
        if composed is None:
            composed = self._compose(key, using)
            cache[cache_key] = composed
        params = list(composed.params)
        for position, arg, item in composed.slots:
            value = values[arg]
            params[position] = value if item < 0 else value[item]  # type: ignore[index]
        with connection.cursor() as cursor:
            cursor.execute(composed.sql, params)
            rows = cursor.fetchall()
        if composed.converters:
            rows = list(composed.compiler.apply_converters(rows, composed.converters))
        if composed.rows == "tuples":
            return [tuple(row) for row in rows]  # type: ignore[misc]  # R is the tuple here
        if composed.rows == "flat":
            return [row[0] for row in rows]
        objects: list[Any] = []
        model = composed.compiler.klass_info["model"]
        start, end = composed.model_start, composed.model_end
        init_list = list(composed.init_list)
        for row in rows:
            obj = model.from_db(using, init_list, row[start:end])
            for populator in composed.populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects

    def _compose(self, key: list[int], using: str) -> _Composed:
        stand_ins: list[Value] = [
            _stand_in(arg) if length < 0 else [_stand_in(arg, i) for i in range(length)]
            for arg, length in enumerate(key)
        ]
        queryset = self._build(*stand_ins)
        query = queryset.query
        kinds: dict[Any, str] = {
            ModelIterable: "models",
            ValuesListIterable: "tuples",
            FlatValuesListIterable: "flat",
        }
        rows = kinds.get(queryset._iterable_class)  # type: ignore[attr-defined]
        # Annotations only where the columns come back in the order asked (values_list naming
        # its fields first, then its annotations): Django reorders the others row by row.
        selected = [*query.extra_select, *query.values_select, *query.annotation_select]
        in_order = rows != "models" and list(queryset._fields or ()) == selected  # type: ignore[attr-defined]
        if (
            rows is None or (query.annotations and not in_order) or queryset._known_related_objects  # type: ignore[attr-defined]
        ):
            raise ValueError("QueryShape reads model rows or values_list() in select order")
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        wanted: dict[int, tuple[int, int]] = {}
        for arg, length in enumerate(key):
            if length < 0:
                wanted[_stand_in(arg)] = (arg, -1)
            else:
                for i in range(length):
                    wanted[_stand_in(arg, i)] = (arg, i)
        slots = tuple(
            (position, *wanted[param])
            for position, param in enumerate(params)
            if isinstance(param, int) and param in wanted
        )
        found = {(arg, item) for _, arg, item in slots}
        if found != set(wanted.values()):
            raise ValueError("QueryShape: a value did not reach the SQL as a parameter")
        with self._lock:
            self.compositions += 1
        columns = [selected[0] for selected in compiler.select[0 : compiler.col_count]]
        converters = compiler.get_converters(columns)
        composed = _Composed(
            sql=sql,
            params=tuple(params),
            slots=slots,
            compiler=compiler,
            rows=rows,
            converters=converters,
        )
        if rows != "models":
            return composed
        klass_info = compiler.klass_info
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        return dataclasses.replace(
            composed,
            model_start=start,
            model_end=end,
            init_list=tuple(f[0].target.attname for f in compiler.select[start:end]),
            populators=tuple(get_related_populators(klass_info, compiler.select, using)),
        )
