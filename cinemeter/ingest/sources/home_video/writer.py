"""One batch of home-video records into the catalogue and the editions.

- **The film.** A record with ids (TheDiscDb, Wikidata) is its film when its ids name one
  title (`catalog.bulk.resolve`); ids naming two titles refuse it. A filmbrainz record has no
  id: its barcode on another source's edition names the film, else its packaging title does
  (`catalog.bulk.titles_named`), narrowed by the content copyright's year (±1) when the disc
  prints one; an edition imported before keeps its film while that still fits. None, or
  several: refused, saying which, never guessed. A film the catalogue does not have is
  refused, not invented: import it first (`ingest_tmdb`, `ingest_imdb`).
- **Companies.** Labels and distributors printed on a filmbrainz release are catalogue
  companies, written through `catalog.bulk` (`companies_upsert`, keyed by the printed name,
  and `company_credits_upsert`: the film's "label" and "distribution" companies).
- **Editions** go through `releases.editions.services.edition_upsert_from_source`, found
  again by (source, the source's id); **Wikidata's links** add the film's missing IMDb,
  TMDb and Wikidata ids (`catalog.bulk.titles_upsert`) and its soundtrack and format links
  (`title_release_links_set`).

Each record counts once in the run: created, updated, unchanged or refused. What the parts
did (features, companies, ids, links) is tallied by kind for the command's summary.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

from django.core.exceptions import ValidationError

from cinemeter.catalog.bulk import (
    BundleResult,
    CompanyCreditRecord,
    CompanyRecord,
    NamedTitle,
    Ref,
    TitleRecord,
    UpsertResult,
    companies_upsert,
    company_credits_upsert,
    resolve,
    titles_named,
    titles_upsert,
)
from cinemeter.catalog.models import Company, CompanyRole, ExternalId, ExternalSource, Title
from cinemeter.catalog.slugs import slug_text
from cinemeter.ingest.sources.home_video.records import (
    EditionRecord,
    HomeVideoRecord,
    WikidataFilm,
)
from cinemeter.releases.editions import services
from cinemeter.releases.editions.models import (
    Edition,
    EditionExternalId,
    EditionFeature,
    ReleaseLinkKind,
)

NO_FILM, AMBIGUOUS, DISAGREE, BAD = (
    "films not in the catalogue",
    "names that fit several titles",
    "ids that name two titles",
    "refused by the catalogue's checks",
)
COMPANY_ID_MAX = 40


def company_key(name: str) -> str:
    """A printed company name as its filmbrainz id: the slug, or a digest when too long."""
    slug = slug_text(name)
    if slug and len(slug) <= COMPANY_ID_MAX:
        return slug
    digest = hashlib.sha1(name.casefold().encode(), usedforsecurity=False).hexdigest()[:10]
    return f"{slug[: COMPANY_ID_MAX - 11]}-{digest}" if slug else digest


def _gtin_forms(code: str) -> list[str]:
    """A barcode as UPC-A, EAN-13 and GTIN-14 write it (leading zeros)."""
    bare = code.lstrip("0")
    return [bare.zfill(width) for width in (8, 12, 13, 14) if len(bare) <= width]


class HomeVideoWriter:
    """Writes batches (`__call__`, for `ImportSession.write`) and keeps the run's tallies."""

    def __init__(self) -> None:
        self.parts = BundleResult()
        self.unmatched: Counter[str] = Counter()
        self.features_removed = 0

    def __call__(self, batch: list[HomeVideoRecord]) -> BundleResult:
        result = BundleResult()
        found = resolve((ref for record in batch for ref in record.film.refs), "title")
        films = self._films(batch, found, result)
        titles = Title.objects.only("pk", "slug").in_bulk(set(films.values()))
        editions = [(r, films[n]) for n, r in enumerate(batch) if n in films]
        labels = self._companies(
            [(r, title) for r, title in editions if isinstance(r, EditionRecord)], result
        )
        for n, record in enumerate(batch):
            if n not in films:
                continue
            title = titles[films[n]]
            if isinstance(record, EditionRecord):
                self._edition(record, title, labels, result)
            else:
                self._links(record, title, found, result)
        for name, part in result.parts.items():
            self.parts.add_part(name, part)
        return result

    # --- films -------------------------------------------------------------------------------

    def _refuse(self, record: HomeVideoRecord, why: str, reason: str, result: UpsertResult) -> None:
        self.unmatched[why] += 1
        result.reject(record.line, reason, file=record.file)

    def _films(
        self, batch: Sequence[HomeVideoRecord], found: dict[Ref, int], result: BundleResult
    ) -> dict[int, int]:
        """Each record's film (by its position in the batch); the others are refused."""
        films: dict[int, int] = {}
        named = [r for r in batch if isinstance(r, EditionRecord) and not r.film.refs]
        matcher = _NameMatcher(named) if named else None
        for n, record in enumerate(batch):
            if record.film.refs:
                ids = sorted({found[ref] for ref in record.film.refs if ref in found})
                if len(ids) == 1:
                    films[n] = ids[0]
                elif not ids:
                    self._refuse(
                        record,
                        NO_FILM,
                        f"its film ({record.film}) is not in the catalogue: import it first "
                        "(ingest_tmdb, ingest_imdb)",
                        result,
                    )
                else:
                    slugs = dict(Title.objects.filter(pk__in=ids).values_list("pk", "slug"))
                    self._refuse(
                        record,
                        DISAGREE,
                        f"its ids ({record.film}) name different titles: "
                        + ", ".join(slugs[pk] for pk in ids),
                        result,
                    )
            elif matcher is not None and isinstance(record, EditionRecord):
                title_id, why, reason = matcher.match(record)
                if title_id is None:
                    self._refuse(record, why, reason, result)
                else:
                    films[n] = title_id
        return films

    # --- companies ---------------------------------------------------------------------------

    def _companies(
        self, editions: list[tuple[EditionRecord, int]], result: BundleResult
    ) -> dict[str, Company]:
        """Write the labels and distributors the releases print; the companies by id there."""
        companies: dict[Ref, CompanyRecord] = {}
        mentions: list[tuple[int, Ref, str, int, int]] = []
        for record, title_id in editions:
            named: list[tuple[str, str]] = (
                [(record.label, CompanyRole.LABEL)] if record.label else []
            )
            named += [(c.name, c.role) for c in record.companies]
            for order, (name, role) in enumerate(named):
                ref = Ref(ExternalSource.FILMBRAINZ, company_key(name))
                companies[ref] = CompanyRecord(ref, name, line=record.line)
                mentions.append((title_id, ref, role, order, record.line))
        if not companies:
            return {}
        result.add_part("companies", companies_upsert(list(companies.values())))
        title_refs = self._title_refs({title_id for title_id, *_ in mentions})
        credits = [
            CompanyCreditRecord(title_refs[title_id], ref, role, order=order, line=line)
            for title_id, ref, role, order, line in mentions
            if title_id in title_refs  # a title with no id at all cannot be credited by ref
        ]
        result.add_part("company credits", company_credits_upsert(credits))
        ids = resolve(companies, "company")
        rows = Company.objects.in_bulk(set(ids.values()))
        return {ref.value: rows[ids[ref]] for ref in companies if ref in ids}

    @staticmethod
    def _title_refs(title_ids: set[int]) -> dict[int, Ref]:
        """One external id of each title, by which the company writers find it."""
        refs: dict[int, Ref] = {}
        rows = (
            ExternalId.objects.filter(title_id__in=title_ids)
            .order_by("source", "value")
            .values_list("title_id", "source", "value")
        )
        for title_id, source, value in rows:
            refs.setdefault(title_id, Ref(source, value))
        return refs

    # --- editions and links ------------------------------------------------------------------

    def _edition(
        self,
        record: EditionRecord,
        title: Title,
        labels: dict[str, Company],
        result: BundleResult,
    ) -> None:
        features = [
            EditionFeature(
                title=f.title,
                kind=f.kind,
                duration_seconds=f.duration_seconds,
                description=f.description,
            )
            for f in record.features
        ]
        try:
            done = services.edition_upsert_from_source(
                title=title,
                source=record.source,
                external_id=record.external_id,
                values=record.edition_values(),
                label=labels.get(company_key(record.label)) if record.label else None,
                features=features,
            )
        except ValidationError as error:
            self._refuse(record, BAD, "; ".join(error.messages), result)
            return
        _count(result, done.outcome)
        result.add_part("editions", _count(UpsertResult(), done.outcome))
        changes = done.features
        result.add_part(
            "features",
            UpsertResult(
                created=changes.created, updated=changes.updated, unchanged=changes.unchanged
            ),
        )
        self.features_removed += changes.deleted

    def _links(
        self, record: WikidataFilm, title: Title, found: dict[Ref, int], result: BundleResult
    ) -> None:
        missing = tuple(ref for ref in record.refs if ref not in found)
        if missing:
            known = next(ref for ref in record.refs if ref in found)
            titles_upsert(
                [TitleRecord(ref=known, kind="", title="", other_refs=missing, line=record.line)],
                found=found,
            )
        result.add_part(
            "film ids",
            UpsertResult(created=len(missing), unchanged=len(record.refs) - len(missing)),
        )
        links = [(ReleaseLinkKind.SOUNDTRACK, qid, "") for qid in record.soundtracks]
        links += [(ReleaseLinkKind.FORMAT, qid, fmt) for qid, fmt in record.formats]
        changes = services.title_release_links_set(
            title=title, source=ExternalSource.WIKIDATA, links=[(str(k), v, f) for k, v, f in links]
        )
        result.add_part(
            "release links",
            UpsertResult(
                created=changes.created,
                updated=changes.updated + changes.deleted,
                unchanged=changes.unchanged,
            ),
        )
        if Ref(ExternalSource.WIKIDATA, record.qid) in missing:
            _count(result, services.CREATED)  # the item itself is new to the film
        else:
            _count(result, services.UPDATED if missing or changes.changed else services.UNCHANGED)


def _count(result: UpsertResult, outcome: str) -> UpsertResult:
    """One more row created, updated or unchanged (the services' outcome words)."""
    if outcome == services.CREATED:
        result.created += 1
    elif outcome == services.UPDATED:
        result.updated += 1
    else:
        result.unchanged += 1
    return result


class _NameMatcher:
    """Finds the films of a batch's records that name them only by title (filmbrainz)."""

    def __init__(self, records: list[EditionRecord]) -> None:
        self.candidates = titles_named({r.film.name for r in records})
        self.before = {
            (source, external_id): (edition_id, title_id)
            for source, external_id, edition_id, title_id in EditionExternalId.objects.filter(
                source__in={r.source for r in records},
                external_id__in=[r.external_id for r in records],
            ).values_list("source", "external_id", "edition_id", "edition__title_id")
        }
        forms = {form: r.gtin for r in records if r.gtin for form in _gtin_forms(r.gtin)}
        self.by_barcode: dict[str, set[tuple[int, int]]] = {}
        for edition_id, title_id, code in Edition.objects.filter(gtin__in=list(forms)).values_list(
            "pk", "title_id", "gtin"
        ):
            self.by_barcode.setdefault(forms[code], set()).add((edition_id, title_id))

    def match(self, record: EditionRecord) -> tuple[int | None, str, str]:
        """(title id, "", "") or (None, why, the reason to report)."""
        own = self.before.get((record.source, record.external_id))
        others = {
            title_id
            for edition_id, title_id in self.by_barcode.get(record.gtin, set())
            if own is None or edition_id != own[0]
        }
        if len(others) == 1:
            return others.pop(), "", ""
        name, year = record.film.name, record.film.year
        candidates = self.candidates.get(name, [])
        fitting = [c for c in candidates if year is None or _near(c, year)]
        if own is not None and own[1] in {c.pk for c in fitting}:
            return own[1], "", ""
        if len(fitting) == 1:
            return fitting[0].pk, "", ""
        if not candidates:
            return None, NO_FILM, f"no film or show named “{name}” is in the catalogue"
        if not fitting:
            return (
                None,
                NO_FILM,
                f"no film named “{name}” from about {year} is in the catalogue "
                f"(there is {_listed(candidates)})",
            )
        return (
            None,
            AMBIGUOUS,
            f"“{name}” is ambiguous: {len(fitting)} titles have that name "
            f"({_listed(fitting)}) and the release says nothing to tell them apart",
        )


def _near(title: NamedTitle, year: int) -> bool:
    """Within a year of the content copyright's year: a film is copyrighted in the year it is
    finished, which can be the year before or after its release."""
    return title.year is not None and abs(title.year - year) <= 1


def _listed(titles: Sequence[NamedTitle]) -> str:
    return ", ".join(title.slug for title in titles[:5]) + (" ..." if len(titles) > 5 else "")
