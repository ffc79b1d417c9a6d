"""Bulk writes for what rich sources (TMDb) add beyond `bulk.titles`.

Companies and their links to titles, countries, release dates, images, videos, seasons, and
two writers that take whole source rows: `title_bundles_upsert` (a title with everything a
row says about it) and `title_credits_upsert` (one title's people and credits).

Like `bulk.titles`, every function takes one batch, runs a fixed number of queries for it whatever
its size, is idempotent by natural keys, keeps the site counters exact, never lets an empty
record value erase what another source said, and returns an `UpsertResult`.

Natural keys: a company by its external id; a company link by (title, company, role); a
release by (title, country, type, date); an image by (subject, remote URL); a video by
(provider, key); a season by (show, season number).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from cinemeter.catalog.bulk.people import credits_upsert, people_upsert
from cinemeter.catalog.bulk.records import (
    CreditRecord,
    PersonRecord,
    RatingRecord,
    Ref,
    Rejection,
    TitleRecord,
    UpsertResult,
)
from cinemeter.catalog.bulk.rows import (
    assign_changes,
    link_refs,
    merged_values,
    new_row_ids,
    resolve,
    save_keyed_rows,
)
from cinemeter.catalog.bulk.titles import ratings_upsert, titles_upsert
from cinemeter.catalog.models import (
    SHOW_KINDS,
    Company,
    CompanyCredit,
    CompanyRole,
    Country,
    Credit,
    Department,
    Image,
    ReleaseDate,
    Title,
    TitleKind,
    Video,
)
from cinemeter.catalog.slugs import free_slugs
from cinemeter.core.bulk_sql import Table
from cinemeter.core.counters import counter_add
from cinemeter.core.text import slug_of as slugify

# --- Records ---------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class ReleaseDateRecord:
    title: Ref
    country: str  # ISO code
    type: str  # a ReleaseType value
    date: datetime.date
    note: str = ""
    line: int = 0


@dataclass(frozen=True)
class ImageRecord:
    """A remote picture of a title or (exactly one of) a person."""

    kind: str  # an ImageKind value
    remote_url: str
    title: Ref | None = None
    person: Ref | None = None
    width: int | None = None
    height: int | None = None
    caption: str = ""
    source: str = ""
    attribution: str = ""
    order: int = 0
    line: int = 0


@dataclass(frozen=True)
class VideoRecord:
    title: Ref
    kind: str  # a VideoKind value
    name: str
    provider: str  # a VideoProvider value
    key: str
    language: str = ""
    published_on: datetime.date | None = None
    source: str = ""
    order: int = 0
    line: int = 0


@dataclass(frozen=True)
class SeasonRecord:
    show: Ref
    season_number: int
    title: str
    year: int | None = None
    release_date: datetime.date | None = None
    plot: str = ""
    line: int = 0


@dataclass(frozen=True)
class TitleCreditsRecord:
    """One source row's cast and crew of one title, with the people they name."""

    title: Ref
    people: tuple[PersonRecord, ...] = ()
    credits: tuple[CreditRecord, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class TitleBundle:
    """One source row about one title: the title and everything the row says about it."""

    title: TitleRecord
    rating: RatingRecord | None = None
    companies: tuple[CompanyRecord, ...] = ()
    company_credits: tuple[CompanyCreditRecord, ...] = ()
    release_dates: tuple[ReleaseDateRecord, ...] = ()
    seasons: tuple[SeasonRecord, ...] = ()
    credits: TitleCreditsRecord | None = None
    images: tuple[ImageRecord, ...] = ()
    videos: tuple[VideoRecord, ...] = ()

    @property
    def line(self) -> int:
        return self.title.line


@dataclass
class BundleResult(UpsertResult):
    """A row-level result plus what each kind of part did ("people", "videos" ...).

    The row counts say what happened to each row's main thing; `parts` count every record
    of every kind. A refused part (a video another title already has) is listed in
    `rejections` for the rejects file but does not count as a refused row.
    """

    parts: dict[str, UpsertResult] = field(default_factory=dict)

    def add_part(self, name: str, result: UpsertResult) -> None:
        total = self.parts.setdefault(name, UpsertResult())
        total.created += result.created
        total.updated += result.updated
        total.unchanged += result.unchanged
        total.rejected += result.rejected
        for rejection in result.rejections:
            total.rejections.append(rejection)
            self.rejections.append(Rejection(rejection.line, f"{name}: {rejection.reason}"))


# --- Helpers ---------------------------------------------------------------------------------


def _last_by_key(records: Iterable[Any], key: Callable[[Any], Any]) -> dict[Any, Any]:
    """The records by natural key; the same key twice in a batch: the last one wins."""
    return {key(record): record for record in records}


def _country_ids(codes: Iterable[str]) -> dict[str, int]:
    """Country ids by code, creating unknown ones named by their code until a source names
    them (`countries_upsert` renames them then)."""
    codes = {code for code in codes if code}
    if not codes:
        return {}
    Country.objects.bulk_create(
        [Country(code=code, name=code) for code in codes], ignore_conflicts=True
    )
    return dict(Country.objects.filter(code__in=codes).values_list("code", "pk"))


# --- Countries and companies -----------------------------------------------------------------


def countries_upsert(records: Sequence[CountryRecord]) -> UpsertResult:
    """Create countries by ISO code; name the ones so far known only by their code."""
    result = UpsertResult()
    wanted = _last_by_key(records, lambda r: r.code)
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
    wanted: dict[Ref, CompanyRecord] = _last_by_key(records, lambda r: r.ref)
    if not wanted:
        return result
    found = resolve(wanted, "company")
    countries = _country_ids(r.country for r in wanted.values())
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
    bases = {ref: slugify(record.name)[:180].strip("-") or "company" for ref, record in new.items()}
    slugs = free_slugs(
        Company,
        {ref: (base, slugify(f"{base} {ref.source} {ref.value}")) for ref, base in bases.items()},
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


# --- Release dates, images, videos -----------------------------------------------------------


def release_dates_upsert(records: Sequence[ReleaseDateRecord]) -> UpsertResult:
    """Releases by (title, country, type, date); the note follows the source."""
    result = UpsertResult()
    titles = resolve((r.title for r in records), "title")
    countries = _country_ids(r.country for r in records if r.title in titles)
    wanted: dict[tuple[int, int, str, datetime.date], ReleaseDateRecord] = {}
    for record in records:
        if record.title not in titles:
            result.reject(record.line, f"title {record.title} is not in the catalogue")
        else:
            key = (titles[record.title], countries[record.country], record.type, record.date)
            wanted[key] = record
    if not wanted:
        return result
    existing = {
        (r.title_id, r.country_id, r.type, r.date): r
        for r in ReleaseDate.objects.filter(title_id__in={key[0] for key in wanted})
    }
    save_keyed_rows(
        ReleaseDate,
        {key: {"note": record.note} for key, record in wanted.items()},
        existing,
        lambda key, values: ReleaseDate(
            title_id=key[0], country_id=key[1], type=key[2], date=key[3], **values
        ),
        result,
    )
    return result


IMAGE_FIELDS = ("kind", "width", "height", "caption", "source", "attribution", "order")


def _images_by_subject(
    records: Sequence[ImageRecord], result: UpsertResult
) -> dict[tuple[str, int, str], ImageRecord]:
    """The records keyed by ("title" or "person", subject id, URL); unknown subjects refused."""
    titles = resolve((r.title for r in records if r.title is not None), "title")
    people = resolve((r.person for r in records if r.person is not None), "person")
    wanted: dict[tuple[str, int, str], ImageRecord] = {}
    for record in records:
        if record.title is not None and record.title in titles:
            wanted[("title", titles[record.title], record.remote_url)] = record
        elif record.person is not None and record.person in people:
            wanted[("person", people[record.person], record.remote_url)] = record
        else:
            result.reject(record.line, f"{record.title or record.person} is not in the catalogue")
    return wanted


def images_upsert(records: Sequence[ImageRecord]) -> UpsertResult:
    """Remote images by (title or person, URL)."""
    result = UpsertResult()
    wanted = _images_by_subject(records, result)
    if not wanted:
        return result
    subjects = Q(title_id__in={k[1] for k in wanted if k[0] == "title"}) | Q(
        person_id__in={k[1] for k in wanted if k[0] == "person"}
    )
    existing: dict[tuple[str, int, str], Image] = {}
    for row in Image.objects.filter(subjects, remote_url__in={k[2] for k in wanted}):
        if row.title_id is not None:
            existing[("title", row.title_id, row.remote_url)] = row
        elif row.person_id is not None:
            existing[("person", row.person_id, row.remote_url)] = row

    def build(key: tuple[str, int, str], values: Mapping[str, Any]) -> Image:
        owner = {"title_id": key[1]} if key[0] == "title" else {"person_id": key[1]}
        present = {name: value for name, value in values.items() if value is not None}
        return Image(remote_url=key[2], **owner, **present)

    save_keyed_rows(
        Image,
        {
            key: {name: getattr(record, name) for name in IMAGE_FIELDS}
            for key, record in wanted.items()
        },
        existing,
        build,
        result,
    )
    return result


VIDEO_FIELDS = ("kind", "name", "language", "published_on", "source", "order")


def videos_upsert(records: Sequence[VideoRecord]) -> UpsertResult:
    """Videos by (provider, key): a provider's video belongs to one title only."""
    result = UpsertResult()
    titles = resolve((r.title for r in records), "title")
    wanted: dict[tuple[str, str], tuple[int, VideoRecord]] = {}
    for record in records:
        if record.title in titles:
            wanted[(record.provider, record.key)] = (titles[record.title], record)
        else:
            result.reject(record.line, f"title {record.title} is not in the catalogue")
    if not wanted:
        return result
    by_provider: dict[str, set[str]] = {}
    for provider, key in wanted:
        by_provider.setdefault(provider, set()).add(key)
    query = Q(pk__in=[])
    for provider, keys in by_provider.items():
        query |= Q(provider=provider, key__in=keys)
    existing = {(v.provider, v.key): v for v in Video.objects.filter(query)}
    values: dict[tuple[str, str], dict[str, Any]] = {}
    for (provider, key), (title_id, record) in wanted.items():
        video = existing.get((provider, key))
        if video is not None and video.title_id != title_id:
            result.reject(record.line, f"{provider} video {key} already belongs to another title")
        else:
            values[(provider, key)] = {
                "title_id": title_id,
                **{name: getattr(record, name) for name in VIDEO_FIELDS},
            }
    save_keyed_rows(Video, values, existing, _new_video, result)
    return result


def _new_video(provider_key: tuple[str, str], values: Mapping[str, Any]) -> Video:
    # Empty values are left out so the model's defaults apply, as for any new row.
    given = {name: value for name, value in values.items() if value is not None}
    return Video(provider=provider_key[0], key=provider_key[1], **given)


# --- Seasons ---------------------------------------------------------------------------------

SEASON_FIELDS = ("title", "year", "release_date", "plot")


def seasons_upsert(records: Sequence[SeasonRecord]) -> UpsertResult:
    """Seasons of shows by (show, number), moving the seasons counter for new ones."""
    result = UpsertResult()
    found = resolve((r.show for r in records), "title")
    shows = {
        pk: (kind, slug)
        for pk, kind, slug in Title.objects.filter(pk__in=set(found.values())).values_list(
            "pk", "kind", "slug"
        )
    }
    wanted: dict[tuple[int, int], SeasonRecord] = {}
    for record in records:
        show_id = found.get(record.show)
        if show_id is None:
            result.reject(record.line, f"show {record.show} is not in the catalogue")
        elif shows[show_id][0] not in SHOW_KINDS:
            result.reject(record.line, f"{record.show} is a {shows[show_id][0]}, not a show")
        else:
            wanted[(show_id, record.season_number)] = record
    if not wanted:
        return result
    existing = {
        (season.parent_id, season.season_number): season
        for season in Title.objects.filter(
            kind=TitleKind.SEASON, parent_id__in={key[0] for key in wanted}
        )
    }
    changed, changed_fields = [], set()
    for key, record in wanted.items():
        season = existing.get(key)
        if season is None:
            continue
        changes = assign_changes(season, {name: getattr(record, name) for name in SEASON_FIELDS})
        if changes:
            changed.append(season)
            changed_fields.update(changes)
            result.updated += 1
        else:
            result.unchanged += 1
    if changed:
        Title.objects.bulk_update(changed, sorted(changed_fields))
    new = {key: record for key, record in wanted.items() if key not in existing}
    bases = {key: slugify(f"{shows[key[0]][1]} season {key[1]}")[:180].strip("-") for key in new}
    slugs = free_slugs(Title, {key: (base, f"{base}-{key[0]}") for key, base in bases.items()})
    rows = [
        Title(
            kind=TitleKind.SEASON,
            parent_id=key[0],
            season_number=key[1],
            slug=slugs[key],
            title=record.title,
            original_title=record.title,
            year=record.year,
            release_date=record.release_date,
            plot=record.plot,
        )
        for key, record in new.items()
    ]
    Title.objects.bulk_create(rows)
    counter_add("seasons", len(rows))
    result.created += len(rows)
    return result


# --- Whole source rows -----------------------------------------------------------------------


def title_credits_upsert(groups: Sequence[TitleCreditsRecord]) -> BundleResult:
    """Write each group's people and credits; one row result per group.

    A group whose title is not in the catalogue is refused. Otherwise it counts as created
    when it adds a credit, updated when it changes one, unchanged when it does neither.
    Credits the source no longer lists are kept (another source may have them).
    """
    result = BundleResult()
    titles = resolve((g.title for g in groups), "title")
    accepted = []
    for group in groups:
        if group.title in titles:
            accepted.append(group)
        else:
            result.reject(group.line, f"title {group.title} is not in the catalogue")
    if not accepted:
        return result
    people = _last_by_key((p for g in accepted for p in g.people), lambda p: p.ref)
    result.add_part("people", people_upsert(list(people.values())))
    person_ids = resolve(people, "person")
    before = {
        (title_id, person_id, department, job): (character, order)
        for title_id, person_id, department, job, character, order in Credit.objects.filter(
            title_id__in={titles[g.title] for g in accepted}
        ).values_list("title_id", "person_id", "department", "job", "character", "billing_order")
    }
    for group in accepted:
        outcomes = set()
        for credit in group.credits:
            person_id = person_ids.get(credit.person)
            if person_id is None:
                continue  # refused by credits_upsert below, with its reason
            key = (titles[group.title], person_id, credit.department, credit.job)
            character = credit.character if credit.department == Department.ACTING else ""
            if key not in before:
                outcomes.add("created")
            elif before[key] != (character, credit.billing_order):
                outcomes.add("updated")
        if "created" in outcomes:
            result.created += 1
        elif "updated" in outcomes:
            result.updated += 1
        else:
            result.unchanged += 1
    result.add_part("credits", credits_upsert([c for g in accepted for c in g.credits]))
    return result


def title_bundles_upsert(bundles: Sequence[TitleBundle]) -> BundleResult:
    """Write each bundle's title, then everything else the row says about it.

    The row counts are the titles' (created, updated or unchanged); each kind of part is
    counted in `parts`. A second bundle for the same title in one batch supersedes the
    first, which is refused with the line of the one that wins.
    """
    result = BundleResult()
    latest: dict[Ref, TitleBundle] = {}
    for bundle in bundles:
        earlier = latest.get(bundle.title.ref)
        if earlier is not None:
            result.reject(
                earlier.line, f"{bundle.title.ref} again on line {bundle.line}, which is used"
            )
        latest[bundle.title.ref] = bundle
    kept = list(latest.values())
    # Name the title's countries first: release dates may have created them by code only.
    countries = [CountryRecord(code, name) for b in kept for code, name in b.title.countries]
    result.add_part("countries", countries_upsert(countries))
    titles = titles_upsert([b.title for b in kept])
    result.created += titles.created
    result.updated += titles.updated
    result.unchanged += titles.unchanged
    for rejection in titles.rejections:
        result.reject(rejection.line, rejection.reason)
    result.add_part("ratings", ratings_upsert([b.rating for b in kept if b.rating is not None]))
    result.add_part("companies", companies_upsert([c for b in kept for c in b.companies]))
    result.add_part(
        "company credits", company_credits_upsert([c for b in kept for c in b.company_credits])
    )
    result.add_part(
        "release dates", release_dates_upsert([r for b in kept for r in b.release_dates])
    )
    result.add_part("seasons", seasons_upsert([s for b in kept for s in b.seasons]))
    groups = [b.credits for b in kept if b.credits is not None]
    if groups:
        credits = title_credits_upsert(groups)
        for name, part in credits.parts.items():
            result.add_part(name, part)
    result.add_part("images", images_upsert([i for b in kept for i in b.images]))
    result.add_part("videos", videos_upsert([v for b in kept for v in b.videos]))
    return result


def parts_summary(parts: Mapping[str, UpsertResult]) -> list[str]:
    """One line per kind of part, for the end of an import command's output."""
    lines = []
    for name, part in parts.items():
        if not (part.created or part.updated or part.unchanged or part.rejected):
            continue
        lines.append(
            f"  {name}: created {part.created:,}, updated {part.updated:,}, "
            f"unchanged {part.unchanged:,}, refused {part.rejected:,}"
        )
    return lines
