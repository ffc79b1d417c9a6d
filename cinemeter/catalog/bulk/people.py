"""People and their credits from a source's records.

Every function takes one batch of records, runs a fixed number of queries for it, keeps the
site counters exact, and reports created / updated / unchanged / rejected. Running the same
batch twice changes nothing the second time (idempotent by (source, external id)).
"""

from __future__ import annotations

from collections.abc import Sequence

from cinemeter.catalog.bulk.records import CreditRecord, PersonRecord, Ref, UpsertResult
from cinemeter.catalog.bulk.rows import link_refs, merged_values, new_row_ids, new_slugs, resolve
from cinemeter.catalog.models import Credit, Department, Person
from cinemeter.catalog.services import actors_tracked
from cinemeter.core.bulk_sql import Table

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
    slugs = new_slugs(Person, {k: (r.name, r.ref) for k, r in keyed.items()})
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
