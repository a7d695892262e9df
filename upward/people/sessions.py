"""Django's database sessions, with the one read every request makes written once.

Every signed-in request loads its session first. Django's store asks the ORM for the row
(`Session.objects.get(session_key=..., expire_date__gt=now)`), composing the same statement
anew each time: on the load machine that cost more CPU than running it (issue 16). This store
is Django's own in every other respect (saving, creating, rotating keys, clearing expired rows,
`manage.py clearsessions`); only the read is a statement composed once per database backend,
with its values passed as parameters, as the ORM would pass them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

_READS: dict[tuple[str, str], str] = {}


def _read_sql(connection: Any, model: Any) -> str:
    key = (connection.vendor, model._meta.db_table)
    sql = _READS.get(key)
    if sql is None:
        quote = connection.ops.quote_name
        column = {f.name: quote(f.column) for f in model._meta.concrete_fields}
        sql = (
            f"SELECT {column['session_data']} FROM {quote(model._meta.db_table)}"  # noqa: S608
            f" WHERE {column['session_key']} = %s AND {column['expire_date']} > %s"
        )
        _READS[key] = sql
    return sql


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        model = self.model
        connection = connections[router.db_for_read(model)]
        # The moment adapted exactly as the ORM adapts it for this backend (SQLite keeps
        # datetimes as text; PostgreSQL compares timestamps).
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_read_sql(connection, model), [self.session_key, now])
            row = cursor.fetchone()
        key = self.session_key
        if row is None or key is None:
            self._session_key = None  # as Django's store: unknown or expired, a new session
            return None
        return model(session_key=key, session_data=row[0])
