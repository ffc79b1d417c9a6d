"""Bulk writes for importers: resolve records to rows by external id, then insert or update.

Every function takes one batch of records, runs a fixed number of queries for it, keeps the
site counters exact, and reports created / updated / unchanged / rejected. Running the same
batch twice changes nothing the second time (idempotent by (source, external id)).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.db.models import Q
from django.utils.text import slugify

from cinemeter.catalog.models import (
    AlternativeTitle,
    Country,
    Credit,
    Department,
    ExternalId,
    ExternalRating,
    Genre,
    Person,
    Title,
)
from cinemeter.catalog.records import (
    AlternativeTitleRecord,
    CreditRecord,
    PersonRecord,
    RatingRecord,
    Ref,
    TitleRecord,
    UpsertResult,
)
from cinemeter.catalog.services import actors_tracked, counter_for_kind
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
PERSON_FIELDS = (
    "name",
    "birth_year",
    "death_year",
    "birth_date",
    "death_date",
    "birth_place",
    "biography",
)


def _ref_filter(refs: Iterable[Ref]) -> Q:
    by_source: dict[str, list[str]] = {}
    for ref in refs:
        by_source.setdefault(ref.source, []).append(ref.value)
    query = Q(pk__in=[])
    for source, values in by_source.items():
        query |= Q(source=source, value__in=values)
    return query


def resolve(refs: Iterable[Ref], target: str) -> dict[Ref, int]:
    """Map each ref that is known to the id of its title/person/company (`target`)."""
    refs = set(refs)
    if not refs:
        return {}
    rows = ExternalId.objects.filter(_ref_filter(refs)).values_list(
        "source", "value", f"{target}_id"
    )
    return {Ref(source, value): pk for source, value, pk in rows if pk is not None}


def _link_refs(found: dict[Ref, int], wanted: Mapping[int, Sequence[Ref]], target: str) -> None:
    """Record the refs a row does not have yet (an IMDb id learnt from a TMDb document)."""
    missing = [
        ExternalId(source=ref.source, value=ref.value, **{f"{target}_id": pk})
        for pk, refs in wanted.items()
        for ref in refs
        if ref not in found
    ]
    # ignore_conflicts: a ref already pointing elsewhere keeps pointing there.
    ExternalId.objects.bulk_create(missing, ignore_conflicts=True)


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
    wanted = {
        key: slugify(base)[:180].strip("-") or model.__name__.lower()
        for key, (base, _) in bases.items()
    }
    taken = set(model.objects.filter(slug__in=set(wanted.values())).values_list("slug", flat=True))
    slugs: dict[int, str] = {}
    for key, base_slug in wanted.items():
        slug = base_slug
        if slug in taken:
            slug = f"{slug}-{slugify(str(bases[key][1]))}"[:200]
        candidate, suffix = slug, 2
        while candidate in taken:
            candidate = f"{slug}-{suffix}"
            suffix += 1
        taken.add(candidate)
        slugs[key] = candidate
    return slugs


def genre_ids(records: Iterable[TitleRecord]) -> dict[str, int]:
    """Genre ids by name for every genre the records name, creating the new ones."""
    names = {name for record in records for name in record.genres if name}
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
    if not wanted:
        return
    existing = set(
        through.objects.filter(**{f"{owner}__in": list(wanted)}).values_list(owner, target)
    )
    through.objects.bulk_create(
        [
            through(**{owner: pk, target: other})
            for pk, others in wanted.items()
            for other in others
            if (pk, other) not in existing
        ],
        ignore_conflicts=True,
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
    rows = Title.objects.in_bulk(list(known))
    changed_rows: list[Title] = []
    changed_fields: set[str] = set()
    for pk, record in known.items():
        row = rows[pk]
        old_counter = counter_for_kind(row.kind)
        changes = record_changes(row, record, TITLE_FIELDS)
        if not changes:
            result.unchanged += 1
            continue
        changed_rows.append(row)
        changed_fields.update(changes)
        counts[old_counter or ""] -= 1
        counts[counter_for_kind(row.kind) or ""] += 1
        result.updated += 1
    if changed_rows:
        Title.objects.bulk_update(changed_rows, sorted(changed_fields))


def _create_titles(
    new: dict[Ref, TitleRecord], result: UpsertResult, counts: Counter[str]
) -> dict[int, TitleRecord]:
    keyed = dict(enumerate(new.values()))
    slugs = _new_slugs(Title, {k: (f"{r.title} {r.year or ''}", r.ref) for k, r in keyed.items()})
    rows = []
    for key, record in keyed.items():
        fields = {name: getattr(record, name) for name in TITLE_FIELDS}
        fields = {name: value for name, value in fields.items() if value is not None}
        fields["original_title"] = record.original_title or record.title
        rows.append(Title(slug=slugs[key], **fields))
        counts[counter_for_kind(record.kind) or ""] += 1
    Title.objects.bulk_create(rows)
    result.created += len(rows)
    return {row.pk: record for row, record in zip(rows, keyed.values(), strict=True)}


def titles_upsert(records: Sequence[TitleRecord]) -> UpsertResult:
    """Create or update films and shows from a source (not seasons or episodes)."""
    result = UpsertResult()
    counts: Counter[str] = Counter()
    found = resolve((ref for record in records for ref in record.refs), "title")
    known, new = _split_by_known(records, found)
    _update_titles(known, result, counts)
    rows_by_id = {**known, **_create_titles(new, result, counts)}
    _link_refs(found, {pk: record.refs for pk, record in rows_by_id.items()}, "title")
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
    existing = Person.objects.in_bulk(list(by_id))
    changed_rows, changed_fields = [], set()
    for pk, record in by_id.items():
        changes = record_changes(existing[pk], record, PERSON_FIELDS)
        if changes:
            changed_rows.append(existing[pk])
            changed_fields.update(changes)
            result.updated += 1
        else:
            result.unchanged += 1
    if changed_rows:
        Person.objects.bulk_update(changed_rows, sorted(changed_fields))
    keyed = dict(enumerate(new.values()))
    slugs = _new_slugs(Person, {k: (r.name, r.ref) for k, r in keyed.items()})
    created = [
        Person(
            slug=slugs[k], **{n: getattr(r, n) for n in PERSON_FIELDS if getattr(r, n) is not None}
        )
        for k, r in keyed.items()
    ]
    Person.objects.bulk_create(created)
    result.created += len(created)
    refs = {pk: record.refs for pk, record in by_id.items()}
    refs.update({row.pk: record.refs for row, record in zip(created, keyed.values(), strict=True)})
    _link_refs(found, refs, "person")
    return result


def credits_upsert(records: Sequence[CreditRecord]) -> UpsertResult:
    """Credits by (title, person, department, job); a missing title or person is rejected."""
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
    title_ids = {key[0] for key in wanted}
    person_ids = {key[1] for key in wanted}
    existing = {
        (c.title_id, c.person_id, c.department, c.job): c
        for c in Credit.objects.filter(title_id__in=title_ids, person_id__in=person_ids)
    }
    changed, created = [], []
    for key, record in wanted.items():
        character = record.character if record.department == Department.ACTING else ""
        credit = existing.get(key)
        if credit is None:
            created.append(
                Credit(
                    title_id=key[0],
                    person_id=key[1],
                    department=key[2],
                    job=key[3],
                    character=character,
                    billing_order=record.billing_order,
                )
            )
        elif (credit.character, credit.billing_order) != (character, record.billing_order):
            credit.character, credit.billing_order = character, record.billing_order
            changed.append(credit)
        else:
            result.unchanged += 1
    actors = {key[1] for key in wanted if key[2] == Department.ACTING}
    with actors_tracked(actors):
        Credit.objects.bulk_create(created)
        if changed:
            Credit.objects.bulk_update(changed, ["character", "billing_order"])
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
        (r.title_id, r.source): r
        for r in ExternalRating.objects.filter(title_id__in={k[0] for k in wanted})
    }
    created, changed = [], []
    for (title_id, source), record in wanted.items():
        rating = existing.get((title_id, source))
        if rating is None:
            created.append(
                ExternalRating(
                    title_id=title_id,
                    source=source,
                    value=record.value,
                    votes=record.votes,
                    fetched_at=record.fetched_at,
                )
            )
        elif (rating.value, rating.votes) != (record.value, record.votes):
            rating.value, rating.votes = record.value, record.votes
            rating.fetched_at = record.fetched_at
            changed.append(rating)
        else:
            result.unchanged += 1
    ExternalRating.objects.bulk_create(created)
    if changed:
        ExternalRating.objects.bulk_update(changed, ["value", "votes", "fetched_at"])
    result.created += len(created)
    result.updated += len(changed)
    return result


def alternative_titles_upsert(records: Sequence[AlternativeTitleRecord]) -> UpsertResult:
    result = UpsertResult()
    titles = resolve((r.title for r in records), "title")
    wanted: dict[tuple[int, str, str, str], AlternativeTitleRecord] = {}
    for record in records:
        if record.title in titles:
            key = (titles[record.title], record.name, record.region, record.language)
            wanted[key] = record
        else:
            result.reject(record.line, f"title {record.title} is not in the catalogue")
    existing = {
        (a.title_id, a.name, a.region, a.language): a
        for a in AlternativeTitle.objects.filter(title_id__in={k[0] for k in wanted})
    }
    save_keyed_rows(
        AlternativeTitle,
        {key: {"kind": record.kind} for key, record in wanted.items()},
        existing,
        lambda key, values: AlternativeTitle(
            title_id=key[0], name=key[1], region=key[2], language=key[3], **values
        ),
        result,
        empty_keeps=False,
    )
    return result
