"""What the staged upserts share: resolving a stage's ids, merging values, and writing new
titles and people with free slugs and their external ids.

New rows (`staged.people`, `staged.titles`): the stage has `seq`, `is_first`,
`slug_base` (the readable slug, computed while parsing), `<target>_ref` (the source's id)
and `<target>_id` (NULL for a new row). One query asks, per new row, whether its readable
slug and its fallback ("<base>-<source><id>") are taken; `slugs.pick_slugs` chooses as
`slugs.free_slugs` does; one `INSERT … SELECT` writes the rows and one their external ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from django.db import models

from cinemeter.catalog.models import ExternalId
from cinemeter.catalog.slugs import pick_slugs
from cinemeter.core.bulk_sql import Table
from cinemeter.core.staging import INTEGER, TEXT, Stage, fetch, q

SLUG_LENGTH = 200


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
    # The slug of "imdb:nm0000001" is "imdbnm0000001": ids are letters and digits only.
    fallback = f"SUBSTR({base} || '-' || LOWER(%s || {ref}), 1, {SLUG_LENGTH})"
    new = f"{q(f'{target}_id')} IS NULL AND {q('is_first')} = 1"
    picked = ", ".join(f"s.{q(column)}" for column in values)
    # Names come from the models and our code; values are parameters.
    return {
        "new": (
            f"SELECT {seq}, {base}, {fallback}, "  # noqa: S608
            f"EXISTS (SELECT 1 FROM {table} p WHERE p.{slug} = {base}), "
            f"EXISTS (SELECT 1 FROM {table} p WHERE p.{slug} = {fallback}) "
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
    rows = fetch(sql["new"], [source, source])
    if not rows:
        return 0
    wanted = {seq: (base, fallback) for seq, base, fallback, _, _ in rows}
    taken = {base for _, base, _, base_taken, _ in rows if base_taken}
    taken |= {fallback for _, _, fallback, _, fallback_taken in rows if fallback_taken}
    _slugs(target).load(list(pick_slugs(wanted, taken).items()))
    created = Table(model, ("slug", *values)).insert_from(sql["insert"])
    Table(ExternalId, ("source", "value", f"{target}_id")).insert_from(
        sql["link"], [source], ignore_conflicts=True
    )
    return created
