"""Set-based upserts of rows that hang off titles (and people) by a source's ids: ratings,
alternative titles, credits.

A batch is staged as plain tuples in a TEMP table, each row marked if it is the last of its
key in the batch. Then, whatever the batch's size: one statement resolves the ids through
`catalog_externalid`, one query lists the refused rows with their reasons (the title is
checked before the person), `UPDATE … FROM` rewrites the rows whose values differ, and
`INSERT … SELECT … ON CONFLICT DO NOTHING` adds the new ones. The statements' row counts
give the outcomes: created, updated, refused, and unchanged for the rest (a repeat of a key
in the batch included: the last row of a key gives its values). The SQL of each table is
its `KeyedTable` here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from django.db import connection, models

from cinemeter.catalog.bulk.records import Rejection, UpsertResult
from cinemeter.catalog.bulk.staged.base import last_positions, resolve_sql
from cinemeter.catalog.models import (
    AlternativeTitle,
    Credit,
    Department,
    ExternalRating,
)
from cinemeter.core.bulk_sql import Table
from cinemeter.core.counters import counter_add
from cinemeter.core.staging import (
    BIGINT,
    INTEGER,
    NUMERIC,
    TEXT,
    Stage,
    fetch,
    q,
    run,
    split_list_sql,
)


@dataclass(frozen=True)
class KeyedTable:
    """How one table's rows are staged and matched.

    A staged row is (line, one id per ref, the key's columns, the values' columns): the
    refs ("title", "person") resolve to the table's `<ref>_id` columns, which with `key`
    make its unique key; `values` are what an update may change; `stamps` are columns set
    to one value per batch (a fetch time) on insert and on update. Names are (column, SQL
    type in the stage) and come from our code only.
    """

    model: type[models.Model]
    refs: tuple[str, ...]
    key: tuple[tuple[str, str], ...]
    values: tuple[tuple[str, str], ...]
    stamps: tuple[str, ...] = ()

    @cached_property
    def stage(self) -> Stage:
        columns = [
            ("seq", BIGINT),
            ("line", INTEGER),
            *((f"{ref}_ref", TEXT) for ref in self.refs),
            *self.key,
            *self.values,
            ("is_last", INTEGER),
            *((f"{ref}_id", INTEGER) for ref in self.refs),
        ]
        return Stage(f"stage_{self.model._meta.db_table}", columns)

    @property
    def key_width(self) -> int:
        """How many cells of a staged row, after its line, make its key."""
        return len(self.refs) + len(self.key)

    @cached_property
    def table(self) -> Table:
        columns = [
            *(f"{ref}_id" for ref in self.refs),
            *(name for name, _ in self.key),
            *(name for name, _ in self.values),
            *self.stamps,
        ]
        return Table(self.model, columns)

    @cached_property
    def sql(self) -> dict[str, str]:
        """The statements, built once from the model's and this spec's names."""
        stage, table = self.stage.name, q(self.model._meta.db_table)
        ids = [q(f"{ref}_id") for ref in self.refs]
        key = [*ids, *(q(name) for name, _ in self.key)]
        values = [q(name) for name, _ in self.values]
        stamps = [q(name) for name in self.stamps]
        found = " AND ".join(f"{column} IS NOT NULL" for column in ids)
        reasons = " ".join(
            f"WHEN {column} IS NULL THEN '{ref} ' || %s || ':' || {q(f'{ref}_ref')}"
            for ref, column in zip(self.refs, ids, strict=True)
        )
        same_key = " AND ".join(f"{table}.{c} = w.{c}" for c in key)
        differs = " OR ".join(f"{table}.{c} IS DISTINCT FROM w.{c}" for c in values)
        sets = ", ".join([*(f"{c} = w.{c}" for c in values), *(f"{c} = %s" for c in stamps)])
        picked = ", ".join([*key, *values, *("%s" for _ in stamps)])
        last = f"{q('is_last')} = 1"
        # Names come from the models and this module; values are parameters.
        return {
            "resolve": resolve_sql(stage, self.refs),
            "refused": (
                f"SELECT {q('line')}, CASE {reasons} END || ' is not in the catalogue' "  # noqa: S608
                f"FROM {stage} WHERE NOT ({found}) ORDER BY {q('seq')}"
            ),
            "update": (
                f"UPDATE {table} SET {sets} FROM {stage} w "  # noqa: S608
                f"WHERE w.{last} AND {same_key} AND ({differs})"
            ),
            "insert": (
                f"SELECT {picked} FROM {stage} "  # noqa: S608
                f"WHERE {last} AND {found} ORDER BY {q('seq')}"
            ),
        }

    def prepared_stamps(self, stamps: Sequence[Any]) -> list[Any]:
        """The stamps' values as the ORM would save them."""
        fields = [self.model._meta.get_field(name) for name in self.stamps]
        return [
            field.get_db_prep_save(value, connection)  # type: ignore[union-attr]
            for field, value in zip(fields, stamps, strict=True)
        ]


# What a source stages per row, in its table's `KeyedTable` order: named tuples, so they go
# to `executemany` as they are. Ids are the source's ("tt0068646"), not ours.
class StagedRating(NamedTuple):
    line: int
    title: str
    source: str
    value: str  # a decimal with one digit after the point: "7.3"
    votes: int


class StagedAka(NamedTuple):
    line: int
    title: str
    name: str
    region: str
    language: str
    kind: str


class StagedCredit(NamedTuple):
    line: int
    title: str
    person: str
    department: str
    job: str
    character: str
    billing_order: int | None


RATINGS = KeyedTable(
    ExternalRating,
    refs=("title",),
    key=(("source", TEXT),),
    values=(("value", NUMERIC), ("votes", INTEGER)),
    stamps=("fetched_at",),
)
ALTERNATIVE_TITLES = KeyedTable(
    AlternativeTitle,
    refs=("title",),
    key=(("name", TEXT), ("region", TEXT), ("language", TEXT)),
    values=(("kind", TEXT),),
)
CREDITS = KeyedTable(
    Credit,
    refs=("title", "person"),
    key=(("department", TEXT), ("job", TEXT)),
    values=(("character", TEXT), ("billing_order", INTEGER)),
)


def _numbered(rows: Sequence[Sequence[Any]], key_width: int, refs: int) -> list[list[Any]]:
    """Stage rows: numbered, marked if last of their key in the batch, ids unresolved."""
    last = last_positions(tuple(row[1 : 1 + key_width]) for row in rows)
    unresolved = [None] * refs
    return [[seq, *row, int(seq in last), *unresolved] for seq, row in enumerate(rows)]


def _resolved(spec: KeyedTable, total: int, source: str) -> UpsertResult:
    """Resolve the staged rows' ids and list the refused ones."""
    sources = [source] * len(spec.refs)
    run(spec.sql["resolve"], sources)
    result = UpsertResult()
    result.rejections = [Rejection(*row) for row in fetch(spec.sql["refused"], sources)]
    result.rejected = len(result.rejections)
    result.unchanged = total - result.rejected  # until some are written
    return result


def _write(
    spec: KeyedTable, result: UpsertResult, stamps: Sequence[Any], *, update: bool = True
) -> None:
    prepared = spec.prepared_stamps(stamps)
    if update:
        result.updated = run(spec.sql["update"], prepared)
    result.created = spec.table.insert_from(spec.sql["insert"], prepared, ignore_conflicts=True)
    result.unchanged -= result.updated + result.created


def keyed_upsert_staged(
    spec: KeyedTable, rows: Sequence[Sequence[Any]], *, source: str, stamps: Sequence[Any] = ()
) -> UpsertResult:
    """Write a batch of `spec`'s rows (see `KeyedTable`) named by `source`'s ids; `stamps`
    are the values of `spec.stamps`."""
    if not rows:
        return UpsertResult()
    spec.stage.load(_numbered(rows, spec.key_width, len(spec.refs)))
    result = _resolved(spec, len(rows), source)
    _write(spec, result, stamps)
    return result


# --- credits: the actors counter, and lists of people ----------------------------------------


def _new_actors_sql() -> str:
    """How many staged people gain their first acting credit (credits are only added or
    changed here, never removed, and the department is part of a credit's key)."""
    stage, credit = CREDITS.stage.name, q(Credit._meta.db_table)
    person, dept = q("person_id"), q("department")
    return (
        f"SELECT COUNT(DISTINCT s.{person}) FROM {stage} s "  # noqa: S608
        f"WHERE s.{dept} = %s AND s.{q('title_id')} IS NOT NULL AND s.{person} IS NOT NULL "
        f"AND NOT EXISTS (SELECT 1 FROM {credit} c WHERE c.{person} = s.{person} "
        f"AND c.{dept} = %s)"
    )


def _write_credits(result: UpsertResult, *, update: bool) -> None:
    acting = [Department.ACTING, Department.ACTING]
    new_actors = fetch(_new_actors_sql(), acting)[0][0]
    _write(CREDITS, result, (), update=update)
    counter_add("actors", new_actors)


def credits_upsert_staged(credits: Sequence[StagedCredit], *, source: str) -> UpsertResult:
    """Credits by (title, person, department, job) named by `source`'s ids, keeping the
    actors counter exact."""
    if not credits:
        return UpsertResult()
    CREDITS.stage.load(_numbered(credits, CREDITS.key_width, len(CREDITS.refs)))
    result = _resolved(CREDITS, len(credits), source)
    _write_credits(result, update=True)
    return result


# One job for each person of a comma-separated list: (line, title id, "nm1,nm2", department,
# job), as IMDb's title.crew gives directors and writers.
StagedCreditList = tuple[int, str, str, str, str]
_LISTS = Stage(
    "stage_credit_list",
    (
        ("seq", INTEGER),
        ("line", INTEGER),
        ("title_ref", TEXT),
        ("people", TEXT),
        ("department", TEXT),
        ("job", TEXT),
    ),
)


def _expand_lists_sql() -> str:
    """Stage one credit per person of each staged list, numbered in the file's order. Each
    is marked as writing its key: only missing credits are added from lists, so a repeat in
    the batch meets the first one's row (ON CONFLICT DO NOTHING) and counts as unchanged; a
    list's credit has no values (character, order) for first or last to differ in."""
    # seq, line, the two refs, department, job, character, billing_order, is_last.
    names = ", ".join(q(name) for name in CREDITS.stage.columns[:9])
    seq, line, title, dept, job = (q(n) for n in ("seq", "line", "title_ref", "department", "job"))
    people = split_list_sql(f"s.{q('people')}")
    # Names come from this module; the list cells were checked against the ids' pattern.
    return (
        f"INSERT INTO {CREDITS.stage.name} ({names}) "  # noqa: S608
        f"SELECT CAST(s.{seq} AS BIGINT) * 1000000 + j.key, s.{line}, s.{title}, j.value, "
        f"s.{dept}, s.{job}, '', CAST(NULL AS INTEGER), 1 FROM {_LISTS.name} s, {people}"
    )


def credit_lists_missing_add(lists: Sequence[StagedCreditList], *, source: str) -> UpsertResult:
    """Add the missing credits of lists of people with one job each (IMDb's title.crew: a
    row's directors, a row's writers), named by `source`'s ids; credits already there are
    left as they are (a source that knows less must not take a billing order away).

    Expanded in SQL: a batch of title.crew names ~3.5 credits a row, mostly of people the
    sample does not hold. A list names each person once.
    """
    if not lists:
        return UpsertResult()
    _LISTS.load([(seq, *row) for seq, row in enumerate(lists)])
    CREDITS.stage.reset()
    total = run(_expand_lists_sql())
    CREDITS.stage.analyze()
    result = _resolved(CREDITS, total, source)
    _write_credits(result, update=False)
    return result
