"""Set-based bulk writes: a batch staged in a TEMP table, resolved and written by a few
statements, whatever its size.

The batch's rows name titles and people by a source's ids; one statement resolves them
through `catalog_externalid`, one query lists the rows it refuses with their reasons, and
`INSERT … SELECT … ON CONFLICT` writes the rest. Counts come from the statements' row
counts. Today: credits from lists (IMDb's title.crew); the SQL of each table lives here.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from django.db import connection

from cinemeter.catalog.models import Credit, Department, ExternalId
from cinemeter.catalog.records import Rejection, UpsertResult
from cinemeter.core.bulk_sql import Table
from cinemeter.core.counters import counter_add
from cinemeter.core.staging import BIGINT, INTEGER, TEXT, Stage, fetch, run, split_list_sql

# A staged credit: its order in the batch, where it came from, whom and what it names, and
# the title and person it resolves to.
CREDIT_COLUMNS = (
    ("seq", BIGINT),  # a list's credits are numbered seq * 1,000,000 + position
    ("line", INTEGER),
    ("title_ref", TEXT),
    ("person_ref", TEXT),
    ("department", TEXT),
    ("job", TEXT),
    ("character", TEXT),
    ("billing_order", INTEGER),
    ("title_id", INTEGER),
    ("person_id", INTEGER),
)


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
    """The statements of `credit_lists_missing_add`, built once from the models' names."""
    stage = _credit_stage().name
    credit = _q(Credit._meta.db_table)
    title_id, person_id = _q("title_id"), _q("person_id")
    dept, job, character, order = _q("department"), _q("job"), _q("character"), _q("billing_order")
    found = f"{title_id} IS NOT NULL AND {person_id} IS NOT NULL"
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
        "insert": (
            f"SELECT {title_id}, {person_id}, {dept}, {job}, {character}, {order} "  # noqa: S608
            f"FROM {stage} WHERE {found} ORDER BY {_q('seq')}"
        ),
    }


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
    """Stage one credit per person of each staged list, numbered in the file's order."""
    lists, credits = _list_stage().name, _credit_stage().name
    names = ", ".join(_q(name) for name, _ in CREDIT_COLUMNS[:8])
    seq, line, title, dept, job = (_q(n) for n in ("seq", "line", "title_ref", "department", "job"))
    people = split_list_sql(f"s.{_q('people')}")
    # Names come from this module; the list cells were checked against the ids' pattern.
    return (
        f"INSERT INTO {credits} ({names}) "  # noqa: S608
        f"SELECT CAST(s.{seq} AS BIGINT) * 1000000 + j.key, s.{line}, s.{title}, j.value, "
        f"s.{dept}, s.{job}, '', CAST(NULL AS INTEGER) FROM {lists} s, {people}"
    )


def credit_lists_missing_add(lists: Sequence[StagedCreditList], *, source: str) -> UpsertResult:
    """Add the missing credits of lists of people with one job each (IMDb's title.crew: a
    row's directors, a row's writers), named by `source`'s ids; credits already there are
    left as they are (a source that knows less must not take a billing order away).

    Expanded, resolved and written in SQL: a batch of title.crew names ~3.5 credits a row,
    mostly of people the sample does not hold. A credit whose title or person is not in the
    catalogue is refused (the title is checked first). A list names each person once; a
    credit twice in a batch meets the first one's row (ON CONFLICT DO NOTHING) and counts
    as unchanged.
    """
    result = UpsertResult()
    if not lists:
        return result
    _list_stage().load([(seq, *row) for seq, row in enumerate(lists)])
    _credit_stage().reset()
    sql = _credit_sql()
    total = run(_expand_lists_sql())
    run(sql["resolve"], [source, source])
    result.rejections = [Rejection(*row) for row in fetch(sql["refused"], [source, source])]
    result.rejected = len(result.rejections)
    new_actors = fetch(sql["new_actors"], [Department.ACTING, Department.ACTING])[0][0]
    columns = ("title_id", "person_id", "department", "job", "character", "billing_order")
    result.created = Table(Credit, columns).insert_from(sql["insert"], ignore_conflicts=True)
    result.unchanged = total - result.rejected - result.created
    counter_add("actors", new_actors)
    return result
