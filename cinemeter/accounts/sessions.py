"""Django's database sessions, read by one plain query.

Every member's request loads the session before anything else; through the ORM that read
cost more CPU than the rest of a vote. Stored, written, expired and cleared exactly as
`django.contrib.sessions.backends.db` does: only the load is different.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self) -> dict[str, Any]:
        model = self.model
        connection = connections[router.db_for_read(model)]
        table = connection.ops.quote_name(model._meta.db_table)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table}"  # noqa: S608 - a quoted table name only
                " WHERE session_key = %s AND expire_date > %s",
                [self.session_key, now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as the db backend: an unknown or expired key is dropped
            return {}
        data: dict[str, Any] = self.decode(row[0])
        return data
