"""What the staged upserts share: resolving a stage's ids, merging values, and writing new
titles and people with free slugs and their external ids.

New rows (`staged.people`, `staged.titles`): the stage has `seq`, `is_last`,
`slug_base` (the readable slug, computed while parsing), `<target>_ref` (the source's id)
and `<target>_id` (NULL for a new row). One query lists the new rows and whether each one's
readable slug is taken; the fallbacks ("<base>-<source><id>", `slugs.slug_fallback`) of the
clashing ones are looked up in one more, and `slugs.pick_slugs` chooses as the record
writers' `slugs.free_slugs` does; one `INSERT … SELECT` writes the rows and one their
external ids.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from functools import cache

from django.db import models

from cinemeter.catalog.models import ExternalId
from cinemeter.catalog.slugs import clashing, pick_slugs, slug_fallback, taken_slugs
from cinemeter.core.bulk_sql import Table
from cinemeter.core.staging import INTEGER, TEXT, Stage, fetch, q


def last_positions(keys: Iterable[Hashable]) -> set[int]:
    """The positions of the rows that write their key: the last row of each key in the batch
    (the package's rule for a key repeated within one batch; see `cinemeter.catalog.bulk`).
    Staged rows carry it as `is_last`; the earlier rows of a key count as unchanged."""
    return set({key: seq for seq, key in enumerate(keys)}.values())


def resolve_sql(stage: str, refs: Sequence[str]) -> str:
    """Fill the stage's `<ref>_id` columns from the external ids (NULL: not known); one
    parameter per ref, the source."""
    ext = q(ExternalId._meta.db_table)
    value, source = q("value"), q("source")
    sets = []
    for ref in refs:
        column = q(f"{ref}_id")
        sets.append(
            f"{column} = (SELECT e.{column} FROM {ext} e WHERE e.{source} = %s "  # noqa: S608
            f"AND e.{value} = {stage}.{q(f'{ref}_ref')} AND e.{column} IS NOT NULL)"
        )
    return f"UPDATE {stage} SET {', '.join(sets)}"  # noqa: S608


def merged_sql(table: str, column: str, *, text: bool) -> str:
    """The column's value after a staged row `w`: an empty staged value keeps the row's."""
    staged = f"NULLIF(w.{q(column)}, '')" if text else f"w.{q(column)}"
    return f"COALESCE({staged}, {table}.{q(column)})"


def merge_sql(table: str, columns: Sequence[str], texts: Sequence[str]) -> tuple[str, str]:
    """SET assignments merging `columns` from the staged row `w`, and the condition that
    this changes something."""
    merged = {c: merged_sql(table, c, text=c in texts) for c in columns}
    sets = ", ".join(f"{q(c)} = {merged[c]}" for c in columns)
    differs = " OR ".join(f"{merged[c]} IS DISTINCT FROM {table}.{q(c)}" for c in columns)
    return sets, differs


@cache
def _slugs(target: str) -> Stage:
    return Stage(f"stage_{target}_slug", (("seq", INTEGER), ("slug", TEXT)))


@cache
def _sql(
    model: type[models.Model], stage: str, target: str, values: tuple[str, ...]
) -> dict[str, str]:
    table, slugs = q(model._meta.db_table), _slugs(target).name
    ref, seq, slug, base = q(f"{target}_ref"), q("seq"), q("slug"), q("slug_base")
    new = f"{q(f'{target}_id')} IS NULL AND {q('is_last')} = 1"
    picked = ", ".join(f"s.{q(column)}" for column in values)
    # Names come from the models and our code; values are parameters.
    return {
        "new": (
            f"SELECT {seq}, {base}, {ref}, "  # noqa: S608
            f"EXISTS (SELECT 1 FROM {table} p WHERE p.{slug} = {base}) "
            f"FROM {stage} WHERE {new} ORDER BY {seq}"
        ),
        "insert": (
            f"SELECT n.{slug}, {picked} FROM {stage} s "  # noqa: S608
            f"JOIN {slugs} n ON n.{seq} = s.{seq} ORDER BY s.{seq}"
        ),
        "link": (
            f"SELECT %s, s.{ref}, t.{q('id')} FROM {stage} s "  # noqa: S608
            f"JOIN {slugs} n ON n.{seq} = s.{seq} JOIN {table} t ON t.{slug} = n.{slug}"
        ),
    }


def insert_new(
    model: type[models.Model],
    stage: Stage,
    *,
    target: str,
    values: Sequence[str],
    source: str,
) -> int:
    """Insert the stage's new rows (`values` columns, named like the model's fields) with
    free slugs, and their external ids; how many rows were inserted."""
    sql = _sql(model, stage.name, target, tuple(values))
    rows = fetch(sql["new"])
    if not rows:
        return 0
    bases = {seq: base for seq, base, _, _ in rows}
    refs = {seq: ref for seq, _, ref, _ in rows}

    def fallback(seq: int) -> str:
        return slug_fallback(bases[seq], f"{source}:{refs[seq]}")

    taken = {base for _, base, _, base_taken in rows if base_taken}
    clashes = clashing(bases, taken)
    if clashes:
        taken |= taken_slugs(model, (fallback(seq) for seq in clashes))
    _slugs(target).load(list(pick_slugs(bases, fallback, taken).items()))
    created = Table(model, ("slug", *values)).insert_from(sql["insert"])
    Table(ExternalId, ("source", "value", f"{target}_id")).insert_from(
        sql["link"], [source], ignore_conflicts=True
    )
    return created
