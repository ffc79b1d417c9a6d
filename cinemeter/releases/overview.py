"""What the title page shows of this app, read in one query.

The title page carries two of this app's panels, the editions summary and the Music panel.
Each is cached on its own, but a cold page would pay a query for each; instead both read
their rows through one `UNION ALL` (editions with their features' matching columns, and the
title's albums padded to the same columns), once per request, kept on the page's subject.
So the title page costs one query more for all of this app, not one per panel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, IntegerField, Value

from cinemeter.releases.editions.models import Edition
from cinemeter.releases.editions.selectors import (
    EDITION_SUMMARY_COLUMNS,
    EditionsSummary,
    editions_summary_of,
)
from cinemeter.releases.music.selectors import AlbumBrief, title_album_rows, title_albums_of

EDITION, ALBUM = "e", "a"


@dataclass(frozen=True)
class ReleasesOverview:
    editions: EditionsSummary | None
    albums: list[AlbumBrief]


def _text(value: str = "") -> Value:
    return Value(value, output_field=CharField())


def releases_overview(slug: str) -> ReleasesOverview:
    """The title's editions summary and albums (one query)."""
    editions = (
        Edition.objects.filter(title__slug=slug)
        .order_by()
        .annotate(row_kind=_text(EDITION))
        .values_list("row_kind", *EDITION_SUMMARY_COLUMNS)
    )
    # The albums' six columns padded to the editions' fifteen, type for type.
    albums = (
        title_album_rows(slug)
        .annotate(
            row_kind=_text(ALBUM),
            pad_text=_text(),
            pad_id=Value(None, output_field=IntegerField()),
        )
        .values_list(
            "row_kind",
            "album_id",  # id
            "album__title",  # name
            "album__slug",  # slug
            "relation",  # format
            "album__first_release_date",  # release_date
            "album__date_precision",  # date_precision
            "album__artist_credit__text",  # title__title
            "pad_text",  # cover_file
            "album__cover_url",  # cover_url
            "release_count",  # features__id
            "pad_text",  # features__kind
            "pad_text",  # features__title
            "pad_id",  # features__same_as_id
            "pad_text",  # features__new_override
        )
    )
    edition_rows: list[tuple[Any, ...]] = []
    album_rows: list[tuple[Any, ...]] = []
    for kind, *row in editions.union(albums, all=True):
        if kind == EDITION:
            edition_rows.append(tuple(row))
        else:
            _id, title, album_slug, relation, first, _precision, credit, _f, _u, count, *_ = row
            album_rows.append((album_slug, title, first, relation, count, credit))
    return ReleasesOverview(editions_summary_of(edition_rows), title_albums_of(album_rows))


def subject_overview(subject: Any) -> ReleasesOverview:
    """The overview of a title page's subject, read once per request whichever of the
    panels asks first."""
    found: ReleasesOverview | None = getattr(subject, "_releases_overview", None)
    if found is None:
        found = releases_overview(subject.slug)
        subject._releases_overview = found
    return found
