"""Countries, companies and the links between companies and titles (TMDb's documents).

Natural keys: a country by its ISO code; a company by its external id; a company link by
(title, company, role). Like the other writers, every function takes one batch, runs a fixed
number of queries for it whatever its size, is idempotent by natural keys, never lets an
empty record value erase what another source said, and returns an `UpsertResult`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cinemeter.catalog.bulk.records import Ref, UpsertResult
from cinemeter.catalog.bulk.rows import last_by_key, link_refs, merged_values, new_row_ids, resolve
from cinemeter.catalog.models import Company, CompanyCredit, CompanyRole, Country
from cinemeter.catalog.slugs import free_slugs, slug_base, slug_fallback
from cinemeter.core.bulk_sql import Table


@dataclass(frozen=True)
class CountryRecord:
    code: str  # ISO 3166-1 alpha-2, upper case
    name: str = ""
    line: int = 0


@dataclass(frozen=True)
class CompanyRecord:
    ref: Ref  # ("tmdb_company", "306")
    name: str
    country: str = ""  # ISO code of the company's home country, when the source says
    line: int = 0


@dataclass(frozen=True)
class CompanyCreditRecord:
    title: Ref
    company: Ref
    role: str = CompanyRole.PRODUCTION
    order: int = 0
    line: int = 0


def country_ids_by_code(codes: Iterable[str]) -> dict[str, int]:
    """Country ids by code, creating unknown ones named by their code until a source names
    them (`countries_upsert` renames them then)."""
    codes = {code for code in codes if code}
    if not codes:
        return {}
    Country.objects.bulk_create(
        [Country(code=code, name=code) for code in codes], ignore_conflicts=True
    )
    return dict(Country.objects.filter(code__in=codes).values_list("code", "pk"))


def countries_upsert(records: Sequence[CountryRecord]) -> UpsertResult:
    """Create countries by ISO code; name the ones so far known only by their code."""
    result = UpsertResult()
    wanted = last_by_key(records, lambda r: r.code)
    existing = {c.code: c for c in Country.objects.filter(code__in=list(wanted))}
    renamed = []
    for code, record in wanted.items():
        row = existing.get(code)
        if row is None:
            continue
        if row.name == row.code and record.name and record.name != row.name:
            row.name = record.name
            renamed.append(row)
            result.updated += 1
        else:
            result.unchanged += 1
    if renamed:
        Country.objects.bulk_update(renamed, ["name"])
    created = [
        Country(code=code, name=record.name or code)
        for code, record in wanted.items()
        if code not in existing
    ]
    # ignore_conflicts: another import may have added the same country meanwhile.
    Country.objects.bulk_create(created, ignore_conflicts=True)
    result.created += len(created)
    return result


def companies_upsert(records: Sequence[CompanyRecord]) -> UpsertResult:
    """Companies by external id: new ones are created, renamed ones renamed.

    Plain rows and prepared statements (`core.bulk_sql`), not model instances: a TMDb
    batch names thousands of companies, and building and saving them through the ORM cost
    more than the rest of the batch."""
    result = UpsertResult()
    wanted: dict[Ref, CompanyRecord] = last_by_key(records, lambda r: r.ref)
    if not wanted:
        return result
    found = resolve(wanted, "company")
    countries = country_ids_by_code(r.country for r in wanted.values())
    current = {
        pk: (name, country_id)
        for pk, name, country_id in Company.objects.filter(pk__among=set(found.values()))
        .order_by()
        .values_list("pk", "name", "country_id")
    }
    changed: set[int] = set()
    for ref, record in wanted.items():
        if ref not in found:
            continue
        pk = found[ref]
        merged = merged_values(current[pk], (record.name, countries.get(record.country)))
        if merged == current[pk]:
            result.unchanged += 1
        else:
            current[pk] = merged
            changed.add(pk)
            result.updated += 1
    Table(Company, ("name", "country_id")).update((*current[pk], pk) for pk in changed)
    new = {ref: record for ref, record in wanted.items() if ref not in found}
    bases = {ref: slug_base(record.name, "company") for ref, record in new.items()}
    slugs = free_slugs(
        Company, bases, lambda ref, base: slug_fallback(base, f"{ref.source} {ref.value}")
    )
    if new:
        Table(Company, ("name", "slug", "country_id")).insert(
            (record.name, slugs[ref], countries.get(record.country)) for ref, record in new.items()
        )
        created = new_row_ids(Company, slugs, new)
        link_refs(found, {pk: (record.ref,) for pk, record in created.items()}, "company")
    result.created += len(new)
    return result


def company_credits_upsert(records: Sequence[CompanyCreditRecord]) -> UpsertResult:
    """Links by (title, company, role); a link the source no longer lists is kept. Plain
    rows, as in `companies_upsert`."""
    result = UpsertResult()
    titles = resolve((r.title for r in records), "title")
    companies = resolve((r.company for r in records), "company")
    wanted: dict[tuple[int, int, str], int] = {}
    for record in records:
        if record.title not in titles:
            result.reject(record.line, f"title {record.title} is not in the catalogue")
        elif record.company not in companies:
            result.reject(record.line, f"company {record.company} is not in the catalogue")
        else:
            wanted[(titles[record.title], companies[record.company], record.role)] = record.order
    if not wanted:
        return result
    existing = {
        (title_id, company_id, role): (pk, order)
        for title_id, company_id, role, pk, order in CompanyCredit.objects.filter(
            title_id__among={key[0] for key in wanted}
        )
        .order_by()
        .values_list("title_id", "company_id", "role", "pk", "order")
    }
    created, changed = [], []
    for key, order in wanted.items():
        old = existing.get(key)
        if old is None:
            created.append((*key, order))
        elif old[1] != order:
            changed.append((order, old[0]))
        else:
            result.unchanged += 1
    Table(CompanyCredit, ("title_id", "company_id", "role", "order")).insert(created)
    Table(CompanyCredit, ("order",)).update(changed)
    result.created += len(created)
    result.updated += len(changed)
    return result
