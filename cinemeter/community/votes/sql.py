"""One member's vote on one title in plain SQL: the vote form is the site's busiest write.

Through the ORM each vote spent ~4 ms of CPU compiling its statements, several times what the
database needs to run them, and on SQLite all of it inside the single writer's lock. These
statements are built once per process and take only parameters. Values are stored as the
ORM stores them (`adapt_decimalfield_value`, the backend's datetime form) and read back as
half stars, the unit the title tallies count in.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper

from cinemeter.community.votes.models import Vote


def _connection() -> BaseDatabaseWrapper:
    return connections[router.db_for_write(Vote)]


@cache
def _statements(vendor: str, table: str) -> dict[str, str]:
    lock = " FOR UPDATE" if vendor == "postgresql" else ""
    # Only the quoted table name is formatted in; every value travels as a parameter.
    return {
        "find": (
            f"SELECT id, CAST(value * 2 AS INTEGER) FROM {table}"  # noqa: S608
            f" WHERE user_id = %s AND title_id = %s{lock}"
        ),
        # A concurrent request of the same member may insert first: then nothing is inserted,
        # nothing returned, and the caller changes that vote instead.
        "insert": (
            f"INSERT INTO {table} (user_id, title_id, value, created_at, updated_at)"  # noqa: S608
            " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (user_id, title_id) DO NOTHING RETURNING id"
        ),
        "update": f"UPDATE {table} SET value = %s, updated_at = %s WHERE id = %s",  # noqa: S608
        # The title page's own vote, on every member's view: no lock, half stars.
        "read": (
            f"SELECT CAST(value * 2 AS INTEGER) FROM {table}"  # noqa: S608
            " WHERE user_id = %s AND title_id = %s"
        ),
    }


def _sql(name: str) -> str:
    connection = _connection()
    return _statements(connection.vendor, connection.ops.quote_name(Vote._meta.db_table))[name]


def vote_find(user_id: int, title_id: int) -> tuple[int, int] | None:
    """(vote id, half stars) of the member's vote on the title, locked on PostgreSQL until
    the transaction ends; None when there is none."""
    with _connection().cursor() as cursor:
        cursor.execute(_sql("find"), [user_id, title_id])
        row = cursor.fetchone()
    return None if row is None else (row[0], row[1])


def vote_read(user_id: int, title_id: int) -> Decimal | None:
    """The member's vote on the title in stars, or None; nothing locked."""
    with _connection().cursor() as cursor:
        cursor.execute(_sql("read"), [user_id, title_id])
        row = cursor.fetchone()
    return None if row is None else Decimal(row[0]) / 2


def _adapted(value: Decimal, now: datetime) -> tuple[Any, Any]:
    """The value and the time as the ORM would store them."""
    ops = _connection().ops
    return ops.adapt_decimalfield_value(value, 2, 1), ops.adapt_datetimefield_value(now)


def vote_insert(user_id: int, title_id: int, value: Decimal, now: datetime) -> int | None:
    """The new vote's id, or None when the member's vote on the title exists already."""
    stored, stamp = _adapted(value, now)
    with _connection().cursor() as cursor:
        cursor.execute(_sql("insert"), [user_id, title_id, stored, stamp, stamp])
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def vote_update(vote_id: int, value: Decimal, now: datetime) -> None:
    stored, stamp = _adapted(value, now)
    with _connection().cursor() as cursor:
        cursor.execute(_sql("update"), [stored, stamp, vote_id])
