"""Set-based upsert of people named by a source's ids (IMDb's name.basics).

The batch is staged as plain tuples, each with its readable slug computed while parsing.
One statement resolves the ids; `UPDATE … FROM` merges the values of known people (an empty
value keeps the person's own, as `bulk.people_upsert` does) where that changes something;
new people get their slugs from one query (is the readable slug, is the fallback taken?) and
`slugs.pick_slugs`, then one `INSERT … SELECT` writes them and one more their external ids.
A person twice in a batch: the last row gives the values, the earlier ones count as unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from django.db import connection
from django.utils import timezone

from cinemeter.catalog.bulk.records import UpsertResult
from cinemeter.catalog.bulk.staged.base import insert_new, last_positions, merge_sql, resolve_sql
from cinemeter.catalog.models import Person
from cinemeter.catalog.slugs import base_of
from cinemeter.core.staging import INTEGER, TEXT, Stage, q, run


class StagedPerson(NamedTuple):
    """A person as a source gives it; `slug` is the readable slug of the name ("" if it
    has none), the fallback adds the source's id."""

    line: int
    person: str
    name: str
    birth_year: int | None
    death_year: int | None
    slug: str


_VALUES = ("name", "birth_year", "death_year")
_STAGE = (
    ("seq", INTEGER),
    ("line", INTEGER),
    ("person_ref", TEXT),
    ("name", TEXT),
    ("birth_year", INTEGER),
    ("death_year", INTEGER),
    ("slug_base", TEXT),
    ("is_last", INTEGER),
    ("person_id", INTEGER),
)


@cache
def _stage() -> Stage:
    return Stage("stage_person", _STAGE)


@cache
def _sql() -> dict[str, str]:
    """The statements, built once from the models' names."""
    stage, person = _stage().name, q(Person._meta.db_table)
    sets, differs = merge_sql(person, _VALUES, texts=("name",))
    # Names come from the models and this module; values are parameters.
    return {
        "resolve": resolve_sql(stage, ["person"]),
        "update": (
            f"UPDATE {person} SET {sets}, {q('updated_at')} = %s FROM {stage} w "  # noqa: S608
            f"WHERE w.{q('is_last')} = 1 AND {person}.{q('id')} = w.{q('person_id')} "
            f"AND ({differs})"
        ),
    }


def people_upsert_staged(people: Sequence[StagedPerson], *, source: str) -> UpsertResult:
    """Create or update people named by `source`'s ids (no refusals: every row is a person)."""
    result = UpsertResult()
    if not people:
        return result
    last = last_positions(row.person for row in people)
    staged = []
    for seq, row in enumerate(people):
        base = base_of(row.slug, "person")
        staged.append((seq, *row[:5], base, int(seq in last), None))
    _stage().load(staged)
    sql = _sql()
    run(sql["resolve"], [source])
    now = Person._meta.get_field("updated_at").get_db_prep_save(timezone.now(), connection)
    result.updated = run(sql["update"], [now])
    result.created = insert_new(Person, _stage(), target="person", values=_VALUES, source=source)
    result.unchanged = len(people) - result.updated - result.created
    return result
