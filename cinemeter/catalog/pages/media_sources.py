"""Pictures of a title that apps above the catalogue keep: a small registry.

A title's "All media" page (`pages.media`) and the counts on its title page belong to the
catalogue, but some of a title's pictures live in apps above it: the covers of its
home-video editions (`releases`), later those of its soundtrack albums. Such an app
registers a `MediaSource` in its `AppConfig.ready()` (`media_source_register`), as it
registers its panels, so the catalogue shows them without importing it.

A source hands the catalogue a queryset of its rows that have a picture (`rows`), the
lookup from such a row to its title (`title_field`: "title", or "titles" across a
many-to-many) and how one row is shown (`item`). The catalogue does the filtering,
counting and paging itself, so a source costs every page a fixed number of queries: one
for its items on the media page, and none for its count, a correlated subquery that rides
in the query loading the title (`source_count_annotations`). `keys` names
the page versions the source's services bump, which the pages showing its pictures add to
their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django_stubs_ext import StrOrPromise

from cinemeter.catalog.models import ImageKind, Title


@dataclass(frozen=True)
class MediaItem:
    """One picture as the media page shows it: the picture at full size, its alternative
    text, who it is by, a caption and the page of what it pictures (an edition), if any."""

    url: str
    alt: str
    attribution: str
    caption: str = ""
    link: str = ""
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class MediaSource:
    """Pictures of titles that an app above the catalogue keeps."""

    # Unique, lowercase letters and hyphens: the group's name in URLs (`?kind=edition-covers`).
    name: str
    label: StrOrPromise  # the group's heading: "Edition covers"
    rows: Callable[[], QuerySet[Any]]  # rows that have a picture, of every title
    item: Callable[[Any], MediaItem]
    keys: Callable[[str], list[str]]  # a title's slug -> the versions its services bump
    title_field: str = "title"
    order: int = 100  # among the sources, smallest first; after the catalogue's own kinds


# The catalogue's own kinds of image are groups of the same page: a source's name differs.
_NAME = re.compile(r"[a-z]+(-[a-z]+)*")
_sources: dict[str, MediaSource] = {}


def media_source_register(source: MediaSource) -> None:
    """Add a source; registering the same name again replaces it (tests, reloads)."""
    if source.name in ImageKind.values or not _NAME.fullmatch(source.name):
        raise ValueError(f"a media source needs a name of its own: {source.name!r}")
    _sources[source.name] = source


def media_sources() -> list[MediaSource]:
    return sorted(_sources.values(), key=lambda source: (source.order, source.name))


def media_source(name: str) -> MediaSource | None:
    return _sources.get(name)


def media_source_keys(slug: str) -> list[str]:
    """The page versions of every source's pictures of one title."""
    return sorted({key for source in media_sources() for key in source.keys(slug)})


def source_rows(source: MediaSource, title_id: int) -> QuerySet[Any]:
    """The source's rows with a picture of this title, in the source's order."""
    return source.rows().filter(**{source.title_field: title_id})


def _annotation(source: MediaSource) -> str:
    return "media_" + source.name.replace("-", "_")


def source_count_annotations() -> dict[str, Coalesce]:
    """One correlated count per source over an outer query of titles ("pk"), to ride along
    in the query loading a title: `source_counts_of(title)` reads them back."""
    annotations = {}
    for source in media_sources():
        field = source.title_field
        counted = (
            source.rows()
            .filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .values("n")
        )
        annotations[_annotation(source)] = Coalesce(
            Subquery(counted, output_field=IntegerField()), Value(0)
        )
    return annotations


def source_counts_of(title: Title) -> dict[str, int]:
    """Each source's count from a title loaded with `source_count_annotations()`."""
    return {s.name: int(getattr(title, _annotation(s), 0) or 0) for s in media_sources()}
