"""TEMP staging tables: a batch loaded with one `executemany`, then written by set-based SQL.

An importer that matches, refuses and writes row by row in Python spends more time on its
bookkeeping than the database spends on the rows. Here a batch goes in as plain tuples and a
few `INSERT … SELECT` / `UPDATE … FROM` statements do the rest. TEMP tables live in the
connection (SQLite and PostgreSQL alike) and are emptied per batch; they are created inside
the batch's transaction, so a rolled-back batch (PostgreSQL's DDL is transactional too) takes
the table with it and the next batch creates it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

# SQL types both databases understand as the same thing.
INTEGER = "INTEGER"
NUMERIC = "NUMERIC"  # a decimal given as text ("7.3"): stored as the column's number
BIGINT = "BIGINT"  # an integer of 64 bits on PostgreSQL too (SQLite's are always)
TEXT = "TEXT"


def q(name: str) -> str:
    """A table or column name quoted for the database (names from our code only)."""
    return connection.ops.quote_name(name)


class Stage:
    """One TEMP table: `columns` are (name, SQL type) pairs, names from our code only."""

    def __init__(self, name: str, columns: Sequence[tuple[str, str]]) -> None:
        quote = q
        self.name = quote(name)
        self.columns = [name for name, _ in columns]
        definition = ", ".join(f"{quote(column)} {kind}" for column, kind in columns)
        self._create = f"CREATE TEMP TABLE IF NOT EXISTS {self.name} ({definition})"
        names = ", ".join(quote(column) for column in self.columns)
        marks = ", ".join(["%s"] * len(columns))
        # Names come from our code, never from the input; values are parameters.
        self._insert = f"INSERT INTO {self.name} ({names}) VALUES ({marks})"  # noqa: S608
        self._empty = f"DELETE FROM {self.name}"  # noqa: S608
        self._copy = f"COPY {self.name} ({names}) FROM STDIN"

    def reset(self) -> None:
        """An empty table, ready for this batch."""
        with connection.cursor() as cursor:
            cursor.execute(self._create)
            cursor.execute(self._empty)

    def load(self, rows: Sequence[Sequence[Any]]) -> None:
        """Replace the table's rows with `rows` (values in `columns` order)."""
        self.reset()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY: an executemany sends a statement per row, the batch's main cost there.
                with cursor.cursor.copy(self._copy) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(self._insert, rows)
        self.analyze()

    def analyze(self) -> None:
        """Give PostgreSQL's planner the table's statistics: autovacuum never sees TEMP
        tables, and without them it guesses a size and may scan the catalogue for every
        staged row. (SQLite plans these joins by the catalogue's indexes as they are.)"""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {self.name}")


def split_list_sql(column: str) -> str:
    """A FROM item giving each item of a comma-separated `column` as `j.value`, with its
    position as `j.key` (numbered from 0 on SQLite, 1 on PostgreSQL: use for order only).
    The items must hold no quote or backslash (ids checked by their pattern)."""
    if connection.vendor == "postgresql":
        return f"unnest(string_to_array({column}, ',')) WITH ORDINALITY AS j(value, key)"
    return f"""json_each('["' || replace({column}, ',', '","') || '"]') AS j"""


def run(sql: str, params: Sequence[Any] = ()) -> int:
    """Execute one statement; the number of rows it wrote (or -1 for a query)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def fetch(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def split_json_sql(column: str) -> str:
    """A FROM item giving each string of the JSON list in `column` as `j.value`."""
    if connection.vendor == "postgresql":
        return f"jsonb_array_elements_text(CAST({column} AS jsonb)) AS j(value)"
    return f"json_each({column}) AS j"
