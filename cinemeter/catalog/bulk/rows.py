"""What the writers share: finding rows by a source's ids and merging a source's values.

`resolve` maps refs to row ids in one statement and `link_refs` records the refs a row lacks;
`merged_values` and `assign_changes` apply a record so that an empty value never erases what
another source said; `save_keyed_rows` inserts and updates rows by natural key; `new_slugs`
and `new_row_ids` name new rows and find their ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from django.db import connection

from cinemeter.catalog.bulk.records import Ref, UpsertResult
from cinemeter.catalog.models import Company, ExternalId, Person, Title
from cinemeter.catalog.slugs import free_slugs, slug_base, slug_fallback
from cinemeter.core.bulk_sql import Table
from cinemeter.core.lookups import among_sql

R = TypeVar("R")
K = TypeVar("K")


def resolve(refs: Iterable[Ref], target: str) -> dict[Ref, int]:
    """Map each ref that is known to the id of its title/person/company (`target`).

    Every writer resolves every batch, so this is one hand-written statement: through the
    ORM, building and compiling the query cost more than running it. The refs given are the
    keys returned (a found row is matched back to them, not made into new Refs).
    """
    # Keyed by plain tuples so a row's (source, value) finds its Ref without building one.
    wanted: dict[tuple[str, str], Ref] = {ref: ref for ref in refs}
    if not wanted:
        return {}
    by_source: dict[str, list[str]] = {}
    for source, value in wanted:
        by_source.setdefault(source, []).append(value)
    quote = connection.ops.quote_name
    source_column, column, id_column = quote("source"), quote("value"), quote(f"{target}_id")
    branches, params = [], []
    for source, values in by_source.items():
        among, param = among_sql(column, values, vendor=connection.vendor, integers=False)
        branches.append(f"({source_column} = %s AND {among})")
        params += [source, param]
    # Names are the model's columns and `target` comes from our code; values are parameters.
    sql = (
        f"SELECT {source_column}, {column}, {id_column} "  # noqa: S608
        f"FROM {quote(ExternalId._meta.db_table)} "
        f"WHERE {id_column} IS NOT NULL AND ({' OR '.join(branches)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {wanted[(source, found)]: pk for source, found, pk in cursor.fetchall()}


def link_refs(found: dict[Ref, int], wanted: Mapping[int, Sequence[Ref]], target: str) -> None:
    """Record the refs a row does not have yet (an IMDb id learnt from a TMDb document)."""
    # On conflict nothing: a ref already pointing elsewhere keeps pointing there.
    Table(ExternalId, ("source", "value", f"{target}_id")).insert(
        (
            (ref.source, ref.value, pk)
            for pk, refs in wanted.items()
            for ref in refs
            if ref not in found
        ),
        ignore_conflicts=True,
    )


def _is_empty(value: Any) -> bool:
    return value is None or value == ""


def merged_values(current: Sequence[Any], incoming: Sequence[Any]) -> tuple[Any, ...]:
    """The row's values after a source's record: an empty incoming value keeps the row's."""
    return tuple(old if _is_empty(new) else new for old, new in zip(current, incoming, strict=True))


def assign_changes(row: Any, values: Mapping[str, Any]) -> list[str]:
    """Set the fields whose value differs; an empty value ("" or None) leaves the row's."""
    changed = []
    for name, value in values.items():
        if value in (None, "") or getattr(row, name) == value:
            continue
        setattr(row, name, value)
        changed.append(name)
    return changed


def record_changes(row: Any, record: Any, fields: Sequence[str]) -> list[str]:
    """The fields the record sets to a new value; empty record values change nothing."""
    return assign_changes(row, {name: getattr(record, name) for name in fields})


def _assign_all(row: Any, values: Mapping[str, Any]) -> list[str]:
    """Set every field whose value differs, empty values included."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    return changed


def save_keyed_rows(
    model: Any,
    wanted: Mapping[Any, Mapping[str, Any]],
    existing: Mapping[Any, Any],
    build: Callable[[Any, Mapping[str, Any]], Any],
    result: UpsertResult,
    *,
    empty_keeps: bool = True,
) -> None:
    """Insert the wanted rows that are new and update the ones whose values changed.

    `wanted` and `existing` are keyed by the row's natural key; `build(key, values)` makes a
    new row. With `empty_keeps`, an empty value never overwrites what a row has.
    """
    assign = assign_changes if empty_keeps else _assign_all
    created, changed, changed_fields = [], [], set()
    for key, values in wanted.items():
        row = existing.get(key)
        if row is None:
            created.append(build(key, values))
        elif changes := assign(row, values):
            changed.append(row)
            changed_fields.update(changes)
        else:
            result.unchanged += 1
    model.objects.bulk_create(created)
    if changed:
        model.objects.bulk_update(changed, sorted(changed_fields))
    result.created += len(created)
    result.updated += len(changed)


def new_slugs(
    model: type[Title] | type[Person], texts: Mapping[int, tuple[str, Ref]]
) -> dict[int, str]:
    """Unique slugs for new rows: "title-year", else with the source id appended."""
    default = model.__name__.lower()
    bases = {key: slug_base(text, default) for key, (text, _) in texts.items()}
    return free_slugs(model, bases, lambda key, base: slug_fallback(base, str(texts[key][1])))


def new_row_ids(
    model: type[Title] | type[Person] | type[Company], slugs: dict[K, str], keyed: dict[K, R]
) -> dict[int, R]:
    """The new rows' ids (found by their unique slugs) with the record each came from."""
    ids = dict(model.objects.filter(slug__among=set(slugs.values())).values_list("slug", "pk"))
    return {ids[slugs[key]]: record for key, record in keyed.items()}


def add_m2m_links(through: Any, owner: str, target: str, wanted: dict[int, list[int]]) -> None:
    """Add missing links only: sources add genres and countries, never take them away."""
    Table(through, (owner, target)).insert(
        ((pk, other) for pk, others in wanted.items() for other in others), ignore_conflicts=True
    )


def last_by_key(records: Iterable[Any], key: Callable[[Any], Any]) -> dict[Any, Any]:
    """The records by natural key; the same key twice in a batch: the last one wins."""
    return {key(record): record for record in records}
