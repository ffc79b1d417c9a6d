"""Set-based upsert of people named by a source's ids (IMDb's name.basics).

The batch is staged as plain tuples, each with its readable slug computed while parsing.
One statement resolves the ids; `UPDATE … FROM` merges the values of known people (an empty
value keeps the person's own, as `bulk.people_upsert` does) where that changes something;
new people get their slugs from one query (is the readable slug, is the fallback taken?) and
`slugs.pick_slugs`, then one `INSERT … SELECT` writes them and one more their external ids.
A person twice in a batch: the first row gives the values, the repeat counts as unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from django.db import connection
from django.utils import timezone

from cinemeter.catalog.models import ExternalId, Person
from cinemeter.catalog.records import UpsertResult
from cinemeter.catalog.slugs import pick_slugs
from cinemeter.core.bulk_sql import Table
from cinemeter.core.staging import INTEGER, TEXT, Stage, fetch, run


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
    ("is_first", INTEGER),
    ("person_id", INTEGER),
)
SLUG_BASE_LENGTH = 180
SLUG_LENGTH = 200


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


@cache
def _stage() -> Stage:
    return Stage("stage_person", _STAGE)


@cache
def _slugs_stage() -> Stage:
    return Stage("stage_person_slug", (("seq", INTEGER), ("slug", TEXT)))


@cache
def _sql() -> dict[str, str]:
    """The statements, built once from the models' names."""
    stage, slugs = _stage().name, _slugs_stage().name
    person, ext = _q(Person._meta.db_table), _q(ExternalId._meta.db_table)
    pid, seq, slug, first = _q("person_id"), _q("seq"), _q("slug"), _q("is_first")
    name, ref, base = _q("name"), _q("person_ref"), _q("slug_base")
    # A value the source leaves empty keeps the person's own.
    merged = {
        column: f"COALESCE(NULLIF(w.{name}, ''), {person}.{name})"
        if column == "name"
        else f"COALESCE(w.{_q(column)}, {person}.{_q(column)})"
        for column in _VALUES
    }
    sets = ", ".join(f"{_q(c)} = {merged[c]}" for c in _VALUES)
    differs = " OR ".join(f"{merged[c]} IS DISTINCT FROM {person}.{_q(c)}" for c in _VALUES)
    # The fallback is "<base>-<source><id>": the slug of "imdb:nm0000001", for ids that are
    # letters and digits only, as every source's are.
    fallback = f"SUBSTR({base} || '-' || LOWER(%s || {ref}), 1, {SLUG_LENGTH})"
    new = f"{pid} IS NULL AND {first} = 1"
    # Names come from the models and this module; values are parameters.
    return {
        "resolve": (
            f"UPDATE {stage} SET {pid} = (SELECT e.{pid} FROM {ext} e "  # noqa: S608
            f"WHERE e.{_q('source')} = %s AND e.{_q('value')} = {stage}.{ref} "
            f"AND e.{pid} IS NOT NULL)"
        ),
        "update": (
            f"UPDATE {person} SET {sets}, {_q('updated_at')} = %s FROM {stage} w "  # noqa: S608
            f"WHERE w.{first} = 1 AND {person}.{_q('id')} = w.{pid} AND ({differs})"
        ),
        "new": (
            f"SELECT {seq}, {base}, {fallback}, "  # noqa: S608
            f"EXISTS (SELECT 1 FROM {person} p WHERE p.{slug} = {base}), "
            f"EXISTS (SELECT 1 FROM {person} p WHERE p.{slug} = {fallback}) "
            f"FROM {stage} WHERE {new} ORDER BY {seq}"
        ),
        "insert": (
            f"SELECT n.{slug}, s.{name}, s.{_q('birth_year')}, s.{_q('death_year')} "  # noqa: S608
            f"FROM {stage} s JOIN {slugs} n ON n.{seq} = s.{seq} ORDER BY s.{seq}"
        ),
        "link": (
            f"SELECT %s, s.{ref}, p.{_q('id')} FROM {stage} s "  # noqa: S608
            f"JOIN {slugs} n ON n.{seq} = s.{seq} JOIN {person} p ON p.{slug} = n.{slug}"
        ),
    }


def _new_slugs(source: str) -> list[tuple[int, str]]:
    """(seq, free slug) for every new person of the stage, as `slugs.free_slugs` picks them."""
    rows = fetch(_sql()["new"], [source, source])
    wanted = {seq: (base, fallback) for seq, base, fallback, _, _ in rows}
    taken = {base for _, base, _, base_taken, _ in rows if base_taken}
    taken |= {fallback for _, _, fallback, _, fallback_taken in rows if fallback_taken}
    return list(pick_slugs(wanted, taken).items())


def people_upsert_staged(people: Sequence[StagedPerson], *, source: str) -> UpsertResult:
    """Create or update people named by `source`'s ids (no refusals: every row is a person)."""
    result = UpsertResult()
    if not people:
        return result
    seen: set[str] = set()
    staged = []
    for seq, row in enumerate(people):
        first = row.person not in seen
        seen.add(row.person)
        base = row.slug[:SLUG_BASE_LENGTH].strip("-") or "person"
        staged.append((seq, *row[:5], base, int(first), None))
    _stage().load(staged)
    sql = _sql()
    run(sql["resolve"], [source])
    now = Person._meta.get_field("updated_at").get_db_prep_save(timezone.now(), connection)
    result.updated = run(sql["update"], [now])
    slugs = _new_slugs(source)
    if slugs:
        _slugs_stage().load(slugs)
        columns = ("slug", *_VALUES)
        result.created = Table(Person, columns).insert_from(sql["insert"])
        Table(ExternalId, ("source", "value", "person_id")).insert_from(
            sql["link"], [source], ignore_conflicts=True
        )
    result.unchanged = len(people) - result.updated - result.created
    return result
