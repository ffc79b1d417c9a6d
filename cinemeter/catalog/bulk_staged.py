"""Set-based bulk writes: a batch staged in a TEMP table, resolved and written by a few
statements, whatever its size.

The batch's rows name titles and people by a source's ids; one statement resolves them
through `catalog_externalid`, one query lists the rows it refuses with their reasons, and
`INSERT … SELECT … ON CONFLICT` / `UPDATE … FROM` write the rest. Counts come from the
statements' row counts: a row is created, updated (only where a value differs), unchanged
(including a repeat of a key earlier in the batch) or refused. SQL per table lives here.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db import connection

from cinemeter.catalog.models import Credit, Department, ExternalId
from cinemeter.catalog.records import Rejection, UpsertResult
from cinemeter.core.bulk_sql import Table
from cinemeter.core.counters import counter_add
from cinemeter.core.staging import BIGINT, INTEGER, TEXT, Stage, fetch, run, split_list_sql

# A staged credit: where it came from, whom and what it names, and whether it is the first
# row of its (title, person, department, job) in the batch (a repeat changes nothing).
CREDIT_COLUMNS = (
    ("seq", BIGINT),  # a list's credits are numbered seq * 1,000,000 + position
    ("line", INTEGER),
    ("title_ref", TEXT),
    ("person_ref", TEXT),
    ("department", TEXT),
    ("job", TEXT),
    ("character", TEXT),
    ("billing_order", INTEGER),
    ("is_first", INTEGER),
    ("title_id", INTEGER),
    ("person_id", INTEGER),
)
# What a caller stages per credit: the columns above from line to billing_order.
StagedCredit = tuple[int, str, str, str, str, str, int | None]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


@cache
def _credit_stage() -> Stage:
    return Stage("stage_credit", CREDIT_COLUMNS)


def _resolve_sql(stage: str) -> str:
    """Fill the stage's title_id and person_id from the external ids (NULL: not known)."""
    ext = _q(ExternalId._meta.db_table)
    value, source = _q("value"), _q("source")

    def lookup(ref: str, target: str) -> str:
        column = _q(f"{target}_id")
        return (
            f"(SELECT e.{column} FROM {ext} e WHERE e.{source} = %s "  # noqa: S608
            f"AND e.{value} = {stage}.{_q(ref)} AND e.{column} IS NOT NULL)"
        )

    return (
        f"UPDATE {stage} SET {_q('title_id')} = {lookup('title_ref', 'title')}, "  # noqa: S608
        f"{_q('person_id')} = {lookup('person_ref', 'person')}"
    )


@cache
def _credit_sql() -> dict[str, str]:
    """The statements of `credits_upsert_staged`, built once from the models' names."""
    stage = _credit_stage().name
    credit = _q(Credit._meta.db_table)
    title_id, person_id = _q("title_id"), _q("person_id")
    dept, job, character, order = _q("department"), _q("job"), _q("character"), _q("billing_order")
    found = f"{title_id} IS NOT NULL AND {person_id} IS NOT NULL"
    key = " AND ".join(f"{credit}.{c} = w.{c}" for c in (title_id, person_id, dept, job))
    # Names come from the models and this module; values are parameters.
    return {
        "resolve": _resolve_sql(stage),
        "refused": (
            f"SELECT {_q('line')}, CASE WHEN {title_id} IS NULL "  # noqa: S608
            f"THEN 'title ' || %s || ':' || {_q('title_ref')} "
            f"ELSE 'person ' || %s || ':' || {_q('person_ref')} END || ' is not in the catalogue' "
            f"FROM {stage} WHERE NOT ({found}) ORDER BY {_q('seq')}"
        ),
        "new_actors": (
            f"SELECT COUNT(DISTINCT s.{person_id}) FROM {stage} s "  # noqa: S608
            f"WHERE s.{dept} = %s AND s.{title_id} IS NOT NULL AND s.{person_id} IS NOT NULL "
            f"AND NOT EXISTS (SELECT 1 FROM {credit} c "
            f"WHERE c.{person_id} = s.{person_id} AND c.{dept} = %s)"
        ),
        "update": (
            f"UPDATE {credit} SET {character} = w.{character}, {order} = w.{order} "  # noqa: S608
            f"FROM {stage} w WHERE w.{_q('is_first')} = 1 AND {key} "
            f"AND ({credit}.{character} <> w.{character} "
            f"OR {credit}.{order} IS DISTINCT FROM w.{order})"
        ),
        "insert": (
            f"SELECT {title_id}, {person_id}, {dept}, {job}, {character}, {order} "  # noqa: S608
            f"FROM {stage} WHERE {_q('is_first')} = 1 AND {found} ORDER BY {_q('seq')}"
        ),
    }


def _first_of_key(credits: Sequence[StagedCredit]) -> list[tuple[Any, ...]]:
    """Stage rows: the credits numbered, each marked if it is its key's first in the batch."""
    seen: set[tuple[str, str, str, str]] = set()
    rows = []
    for seq, credit in enumerate(credits):
        key = credit[1:5]
        first = key not in seen
        if first:
            seen.add(key)
        rows.append((seq, *credit, int(first), None, None))
    return rows


def credits_upsert_staged(
    credits: Sequence[StagedCredit], *, source: str, only_missing: bool = False
) -> UpsertResult:
    """Credits by (title, person, department, job), named by `source`'s ids; a credit whose
    title or person is not in the catalogue is refused (the title is checked first).

    The first row of a key in the batch gives its values; with `only_missing`, credits
    already there keep their character and billing order (as in `bulk.credits_upsert`).
    """
    if not credits:
        return UpsertResult()
    _credit_stage().load(_first_of_key(credits))
    return _write_staged_credits(len(credits), source=source, only_missing=only_missing)


# One job for each person of a comma-separated list: (line, title id, "nm1,nm2", department,
# job), as IMDb's title.crew gives directors and writers.
StagedCreditList = tuple[int, str, str, str, str]
LIST_COLUMNS = (
    ("seq", INTEGER),
    ("line", INTEGER),
    ("title_ref", TEXT),
    ("people", TEXT),
    ("department", TEXT),
    ("job", TEXT),
)


@cache
def _list_stage() -> Stage:
    return Stage("stage_credit_list", LIST_COLUMNS)


@cache
def _expand_lists_sql() -> str:
    """Stage one credit per person of each staged list. Every credit counts as first of its
    key: only credits that are missing are added from lists, and a repeat in the batch then
    meets the first one's row (ON CONFLICT DO NOTHING) and counts as unchanged."""
    lists, credits = _list_stage().name, _credit_stage().name
    names = ", ".join(_q(name) for name, _ in CREDIT_COLUMNS[:9])
    seq, line, title, dept, job = (_q(n) for n in ("seq", "line", "title_ref", "department", "job"))
    people = split_list_sql(f"s.{_q('people')}")
    # Names come from this module; the list cells were checked against the ids' pattern.
    return (
        f"INSERT INTO {credits} ({names}) "  # noqa: S608
        f"SELECT CAST(s.{seq} AS BIGINT) * 1000000 + j.key, s.{line}, s.{title}, j.value, "
        f"s.{dept}, s.{job}, '', CAST(NULL AS INTEGER), 1 FROM {lists} s, {people}"
    )


def credit_lists_upsert_staged(
    lists: Sequence[StagedCreditList], *, source: str, only_missing: bool
) -> UpsertResult:
    """`credits_upsert_staged` for lists of people with one job each, expanded in SQL: a
    batch of IMDb's title.crew names ~3.5 credits a row, mostly of people it refuses. A
    list names each person once. Only `only_missing=True`: see `_expand_lists_sql`."""
    if not lists:
        return UpsertResult()
    if not only_missing:
        raise ValueError("credits from lists only add what is missing")
    _list_stage().load([(seq, *row) for seq, row in enumerate(lists)])
    _credit_stage().reset()
    total = run(_expand_lists_sql())
    return _write_staged_credits(total, source=source, only_missing=only_missing)


def _write_staged_credits(total: int, *, source: str, only_missing: bool) -> UpsertResult:
    """Resolve, refuse, update and insert the `total` credits of the credit stage."""
    result = UpsertResult()
    sql = _credit_sql()
    run(sql["resolve"], [source, source])
    result.rejections = [Rejection(*row) for row in fetch(sql["refused"], [source, source])]
    result.rejected = len(result.rejections)
    new_actors = fetch(sql["new_actors"], [Department.ACTING, Department.ACTING])[0][0]
    if not only_missing:
        result.updated = run(sql["update"])
    columns = ("title_id", "person_id", "department", "job", "character", "billing_order")
    result.created = Table(Credit, columns).insert_from(sql["insert"], ignore_conflicts=True)
    result.unchanged = total - result.rejected - result.updated - result.created
    counter_add("actors", new_actors)
    return result
