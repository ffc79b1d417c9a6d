"""Bulk writes for importers: resolve records to rows by external id, then insert or update.

Every function takes one batch of records, runs a fixed number of queries for it, keeps the
site counters exact, and reports created / updated / unchanged / rejected. Running the same
batch twice changes nothing the second time (idempotent by (source, external id)).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from django.db import connection

from cinemeter.catalog.bulk.records import (
    CreditRecord,
    PersonRecord,
    RatingRecord,
    Ref,
    TitleRecord,
    UpsertResult,
)
from cinemeter.catalog.models import (
    Company,
    Country,
    Credit,
    Department,
    ExternalId,
    ExternalRating,
    Genre,
    Person,
    Title,
)
from cinemeter.catalog.services import actors_tracked, counter_for_kind
from cinemeter.catalog.slugs import free_slugs
from cinemeter.core.bulk_sql import Table
from cinemeter.core.counters import counter_add
from cinemeter.core.lookups import among_sql
from cinemeter.core.text import slug_of as slugify

R = TypeVar("R")
K = TypeVar("K")

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
CREDIT_KEY = ("title_id", "person_id", "department", "job")
PERSON_FIELDS = (
    "name",
    "birth_year",
    "death_year",
    "birth_date",
    "death_date",
    "birth_place",
    "biography",
)


def resolve(refs: Iterable[Ref], target: str) -> dict[Ref, int]:
    """Map each ref that is known to the id of its title/person/company (`target`).

    Every writer resolves every batch, so this is one hand-written statement: through the
    ORM, building and compiling the query cost more than running it. The refs given are the
    keys returned (a found row is matched back to them, not made into new Refs).
    """
    # Keyed by plain tuples so a row's (source, value) finds its Ref without building one.
    wanted: dict[tuple[str, str], Ref] = {ref: ref for ref in refs}
    if not wanted:
        return {}
    by_source: dict[str, list[str]] = {}
    for source, value in wanted:
        by_source.setdefault(source, []).append(value)
    quote = connection.ops.quote_name
    source_column, column, id_column = quote("source"), quote("value"), quote(f"{target}_id")
    branches, params = [], []
    for source, values in by_source.items():
        among, param = among_sql(column, values, vendor=connection.vendor, integers=False)
        branches.append(f"({source_column} = %s AND {among})")
        params += [source, param]
    # Names are the model's columns and `target` comes from our code; values are parameters.
    sql = (
        f"SELECT {source_column}, {column}, {id_column} "  # noqa: S608
        f"FROM {quote(ExternalId._meta.db_table)} "
        f"WHERE {id_column} IS NOT NULL AND ({' OR '.join(branches)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {wanted[(source, found)]: pk for source, found, pk in cursor.fetchall()}


def link_refs(found: dict[Ref, int], wanted: Mapping[int, Sequence[Ref]], target: str) -> None:
    """Record the refs a row does not have yet (an IMDb id learnt from a TMDb document)."""
    # On conflict nothing: a ref already pointing elsewhere keeps pointing there.
    Table(ExternalId, ("source", "value", f"{target}_id")).insert(
        (
            (ref.source, ref.value, pk)
            for pk, refs in wanted.items()
            for ref in refs
            if ref not in found
        ),
        ignore_conflicts=True,
    )


def _is_empty(value: Any) -> bool:
    return value is None or value == ""


def merged_values(current: Sequence[Any], incoming: Sequence[Any]) -> tuple[Any, ...]:
    """The row's values after a source's record: an empty incoming value keeps the row's."""
    return tuple(old if _is_empty(new) else new for old, new in zip(current, incoming, strict=True))


def assign_changes(row: Any, values: Mapping[str, Any]) -> list[str]:
    """Set the fields whose value differs; an empty value ("" or None) leaves the row's."""
    changed = []
    for name, value in values.items():
        if value in (None, "") or getattr(row, name) == value:
            continue
        setattr(row, name, value)
        changed.append(name)
    return changed


def record_changes(row: Any, record: Any, fields: Sequence[str]) -> list[str]:
    """The fields the record sets to a new value; empty record values change nothing."""
    return assign_changes(row, {name: getattr(record, name) for name in fields})


def _assign_all(row: Any, values: Mapping[str, Any]) -> list[str]:
    """Set every field whose value differs, empty values included."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    return changed


def save_keyed_rows(
    model: Any,
    wanted: Mapping[Any, Mapping[str, Any]],
    existing: Mapping[Any, Any],
    build: Callable[[Any, Mapping[str, Any]], Any],
    result: UpsertResult,
    *,
    empty_keeps: bool = True,
) -> None:
    """Insert the wanted rows that are new and update the ones whose values changed.

    `wanted` and `existing` are keyed by the row's natural key; `build(key, values)` makes a
    new row. With `empty_keeps`, an empty value never overwrites what a row has.
    """
    assign = assign_changes if empty_keeps else _assign_all
    created, changed, changed_fields = [], [], set()
    for key, values in wanted.items():
        row = existing.get(key)
        if row is None:
            created.append(build(key, values))
        elif changes := assign(row, values):
            changed.append(row)
            changed_fields.update(changes)
        else:
            result.unchanged += 1
    model.objects.bulk_create(created)
    if changed:
        model.objects.bulk_update(changed, sorted(changed_fields))
    result.created += len(created)
    result.updated += len(changed)


def _new_slugs(
    model: type[Title] | type[Person], bases: Mapping[int, tuple[str, Ref]]
) -> dict[int, str]:
    """Unique slugs for new rows: "title-year", else with the source id appended."""
    wanted = {}
    for key, (text, ref) in bases.items():
        base = slugify(text)[:180].strip("-") or model.__name__.lower()
        wanted[key] = (base, f"{base}-{slugify(str(ref))}"[:200])
    return free_slugs(model, wanted)


def genre_ids(records: Iterable[TitleRecord]) -> dict[str, int]:
    """Genre ids by name for every genre the records name, creating the new ones."""
    return genre_ids_named(name for record in records for name in record.genres)


def genre_ids_named(names_given: Iterable[str]) -> dict[str, int]:
    """Genre ids by name, creating the genres that are new."""
    names = {name for name in names_given if name}
    if not names:
        return {}
    Genre.objects.bulk_create(
        [Genre(name=name, slug=slugify(name) or name.lower()) for name in names],
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


def add_m2m_links(through: Any, owner: str, target: str, wanted: dict[int, list[int]]) -> None:
    """Add missing links only: sources add genres and countries, never take them away."""
    Table(through, (owner, target)).insert(
        ((pk, other) for pk, others in wanted.items() for other in others), ignore_conflicts=True
    )


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
    slugs = _new_slugs(Title, {k: (f"{r.title} {r.year or ''}", r.ref) for k, r in keyed.items()})
    rows = []
    for key, record in keyed.items():
        values = [getattr(record, name) for name in TITLE_FIELDS]
        values[TITLE_FIELDS.index("original_title")] = record.original_title or record.title
        rows.append((slugs[key], *values))
        counts[counter_for_kind(record.kind) or ""] += 1
    Table(Title, ("slug", *TITLE_FIELDS)).insert(rows)
    result.created += len(rows)
    return new_row_ids(Title, slugs, keyed)


def new_row_ids(
    model: type[Title] | type[Person] | type[Company], slugs: dict[K, str], keyed: dict[K, R]
) -> dict[int, R]:
    """The new rows' ids (found by their unique slugs) with the record each came from."""
    ids = dict(model.objects.filter(slug__among=set(slugs.values())).values_list("slug", "pk"))
    return {ids[slugs[key]]: record for key, record in keyed.items()}


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


def people_upsert(records: Sequence[PersonRecord]) -> UpsertResult:
    result = UpsertResult()
    found = resolve((ref for record in records for ref in record.refs), "person")
    by_id: dict[int, PersonRecord] = {}
    new: dict[Ref, PersonRecord] = {}
    for record in records:
        person_id = next((found[ref] for ref in record.refs if ref in found), None)
        if person_id is None:
            new[record.ref] = record
        else:
            by_id[person_id] = record
    current = (
        Person.objects.filter(pk__among=by_id.keys()).order_by().values_list("pk", *PERSON_FIELDS)
    )
    changed = []
    for pk, *values in current:
        merged = merged_values(values, [getattr(by_id[pk], name) for name in PERSON_FIELDS])
        if merged == tuple(values):
            result.unchanged += 1
        else:
            changed.append((*merged, pk))
    Table(Person, PERSON_FIELDS).update(changed)
    result.updated += len(changed)
    keyed = dict(enumerate(new.values()))
    slugs = _new_slugs(Person, {k: (r.name, r.ref) for k, r in keyed.items()})
    Table(Person, ("slug", *PERSON_FIELDS)).insert(
        (slugs[k], *(getattr(r, name) for name in PERSON_FIELDS)) for k, r in keyed.items()
    )
    result.created += len(keyed)
    refs = {pk: record.refs for pk, record in by_id.items()}
    refs.update({pk: record.refs for pk, record in new_row_ids(Person, slugs, keyed).items()})
    link_refs(found, refs, "person")
    return result


def credits_upsert(records: Sequence[CreditRecord]) -> UpsertResult:
    """Credits by (title, person, department, job); a missing title or person is rejected.

    A source that only adds missing credits (IMDb's title.crew) writes through
    `staged.keyed.credit_lists_missing_add`.
    """
    result = UpsertResult()
    titles = resolve((r.title for r in records), "title")
    people = resolve((r.person for r in records), "person")
    wanted: dict[tuple[int, int, str, str], CreditRecord] = {}
    for record in records:
        if record.title not in titles:
            result.reject(record.line, f"title {record.title} is not in the catalogue")
        elif record.person not in people:
            result.reject(record.line, f"person {record.person} is not in the catalogue")
        else:
            key = (titles[record.title], people[record.person], record.department, record.job)
            wanted[key] = record
    if not wanted:
        return result
    # By title only: with person_id IN (...) too, SQLite probes every (title, person) pair.
    existing = {
        (title_id, person_id, department, job): (pk, character, billing_order)
        for title_id, person_id, department, job, pk, character, billing_order in (
            Credit.objects.filter(title_id__among={key[0] for key in wanted})
            .order_by()
            .values_list(
                "title_id", "person_id", "department", "job", "pk", "character", "billing_order"
            )
        )
    }
    created, changed = [], []
    for key, record in wanted.items():
        character = record.character if record.department == Department.ACTING else ""
        old = existing.get(key)
        if old is None:
            created.append((*key, character, record.billing_order))
        elif old[1:] != (character, record.billing_order):
            changed.append((character, record.billing_order, old[0]))
        else:
            result.unchanged += 1
    actors = {key[1] for key in wanted if key[2] == Department.ACTING}
    with actors_tracked(actors):
        Table(Credit, (*CREDIT_KEY, "character", "billing_order")).insert(created)
        Table(Credit, ("character", "billing_order")).update(changed)
    result.created += len(created)
    result.updated += len(changed)
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
