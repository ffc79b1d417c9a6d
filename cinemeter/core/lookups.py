"""`field__among=[...]`: membership in a long list of ids or codes, sent as one parameter.

Importers look up thousands of keys per batch. `__in` prepares every value through the field
and sends each as its own parameter (2,000 ids cost more to compile than to look up); here
the list travels as one value: a JSON array read by `json_each` on SQLite, an array compared
with `= ANY` on PostgreSQL. For plain ints and strings only, already of the column's type.
Give a set (or dict keys): the ORM walks a list or tuple value by value before any lookup.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, ForeignObject, Lookup
from django.db.models.sql.compiler import SQLCompiler

_INTEGER_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "IntegerField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallAutoField",
        "SmallIntegerField",
    }
)


class Among(Lookup[Any]):
    lookup_name = "among"
    prepare_rhs = False

    def get_prep_lookup(self) -> list[Any]:
        return list(self.rhs)

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        target = getattr(field, "target_field", field)  # a foreign key compares as its target
        integers = target.get_internal_type() in _INTEGER_TYPES
        sql, param = among_sql(lhs, self.rhs, vendor=connection.vendor, integers=integers)
        return sql, (*lhs_params, param)


def among_sql(column: str, values: list[Any], *, vendor: str, integers: bool) -> tuple[str, Any]:
    """`column` among `values` as SQL with its one parameter, for hand-written statements
    too. `column` is SQL the caller built from model metadata, never from input."""
    if vendor == "postgresql":
        return f"{column} = ANY(%s::{'bigint[]' if integers else 'text[]'})", values
    sql = f"{column} IN (SELECT value FROM json_each(%s))"  # noqa: S608 - column: see above
    return sql, json.dumps(values)


Field.register_lookup(Among)
ForeignObject.register_lookup(Among)  # relations keep a lookup registry of their own
