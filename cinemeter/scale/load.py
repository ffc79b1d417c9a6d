"""Fast bulk loading for generated rows: COPY on PostgreSQL, one `executemany` per batch on
SQLite; secondary indexes of the big tables dropped during the load and built once after.

Rows carry the columns the caller names, in database form (ids, strings, ISO dates); the
model's other columns get their defaults, and `created_at`/`updated_at` the load's time, as
`cinemeter.core.bulk_sql.Table` does for the importers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

BATCH = 50_000


def _stamp(field: models.Field[Any, Any]) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _column(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.concrete:
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field


def load(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` (values in `columns` order) into `model`'s table; returns how many."""
    meta = model._meta
    given = [_column(model, name) for name in columns]
    names = {field.attname for field in given}
    rest = [
        field
        for field in meta.concrete_fields
        if field.attname not in names and not field.primary_key
    ]
    now = timezone.now()
    extra = tuple(
        connection.ops.adapt_datetimefield_value(now)
        if _stamp(field)
        else field.get_db_prep_save(field.get_default(), connection)
        for field in rest
    )
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    column_list = ", ".join(quote(field.column or field.attname) for field in [*given, *rest])
    count = 0
    full = (tuple(row) + extra for row in rows)
    if connection.vendor == "postgresql":
        # The raw cursor's COPY raises psycopg's errors: wrapped as Django's, as the ORM's are.
        with transaction.atomic(), connection.cursor() as cursor, connection.wrap_database_errors:
            copy_sql = f"COPY {table} ({column_list}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in full:
                    copy.write_row(row)
                    count += 1
        return count
    marks = ", ".join(["%s"] * (len(given) + len(rest)))
    sql = f"INSERT INTO {table} ({column_list}) VALUES ({marks})"  # noqa: S608 - names only
    for batch in _batches(full):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, batch)
        count += len(batch)
    return count


def _batches(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    while batch := list(islice(rows, BATCH)):
        yield batch


@contextmanager
def indexes_deferred(*tables: type[models.Model]) -> Iterator[None]:
    """Drop the models' `Meta.indexes` for the duration and build them once at the end:
    one sort per index instead of millions of random B-tree inserts. Inside a transaction
    (a test) the indexes stay: SQLite cannot change its schema there."""
    if connection.in_atomic_block:
        yield
        return
    indexes = [(model, index) for model in tables for index in model._meta.indexes]
    with connection.schema_editor() as editor:
        for model, index in indexes:
            editor.remove_index(model, index)
    yield
    with connection.schema_editor() as editor:
        for model, index in indexes:
            editor.add_index(model, index)


def sequences_reset(*tables: type[models.Model]) -> None:
    """After rows with explicit ids, make PostgreSQL's id sequences continue after them."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(tables))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def analyze() -> None:
    """Fresh planner statistics for the new rows."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
