"""Finding a source's film in the catalogue when its ids do not: by name and year.

A MovieLens movie normally resolves through its IMDb or TMDb link. When none of its ids is
known here, `titles_match_by_name_and_year` looks for a film or show of the same year whose
title or original title is the same name once normalised (case, punctuation, a trailing
", The"); it answers only when exactly one title qualifies. `titles_upsert_or_match` puts
that fallback in front of `titles_upsert` for sources whose facts are second-hand: a title
already in the catalogue only gains their ids and the fields it lacks, never new values.
`titles_named` lists every title a bare name may mean, for sources without even a year.

Every function runs a fixed number of queries per batch.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import fields, replace
from typing import Any, NamedTuple

from django.db.models import F, Func, Q, Value
from django.db.models.functions import Lower, Replace

from cinemeter.catalog.bulk.records import Ref, TitleRecord, UpsertResult
from cinemeter.catalog.bulk.rows import resolve
from cinemeter.catalog.bulk.titles import TITLE_FIELDS, titles_upsert
from cinemeter.catalog.models import FILM_KINDS, SHOW_KINDS, ExternalId, Title

# Articles that MovieLens (and library catalogues) move behind the name: "Postman, The".
_ARTICLE_WORDS = "the a an le la les l' il lo gli i el los las un une uno una der die das den det"
ARTICLES = frozenset([*_ARTICLE_WORDS.split(), "ein", "eine", "het", "een"])
_TRAILING_ARTICLE = re.compile(r"^(?P<name>.+), (?P<article>[^\s,]+)$")

# What a name is compared without: spaces and the punctuation film titles use. Exactly these
# characters are removed on both sides (in Python here, with nested REPLACE in SQL), so the
# two keys agree; SQLite's parser takes about 25 nested calls, so the list stays short.
_IGNORED = " (),:.'-!&?/*#;\"‘’–—"
_IGNORED_TABLE = str.maketrans("", "", _IGNORED)
# SQLite's lower() folds ASCII letters only; PostgreSQL's may fold all of Unicode. A name is
# looked for in both forms so either database finds it.
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)

# Names per query: each is a parameter twice (title and original title).
_KEYS_PER_QUERY = 2000

NameYear = tuple[str, int]


def article_first(name: str) -> str:
    """ "American President, The" -> "The American President"; "Homme, L'" -> "L'Homme"."""
    name = name.strip()
    match = _TRAILING_ARTICLE.match(name)
    if match is None or match["article"].lower() not in ARTICLES:
        return name
    article = match["article"]
    joiner = "" if article.endswith("'") else " "
    return f"{article}{joiner}{match['name']}"


def _keys(name: str) -> set[str]:
    """The name as compared: article first, lower-case, without spaces or punctuation."""
    name = article_first(name)
    keys = {
        name.lower().translate(_IGNORED_TABLE),
        name.translate(_ASCII_LOWER).translate(_IGNORED_TABLE),
    }
    keys.discard("")
    return keys


def match_key(name: str) -> str:
    """The normalised form two names must share to be the same name (for tests and admin)."""
    return article_first(name).lower().translate(_IGNORED_TABLE)


def _key_expression(column: str) -> Func:
    """SQL for the ASCII-or-Unicode lower-case column without the ignored characters."""
    expression: Func = Lower(F(column))
    for char in _IGNORED:
        expression = Replace(expression, Value(char), Value(""))
    return expression


def title_candidates(pairs: Iterable[NameYear]) -> dict[NameYear, set[int]]:
    """Every film or show whose title or original title is each name, in that year."""
    wanted: dict[tuple[str, int | None], list[NameYear]] = {}
    for name, year in set(pairs):
        for key in _keys(name):
            wanted.setdefault((key, year), []).append((name, year))
    found: dict[NameYear, set[int]] = {}
    if not wanted:
        return found
    keys = sorted({key for key, _ in wanted})
    years = {year for _, year in wanted}
    titles = Title.objects.filter(kind__in=[*FILM_KINDS, *SHOW_KINDS], year__in=years).annotate(
        title_key=_key_expression("title"), original_key=_key_expression("original_title")
    )
    for start in range(0, len(keys), _KEYS_PER_QUERY):
        chunk = keys[start : start + _KEYS_PER_QUERY]
        rows = titles.filter(Q(title_key__in=chunk) | Q(original_key__in=chunk)).values_list(
            "pk", "year", "title_key", "original_key"
        )
        for pk, title_year, title_key, original_key in rows:
            for key in {title_key, original_key}:
                for pair in wanted.get((key, title_year), ()):
                    found.setdefault(pair, set()).add(pk)
    return found


class NamedTitle(NamedTuple):
    """A film or show a name may mean: its id, year and slug (to name it in a report)."""

    pk: int
    year: int | None
    slug: str


def titles_named(names: Iterable[str]) -> dict[str, list[NamedTitle]]:
    """Every film or show whose title or original title is each name, whatever its year, in
    id order. For sources that name a film without an id or a year (a disc's packaging), so
    that the caller can tell one match from none and from several."""
    wanted: dict[str, set[str]] = {}
    for name in set(names):
        for key in _keys(name):
            wanted.setdefault(key, set()).add(name)
    found: dict[str, dict[int, NamedTitle]] = {}
    if not wanted:
        return {}
    keys = sorted(wanted)
    titles = Title.objects.filter(kind__in=[*FILM_KINDS, *SHOW_KINDS]).annotate(
        title_key=_key_expression("title"), original_key=_key_expression("original_title")
    )
    for start in range(0, len(keys), _KEYS_PER_QUERY):
        chunk = keys[start : start + _KEYS_PER_QUERY]
        rows = titles.filter(Q(title_key__in=chunk) | Q(original_key__in=chunk)).values_list(
            "pk", "year", "slug", "title_key", "original_key"
        )
        for pk, year, slug, title_key, original_key in rows:
            for key in {title_key, original_key}:
                for name in wanted.get(key, ()):
                    found.setdefault(name, {})[pk] = NamedTitle(pk, year, slug)
    return {name: sorted(by_pk.values()) for name, by_pk in found.items()}


def titles_match_by_name_and_year(pairs: Iterable[NameYear]) -> dict[NameYear, int]:
    """The one title each (name, year) names; pairs that match none or several are left out."""
    return {pair: next(iter(ids)) for pair, ids in title_candidates(pairs).items() if len(ids) == 1}


def _numbering(ref: Ref) -> tuple[str, str]:
    """Which numbering an id belongs to: MovieLens 100K's "ml-100k:831" is not the same
    series of numbers as ml-latest's "849", though both are MovieLens ids."""
    prefix, _, _ = ref.value.rpartition(":")
    return (ref.source, prefix)


def _numberings_by_title(title_ids: set[int], sources: set[str]) -> dict[int, set[tuple[str, str]]]:
    """For each title, the numberings (of these sources) it already has an id in."""
    held: dict[int, set[tuple[str, str]]] = {pk: set() for pk in title_ids}
    if not title_ids:
        return held
    rows = ExternalId.objects.filter(title_id__in=title_ids, source__in=sources).values_list(
        "title_id", "source", "value"
    )
    for title_id, source, value in rows:
        held[title_id].add(_numbering(Ref(source, value)))
    return held


def _names(record: TitleRecord) -> list[NameYear]:
    if record.year is None:
        return []
    return [(name, record.year) for name in {record.title, record.original_title} if name]


def _plan(
    records: Sequence[TitleRecord],
) -> tuple[list[tuple[TitleRecord, int | None]], list[ExternalId]]:
    """Each record with the title it is (None: a new one), and the ids that name matches add.

    A record's own id decides. Failing that, one of its other ids, unless that title already
    has a different id in the record's own numbering (MovieLens gives its two "Emma (1996)"
    the same TMDb id): such an id is dropped from the record. Failing that, its name and
    year, when they name exactly one title and that title holds no id in a numbering the
    record has an id in (a different IMDb id means a different film). The records are taken
    in order, so a title one record takes is no longer free for the next.
    """
    sources = {ref.source for record in records for ref in record.refs}
    found = resolve((ref for record in records for ref in record.refs), "title")
    held = _numberings_by_title(
        {found[ref] for r in records if r.ref not in found for ref in r.other_refs if ref in found},
        sources,
    )
    first: list[tuple[TitleRecord, int | None]] = []
    for record in records:
        target = found.get(record.ref)
        if target is None:
            own = _numbering(record.ref)
            kept = tuple(
                ref for ref in record.other_refs if ref not in found or own not in held[found[ref]]
            )
            record = replace(record, other_refs=kept)  # noqa: PLW2901 - the corrected record
            target = next((found[ref] for ref in kept if ref in found), None)
        first.append((record, target))
    candidates = title_candidates(
        pair for record, target in first if target is None for pair in _names(record)
    )
    held.update(
        _numberings_by_title(
            {pk for ids in candidates.values() for pk in ids} - held.keys(), sources
        )
    )
    plan: list[tuple[TitleRecord, int | None]] = []
    links: list[ExternalId] = []
    for record, resolved in first:
        target = resolved
        numberings = {_numbering(ref) for ref in record.refs}
        if target is None:
            ids = {pk for pair in _names(record) for pk in candidates.get(pair, ())}
            if len(ids) == 1 and not held[next(iter(ids))] & numberings:
                target = ids.pop()
                links.append(
                    ExternalId(source=record.ref.source, value=record.ref.value, title_id=target)
                )
        if target is not None:
            held.setdefault(target, set()).update(numberings)
        plan.append((record, target))
    return plan, links


# What a record says when it says nothing about a field.
_UNSAID: dict[str, Any] = {field.name: field.default for field in fields(TitleRecord)}


def _gaps_only(
    record: TitleRecord, row: dict[str, Any], has_genres: bool, has_countries: bool
) -> TitleRecord:
    """The record reduced to its ids and the facts the title does not have yet."""
    return replace(
        record,
        kind="",
        title="",
        genres=() if has_genres else record.genres,
        countries=() if has_countries else record.countries,
        **{
            name: _UNSAID[name]
            for name in TITLE_FIELDS
            if name not in ("kind", "title") and row[name] not in (None, "")
        },
    )


def titles_upsert_or_match(records: Sequence[TitleRecord]) -> UpsertResult:
    """`titles_upsert` for a secondary source: resolve by id, else by name and year.

    A title found either way keeps its kind, title and every fact it has; the record adds
    its ids, fills the fields the title lacks, and gives genres and countries only to a title
    that has none. A record that finds nothing becomes a new title with its own facts.
    """
    plan, links = _plan(records)
    ExternalId.objects.bulk_create(links, ignore_conflicts=True)
    known = {target for _, target in plan if target is not None}
    rows = {
        row["pk"]: row for row in Title.objects.filter(pk__in=known).values("pk", *TITLE_FIELDS)
    }
    with_genres: set[int] = set()
    if known and any(record.genres for record, _ in plan):
        with_genres = set(
            Title.genres.through.objects.filter(title_id__in=known).values_list(
                "title_id", flat=True
            )
        )
    with_countries: set[int] = set()
    if known and any(record.countries for record, _ in plan):
        with_countries = set(
            Title.countries.through.objects.filter(title_id__in=known).values_list(
                "title_id", flat=True
            )
        )
    upserts = [
        record
        if target is None
        else _gaps_only(record, rows[target], target in with_genres, target in with_countries)
        for record, target in plan
    ]
    return titles_upsert(upserts)
