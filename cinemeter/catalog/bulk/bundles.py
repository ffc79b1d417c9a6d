"""Writers that take whole source rows: everything one TMDb document says about one title.

`title_bundles_upsert` writes a title with its rating, companies, release dates, seasons,
credits, images and videos, through the writers of each; `title_credits_upsert` writes one
title's people and credits. One row result per bundle, and per kind of part a count in
`BundleResult.parts`; `parts_summary` words those for an import command's output.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cinemeter.catalog.bulk.companies import (
    CompanyCreditRecord,
    CompanyRecord,
    CountryRecord,
    companies_upsert,
    company_credits_upsert,
    countries_upsert,
)
from cinemeter.catalog.bulk.media import (
    ImageRecord,
    ReleaseDateRecord,
    VideoRecord,
    images_upsert,
    release_dates_upsert,
    videos_upsert,
)
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
from cinemeter.catalog.bulk.rows import last_by_key, resolve
from cinemeter.catalog.bulk.seasons import SeasonRecord, seasons_upsert
from cinemeter.catalog.bulk.titles import ratings_upsert, titles_upsert
from cinemeter.catalog.models import Credit, Department


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
            self.rejections.append(
                Rejection(rejection.line, f"{name}: {rejection.reason}", rejection.file)
            )


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
    people = last_by_key((p for g in accepted for p in g.people), lambda p: p.ref)
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
