"""Reads for the editions pages: a title's editions with their features and the computed NEW
marks and drops, in a fixed number of queries whatever the number of features.

- `title_editions`: the editions (with title and label), then all their features; with
  `people_of`, the people of that one edition's features. 2–3 queries.
- `editions_summary`: the title page's panel, one query (editions joined to features); the
  title page itself reads the same rows with the albums' in one query (`releases.overview`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404

from cinemeter.catalog.models import Title
from cinemeter.releases.editions.matching import (
    EditionRow,
    EditionsResult,
    FeatureRow,
    editions_compare,
)
from cinemeter.releases.editions.models import (
    Edition,
    EditionFeature,
    EditionFormat,
    FeaturePerson,
)

# The features' columns read through a left join from their editions, in this order.
FEATURE_COLUMNS = (
    "features__id",
    "features__kind",
    "features__title",
    "features__same_as_id",
    "features__new_override",
)


def feature_row(edition_id: int, values: Sequence[Any]) -> FeatureRow | None:
    """The feature in a joined row, or None for an edition without features."""
    feature_id, kind, title, same_as_id, override = values
    if feature_id is None:
        return None
    return FeatureRow(int(feature_id), edition_id, str(kind), str(title), same_as_id, override)


def edition_row(edition_id: int, start: date | None, precision: str) -> EditionRow:
    probe = Edition(release_date=start, date_precision=precision)
    span = probe.date_span
    return EditionRow(edition_id, *(span if span else (None, None)))


@dataclass
class FeatureView:
    """A feature as a page shows it: NEW or not, and where its group first appeared."""

    feature: EditionFeature
    is_new: bool
    computed_new: bool
    overridden: bool
    first_editions: list[Edition]
    people: list[FeaturePerson] = field(default_factory=list)


@dataclass
class EditionView:
    edition: Edition
    features: list[FeatureView]
    drops: list[FeatureView]  # each as on the latest earlier edition that had it
    new_count: int


@dataclass
class CompareRow:
    """One feature group across the editions: its cells in the editions' order."""

    name: str
    kind: str
    first_editions: list[Edition]
    cells: list[FeatureView | None]


@dataclass
class TitleEditions:
    """Every edition of a title, oldest first, with the computed outcome."""

    title: Title
    editions: list[EditionView]
    result: EditionsResult

    def get(self, slug: str) -> EditionView:
        for view in self.editions:
            if view.edition.slug == slug:
                return view
        raise Http404(slug)

    @property
    def newest(self) -> EditionView | None:
        """The latest dated edition (undated ones sort last but are not "newest")."""
        dated = [ev for ev in self.editions if ev.edition.release_date is not None]
        candidates = dated or self.editions
        return candidates[-1] if candidates else None

    def compare_rows(self) -> list[CompareRow]:
        """The feature groups in order of first appearance, each with a cell per edition."""
        views = {fv.feature.id: fv for ev in self.editions for fv in ev.features}
        column = {ev.edition.id: n for n, ev in enumerate(self.editions)}
        rows = []
        for feature_ids in self.result.groups.values():
            cells: list[FeatureView | None] = [None] * len(self.editions)
            for feature_id in feature_ids:
                view = views[feature_id]
                slot = column[view.feature.edition_id]
                cells[slot] = cells[slot] or view
            first = views[feature_ids[0]]
            rows.append(
                CompareRow(
                    name=first.feature.title,
                    kind=first.feature.get_kind_display(),
                    first_editions=first.first_editions,
                    cells=cells,
                )
            )
        # Oldest edition first, then its own order of features.
        order = {
            fv.feature.id: (n, fv.feature.order, fv.feature.id)
            for n, ev in enumerate(self.editions)
            for fv in ev.features
        }
        rows.sort(key=lambda r: min(order[c.feature.id] for c in r.cells if c is not None))
        return rows


def title_editions(slug: str, *, people_of: str | None = None) -> TitleEditions:
    """Every edition of the title with its features; `people_of` (an edition's slug) also
    loads the people in that edition's features."""
    editions = list(
        Edition.objects.filter(title__slug=slug)
        .select_related("title", "label")
        .order_by("release_date", "id")
    )
    title = editions[0].title if editions else get_object_or_404(Title, slug=slug)
    by_id = {edition.id: edition for edition in editions}
    features = list(
        EditionFeature.objects.filter(edition_id__in=list(by_id)).order_by(
            "edition_id", "order", "id"
        )
    )
    people: dict[int, list[FeaturePerson]] = {}
    chosen = next((e for e in editions if e.slug == people_of), None)
    if people_of is not None and chosen is None:
        raise Http404(people_of)
    if chosen is not None and any(f.edition_id == chosen.id for f in features):
        for credit in FeaturePerson.objects.filter(feature__edition=chosen).select_related(
            "person"
        ):
            people.setdefault(credit.feature_id, []).append(credit)
    result = editions_compare(
        [edition_row(e.id, e.release_date, e.date_precision) for e in editions],
        [
            FeatureRow(f.id, f.edition_id, f.kind, f.title, f.same_as_id, f.new_override)
            for f in features
        ],
    )
    views: dict[int, FeatureView] = {}
    for feature in features:
        feature.edition = by_id[feature.edition_id]  # no query per feature
        outcome = result.features[feature.id]
        views[feature.id] = FeatureView(
            feature=feature,
            is_new=outcome.is_new,
            computed_new=outcome.computed_new,
            overridden=outcome.overridden,
            first_editions=[by_id[e] for e in outcome.first_edition_ids],
            people=people.get(feature.id, []),
        )
    ordered = [by_id[row.id] for row in result.editions]
    edition_views = []
    for edition in ordered:
        own = [views[f.id] for f in features if f.edition_id == edition.id]
        edition_views.append(
            EditionView(
                edition=edition,
                features=own,
                drops=[views[f] for f in result.drops[edition.id]],
                new_count=sum(1 for view in own if view.is_new),
            )
        )
    return TitleEditions(title=title, editions=edition_views, result=result)


@dataclass(frozen=True)
class EditionBrief:
    """The newest edition as the title page names it."""

    name: str
    slug: str
    format: str
    format_label: str
    title_name: str
    cover: str
    release_date: date | None
    date_precision: str
    is_upcoming: bool
    new_count: int


@dataclass(frozen=True)
class EditionsSummary:
    count: int
    newest: EditionBrief


EDITION_SUMMARY_COLUMNS = (
    "id",
    "name",
    "slug",
    "format",
    "release_date",
    "date_precision",
    "title__title",
    "cover_file",
    "cover_url",
    *FEATURE_COLUMNS,
)


def editions_summary(slug: str) -> EditionsSummary | None:
    """How many editions the title has and its newest with its NEW count, or None when it
    has none. One query: editions left-joined to their features' matching fields."""
    rows = Edition.objects.filter(title__slug=slug).values_list(*EDITION_SUMMARY_COLUMNS)
    return editions_summary_of(list(rows))


def editions_summary_of(rows: Sequence[Sequence[Any]]) -> EditionsSummary | None:
    """The summary from rows of `EDITION_SUMMARY_COLUMNS` (in any order), so that the title
    page can read them in one query with the albums (`releases.overview`)."""
    if not rows:
        return None
    rows = sorted(rows, key=lambda r: (r[4] is None, r[4] or date.min, r[0]))
    editions: dict[int, tuple[str, str, str, date | None, str]] = {}
    covers: dict[int, str] = {}
    features = []
    title_name = rows[0][6]
    for edition_id, name, edition_slug, fmt, released, precision, _t, file, url, *feature in rows:
        editions[edition_id] = (name, edition_slug, fmt, released, precision)
        covers[edition_id] = default_storage.url(file) if file else url
        if (row := feature_row(edition_id, feature)) is not None:
            features.append(row)
    result = editions_compare([edition_row(i, e[3], e[4]) for i, e in editions.items()], features)
    dated = [row for row in result.editions if row.start is not None]
    newest_id = (dated or result.editions)[-1].id
    name, edition_slug, fmt, released, precision = editions[newest_id]
    probe = Edition(release_date=released, date_precision=precision)
    return EditionsSummary(
        count=len(editions),
        newest=EditionBrief(
            name=name,
            slug=edition_slug,
            format=fmt,
            format_label=str(EditionFormat(fmt).label),
            title_name=title_name,
            cover=covers[newest_id],
            release_date=released,
            date_precision=precision,
            is_upcoming=probe.is_upcoming,
            new_count=result.new_count(f.id for f in features if f.edition_id == newest_id),
        ),
    )
