"""Set-based upsert of films and shows named by a source's ids (IMDb's title.basics).

The batch is staged as plain tuples, each with its readable slug computed while parsing and
its genres as a JSON list. One statement resolves the ids; a title the catalogue holds as a
season or episode is refused (it would lose the parent it needs); `UPDATE … FROM` merges the
values of known titles where that changes something (an empty value keeps the title's own);
new titles get their slugs as `staged.people` gives people theirs and are written with
their external ids by `INSERT … SELECT`; genre links are added, never taken away. The site
counters follow the kinds created and changed. A title twice in a batch: the last row gives
the values, the earlier ones count as unchanged. Episodes are not written here.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from django.db import connection
from django.utils import timezone

from cinemeter.catalog.bulk.episodes import PARENT_KINDS
from cinemeter.catalog.bulk.episodes import _a as a_kind  # "a movie", worded as episodes are
from cinemeter.catalog.bulk.records import Rejection, UpsertResult
from cinemeter.catalog.bulk.staged.base import insert_new, last_positions, merge_sql, resolve_sql
from cinemeter.catalog.bulk.titles import genre_ids_named
from cinemeter.catalog.models import Genre, Title
from cinemeter.catalog.services import counter_for_kind
from cinemeter.catalog.slugs import base_of
from cinemeter.core.counters import counter_add
from cinemeter.core.staging import INTEGER, TEXT, Stage, fetch, q, run, split_json_sql


class StagedTitle(NamedTuple):
    """A film or show as a source gives it; `slug` is the readable slug of "title year"."""

    line: int
    title_ref: str
    kind: str
    title: str
    original_title: str
    year: int | None
    end_year: int | None
    runtime_minutes: int | None
    genres: tuple[str, ...]
    slug: str


_VALUES = ("kind", "title", "original_title", "year", "end_year", "runtime_minutes")
_TEXTS = ("kind", "title", "original_title")
_STAGE = (
    ("seq", INTEGER),
    ("line", INTEGER),
    ("title_ref", TEXT),
    *((name, TEXT if name in _TEXTS else INTEGER) for name in _VALUES),
    ("genres", TEXT),
    ("slug_base", TEXT),
    ("is_last", INTEGER),
    ("title_id", INTEGER),
)


@cache
def _stage() -> Stage:
    return Stage("stage_title", _STAGE)


@cache
def _sql() -> dict[str, str]:
    """The statements, built once from the models' names."""
    stage, title = _stage().name, q(Title._meta.db_table)
    links, genre = q(Title.genres.through._meta.db_table), q(Genre._meta.db_table)
    tid, seq, last, kind, pk = q("title_id"), q("seq"), q("is_last"), q("kind"), q("id")
    sets, differs = merge_sql(title, _VALUES, texts=_TEXTS)
    known = f"w.{last} = 1 AND {title}.{pk} = w.{tid} AND {title}.{kind} NOT IN (%s, %s)"
    genres = split_json_sql(f"s.{q('genres')}")
    # Names come from the models and this module; values are parameters.
    return {
        "resolve": resolve_sql(stage, ["title"]),
        "refused": (
            f"SELECT w.{q('line')}, w.{q('title_ref')}, {title}.{kind}, w.{kind} "  # noqa: S608
            f"FROM {stage} w JOIN {title} ON {title}.{pk} = w.{tid} "
            f"WHERE {title}.{kind} IN (%s, %s) ORDER BY w.{seq}"
        ),
        "rekinded": (
            f"SELECT {title}.{kind}, w.{kind}, COUNT(*) FROM {title}, {stage} w "  # noqa: S608
            f"WHERE {known} AND w.{kind} <> '' AND w.{kind} <> {title}.{kind} "
            f"GROUP BY {title}.{kind}, w.{kind}"
        ),
        "update": (
            f"UPDATE {title} SET {sets}, {q('updated_at')} = %s FROM {stage} w "  # noqa: S608
            f"WHERE {known} AND ({differs})"
        ),
        "new_kinds": (
            f"SELECT {kind}, COUNT(*) FROM {stage} "  # noqa: S608
            f"WHERE {tid} IS NULL AND {last} = 1 GROUP BY {kind}"
        ),
        "genres": (
            f"INSERT INTO {links} ({tid}, {q('genre_id')}) "  # noqa: S608
            f"SELECT s.{tid}, g.{pk} FROM {stage} s JOIN {title} t ON t.{pk} = s.{tid}, "
            f"{genres} JOIN {genre} g ON g.{q('name')} = j.value "
            f"WHERE s.{last} = 1 AND t.{kind} NOT IN (%s, %s) ON CONFLICT DO NOTHING"
        ),
    }


def _staged(titles: Sequence[StagedTitle]) -> list[tuple[object, ...]]:
    last = last_positions(row.title_ref for row in titles)
    rows: list[tuple[object, ...]] = []
    for seq, row in enumerate(titles):
        base = base_of(row.slug, "title")
        genres = json.dumps(list(row.genres))
        rows.append((seq, *row[:8], genres, base, int(seq in last), None))
    return rows


def titles_upsert_staged(titles: Sequence[StagedTitle], *, source: str) -> UpsertResult:
    """Create or update films and shows (not seasons or episodes) named by `source`'s ids."""
    result = UpsertResult()
    if not titles:
        return result
    sql = _sql()
    _stage().load(_staged(titles))
    run(sql["resolve"], [source])
    parents = list(PARENT_KINDS)
    for line, ref, current, kind in fetch(sql["refused"], parents):
        reason = f"{ref} is {a_kind(current)} in the catalogue; it cannot become {a_kind(kind)}"
        result.rejections.append(Rejection(line, reason))
    result.rejected = len(result.rejections)
    counts: Counter[str] = Counter()
    for old, new, number in fetch(sql["rekinded"], parents):
        counts[old] -= number
        counts[new] += number
    now = Title._meta.get_field("updated_at").get_db_prep_save(timezone.now(), connection)
    result.updated = run(sql["update"], [now, *parents])
    counts.update(dict(fetch(sql["new_kinds"])))
    result.created = insert_new(Title, _stage(), target="title", values=_VALUES, source=source)
    run(sql["resolve"], [source])  # the new titles' ids, for their genres
    refused = {rejection.line for rejection in result.rejections}
    genre_ids_named(g for row in titles if row.line not in refused for g in row.genres)
    run(sql["genres"], parents)
    by_counter: Counter[str] = Counter()
    for kind, number in counts.items():
        by_counter[counter_for_kind(kind) or ""] += number
    for name, delta in by_counter.items():
        if name:
            counter_add(name, delta)
    result.unchanged = len(titles) - result.rejected - result.updated - result.created
    return result
