"""Films and shows from a source's records, with their genres, countries and ratings.

Every function takes one batch of records, runs a fixed number of queries for it, keeps the
site counters exact, and reports created / updated / unchanged / rejected. Running the same
batch twice changes nothing the second time (idempotent by (source, external id)).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from cinemeter.catalog.bulk.records import RatingRecord, Ref, TitleRecord, UpsertResult
from cinemeter.catalog.bulk.rows import (
    add_m2m_links,
    link_refs,
    merged_values,
    new_row_ids,
    new_slugs,
    resolve,
)
from cinemeter.catalog.models import Country, ExternalRating, Genre, Title
from cinemeter.catalog.services import counter_for_kind
from cinemeter.catalog.slugs import slug_text, title_slug_source
from cinemeter.core.bulk_sql import Table
from cinemeter.core.counters import counter_add

TITLE_FIELDS = (
    "kind",
    "title",
    "original_title",
    "year",
    "end_year",
    "runtime_minutes",
    "plot",
    "tagline",
    "release_date",
    "original_language",
)


def genre_ids(records: Iterable[TitleRecord]) -> dict[str, int]:
    """Genre ids by name for every genre the records name, creating the new ones."""
    return genre_ids_named(name for record in records for name in record.genres)


def genre_ids_named(names_given: Iterable[str]) -> dict[str, int]:
    """Genre ids by name, creating the genres that are new."""
    names = {name for name in names_given if name}
    if not names:
        return {}
    Genre.objects.bulk_create(
        [Genre(name=name, slug=slug_text(name) or name.lower()) for name in names],
        ignore_conflicts=True,
    )
    return dict(Genre.objects.filter(name__in=names).values_list("name", "pk"))


def _country_ids(records: Iterable[TitleRecord]) -> dict[str, int]:
    """Country ids by ISO code for every country the records name, creating the new ones."""
    wanted = {code: name for record in records for code, name in record.countries if code}
    if not wanted:
        return {}
    Country.objects.bulk_create(
        [Country(code=code, name=name or code) for code, name in wanted.items()],
        ignore_conflicts=True,
    )
    return dict(Country.objects.filter(code__in=wanted).values_list("code", "pk"))


def _split_by_known(
    records: Sequence[TitleRecord], found: dict[Ref, int]
) -> tuple[dict[int, TitleRecord], dict[Ref, TitleRecord]]:
    """Records of titles already in the catalogue (by id) and of new ones (by their ref)."""
    known: dict[int, TitleRecord] = {}
    new: dict[Ref, TitleRecord] = {}
    for record in records:
        title_id = next((found[ref] for ref in record.refs if ref in found), None)
        if title_id is None:
            new[record.ref] = record  # the same new title twice in a batch: the last wins
        else:
            known[title_id] = record
    return known, new


def _update_titles(
    known: dict[int, TitleRecord], result: UpsertResult, counts: Counter[str]
) -> None:
    current = (
        Title.objects.filter(pk__among=known.keys()).order_by().values_list("pk", *TITLE_FIELDS)
    )
    changed = []
    for pk, *values in current:
        merged = merged_values(values, [getattr(known[pk], name) for name in TITLE_FIELDS])
        if merged == tuple(values):
            result.unchanged += 1
            continue
        changed.append((*merged, pk))
        counts[counter_for_kind(values[0]) or ""] -= 1  # kind is TITLE_FIELDS[0]
        counts[counter_for_kind(merged[0]) or ""] += 1
    Table(Title, TITLE_FIELDS).update(changed)
    result.updated += len(changed)


def _create_titles(
    new: dict[Ref, TitleRecord], result: UpsertResult, counts: Counter[str]
) -> dict[int, TitleRecord]:
    keyed = dict(enumerate(new.values()))
    texts = {k: (title_slug_source(r.title, r.year), r.ref) for k, r in keyed.items()}
    slugs = new_slugs(Title, texts)
    rows = []
    for key, record in keyed.items():
        values = [getattr(record, name) for name in TITLE_FIELDS]
        values[TITLE_FIELDS.index("original_title")] = record.original_title or record.title
        rows.append((slugs[key], *values))
        counts[counter_for_kind(record.kind) or ""] += 1
    Table(Title, ("slug", *TITLE_FIELDS)).insert(rows)
    result.created += len(rows)
    return new_row_ids(Title, slugs, keyed)


def titles_upsert(
    records: Sequence[TitleRecord], *, found: dict[Ref, int] | None = None
) -> UpsertResult:
    """Create or update films and shows from a source (not seasons or episodes).

    `found`: the records' refs already resolved (by a caller that had to look first).
    """
    result = UpsertResult()
    counts: Counter[str] = Counter()
    if found is None:
        found = resolve((ref for record in records for ref in record.refs), "title")
    known, new = _split_by_known(records, found)
    _update_titles(known, result, counts)
    rows_by_id = {**known, **_create_titles(new, result, counts)}
    link_refs(found, {pk: record.refs for pk, record in rows_by_id.items()}, "title")
    genres = genre_ids(rows_by_id.values())
    add_m2m_links(
        Title.genres.through,
        "title_id",
        "genre_id",
        {pk: [genres[g] for g in r.genres if g in genres] for pk, r in rows_by_id.items()},
    )
    countries = _country_ids(rows_by_id.values())
    add_m2m_links(
        Title.countries.through,
        "title_id",
        "country_id",
        {
            pk: [countries[c] for c, _ in r.countries if c in countries]
            for pk, r in rows_by_id.items()
        },
    )
    for name, delta in counts.items():
        if name:
            counter_add(name, delta)
    return result


def ratings_upsert(records: Sequence[RatingRecord]) -> UpsertResult:
    result = UpsertResult()
    titles = resolve((r.title for r in records), "title")
    wanted: dict[tuple[int, str], RatingRecord] = {}
    for record in records:
        if record.title in titles:
            wanted[(titles[record.title], record.source)] = record
        else:
            result.reject(record.line, f"title {record.title} is not in the catalogue")
    existing = {
        (title_id, source): (pk, value, votes)
        for title_id, source, pk, value, votes in ExternalRating.objects.filter(
            title_id__among={k[0] for k in wanted}
        )
        .order_by()
        .values_list("title_id", "source", "pk", "value", "votes")
    }
    created, changed = [], []
    for (title_id, source), record in wanted.items():
        old = existing.get((title_id, source))
        if old is None:
            created.append((title_id, source, record.value, record.votes, record.fetched_at))
        elif old[1:] != (record.value, record.votes):
            changed.append((record.value, record.votes, record.fetched_at, old[0]))
        else:
            result.unchanged += 1
    Table(ExternalRating, ("title_id", "source", "value", "votes", "fetched_at")).insert(created)
    Table(ExternalRating, ("value", "votes", "fetched_at")).update(changed)
    result.created += len(created)
    result.updated += len(changed)
    return result
