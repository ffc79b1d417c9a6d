"""Prepared bulk INSERT and UPDATE statements, run with one `executemany` per batch.

Importers write hundreds of thousands of rows. Django's `bulk_create`/`bulk_update` build
model instances and compile one statement per few hundred values (SQLite's 999-parameter
cap), which costs more than the database's own work; here one statement is compiled per
batch and the rows are plain tuples. Values are adapted as the ORM would (dates, times,
decimals), columns the caller leaves out get the field's default, and `auto_now` /
`auto_now_add` columns the batch's time, so rows look exactly as if the ORM had saved them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

# Field types whose Python values the database adapter must not receive as they are: the
# ORM turns them into the backend's form (aware datetimes into UTC text on SQLite, ...).
_ADAPTED_TYPES = frozenset(
    {"DateField", "DateTimeField", "DecimalField", "DurationField", "JSONField", "TimeField"}
)

ModelField = models.Field[Any, Any]
Adapter = Callable[[Any], Any]


def _field(model: type[models.Model], name: str) -> ModelField:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.concrete or field.many_to_many:
        msg = f"{model.__name__}.{name} is not a column"
        raise TypeError(msg)
    return field


def _adapter(field: ModelField) -> Adapter | None:
    kind = field.get_internal_type()
    if kind not in _ADAPTED_TYPES:
        return None
    if kind == "JSONField":  # its values may be unhashable (dicts, lists)
        return lambda value: field.get_db_prep_save(value, connection)
    # A batch repeats few distinct values (one fetch time, ratings 0.0-10.0): adapting each
    # once matters when the ORM's adaptation costs more than the database's insert.
    adapted: dict[Any, Any] = {}

    def adapt(value: Any) -> Any:
        try:
            return adapted[value]
        except KeyError:
            result = adapted[value] = field.get_db_prep_save(value, connection)
            return result

    return adapt


def _quoted(field: ModelField) -> str:
    return connection.ops.quote_name(field.column or field.attname)


def _is_stamped(field: ModelField) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


class Table:
    """One model's table, written through `columns` (field names or attnames, e.g. "title_id")."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        meta = model._meta
        self.fields = [_field(model, name) for name in columns]
        given = {field.attname for field in self.fields}
        self._table = connection.ops.quote_name(meta.db_table)
        self._pk = _quoted(_field(model, meta.pk.name)) if meta.pk else "id"
        adapters = [_adapter(field) for field in self.fields]
        self._adapters = [(i, adapt) for i, adapt in enumerate(adapters) if adapt is not None]
        rest = [
            field
            for field in meta.concrete_fields
            if isinstance(field, models.Field)
            and not field.primary_key
            and field.attname not in given
        ]
        self._defaults = [field for field in rest if not _is_stamped(field)]
        self._stamped = [field for field in rest if _is_stamped(field)]
        self._touched = [field for field in self._stamped if getattr(field, "auto_now", False)]

    def _prepared(self, row: Sequence[Any]) -> Sequence[Any]:
        if not self._adapters:
            return row
        values = list(row)
        for index, adapt in self._adapters:
            if values[index] is not None:
                values[index] = adapt(values[index])
        return values

    def _all_columns(self) -> tuple[str, list[Any]]:
        """The INSERT's column list: `columns`, then the ones the caller leaves out, with the
        values of the latter (defaults, and this moment for timestamps)."""
        now = timezone.now()
        extra = [
            field.get_db_prep_save(field.get_default(), connection) for field in self._defaults
        ]
        extra += [field.get_db_prep_save(now, connection) for field in self._stamped]
        fields = [*self.fields, *self._defaults, *self._stamped]
        return ", ".join(_quoted(field) for field in fields), extra

    def insert(self, rows: Iterable[Sequence[Any]], *, ignore_conflicts: bool = False) -> None:
        """INSERT each row (values in `columns` order); with `ignore_conflicts`, rows that
        would break a unique constraint are skipped."""
        columns, extra = self._all_columns()
        marks = ", ".join(["%s"] * (len(self.fields) + len(extra)))
        conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
        # Names come from the model's metadata, never from the input; values are parameters.
        sql = f"INSERT INTO {self._table} ({columns}) VALUES ({marks}){conflict}"  # noqa: S608
        params = [[*self._prepared(row), *extra] for row in rows]
        if params:
            with connection.cursor() as cursor:
                cursor.executemany(sql, params)

    def insert_from(
        self, query: str, params: Sequence[Any] = (), *, ignore_conflicts: bool = False
    ) -> int:
        """INSERT the rows `query` selects (its columns in `columns` order), the rest of the
        columns as `insert` fills them; the number of rows inserted. `query` is SQL our code
        built, never input."""
        columns, extra = self._all_columns()
        marks = "".join(", %s" for _ in extra)
        # `WHERE true` ends the SELECT so SQLite reads ON CONFLICT as the upsert clause.
        conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
        sql = (
            f"INSERT INTO {self._table} ({columns}) "  # noqa: S608 - see the docstring
            f"SELECT q.*{marks} FROM ({query}) q WHERE true{conflict}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*extra, *params])
            return int(cursor.rowcount)

    def update(self, rows: Iterable[Sequence[Any]]) -> None:
        """UPDATE by primary key: each row is the `columns` values followed by the pk; an
        `auto_now` column is set to the batch's time."""
        now = timezone.now()
        touched = [field.get_db_prep_save(now, connection) for field in self._touched]
        assignments = ", ".join(
            f"{_quoted(field)} = %s" for field in [*self.fields, *self._touched]
        )
        sql = f"UPDATE {self._table} SET {assignments} WHERE {self._pk} = %s"  # noqa: S608
        params = [[*self._prepared(row[:-1]), *touched, row[-1]] for row in rows]
        if params:
            with connection.cursor() as cursor:
                cursor.executemany(sql, params)
