"""A title's "All media" page (`/title/<slug>/media/`): every picture of it, grouped.

The groups are the catalogue's own kinds of image (posters, stills, backdrops), then the
pictures that apps above the catalogue keep (edition covers, album covers), which they add
through `pages.media_sources`. The overview shows the first `GROUP_PREVIEW` pictures of each
group and links to the rest; `?kind=still` shows one group in pages of `PAGE_SIZE`.

A fixed number of queries whatever the number of pictures: the title with every group's
count (one correlated count per group, in the title's query), then one query for the
catalogue's images (the first of each kind, by a window function) and one per source that
has pictures of the title; one group's page is the title and that group's page of rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.utils.translation import gettext, gettext_lazy
from django_stubs_ext import StrOrPromise

from cinemeter.catalog.localize import with_localized_title
from cinemeter.catalog.models import Image, ImageKind, Title
from cinemeter.catalog.pages.media_sources import (
    MediaItem,
    media_source,
    media_sources,
    source_count_annotations,
    source_counts_of,
    source_rows,
)

GROUP_PREVIEW = 12  # pictures of each group on the overview
PAGE_SIZE = 48  # pictures on one page of a group

# Headings of the catalogue's own groups, in the page's order.
IMAGE_GROUPS: dict[str, StrOrPromise] = {
    ImageKind.POSTER: gettext_lazy("Posters"),
    ImageKind.STILL: gettext_lazy("Stills"),
    ImageKind.BACKDROP: gettext_lazy("Backdrops"),
    ImageKind.PROFILE: gettext_lazy("Profile photos"),
}


def image_alt(image: Image, title: Title) -> str:
    """The image's caption, else what it shows ("Still from Escape from L.A.")."""
    if image.caption:
        return image.caption
    name = {"title": title.display_title}
    if image.kind == ImageKind.POSTER:
        return gettext("Poster of %(title)s") % name
    if image.kind == ImageKind.BACKDROP:
        return gettext("Backdrop of %(title)s") % name
    return gettext("Still from %(title)s") % name


def image_item(image: Image, title: Title) -> MediaItem:
    return MediaItem(
        url=image.url,
        alt=image_alt(image, title),
        attribution=image.attribution or image.source,
        caption=image.caption,
        width=image.width,
        height=image.height,
    )


@dataclass(frozen=True)
class MediaGroup:
    """One kind of picture: its name (in URLs), heading, how many there are, the shown ones."""

    kind: str
    label: StrOrPromise
    total: int
    items: list[MediaItem] = field(default_factory=list)

    @property
    def more(self) -> int:
        """How many the overview leaves out."""
        return self.total - len(self.items)


@dataclass(frozen=True)
class PageInfo:
    """Which page of a paged list this is, out of how many."""

    number: int
    count: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


@dataclass(frozen=True)
class TitleMedia:
    """The page: the title, every group with its count (the tabs), the shown groups, and
    for one group's page (`kind`) which page of it this is."""

    title: Title
    tabs: list[MediaGroup]
    groups: list[MediaGroup]
    kind: str = ""
    page: PageInfo | None = None

    @property
    def total(self) -> int:
        return sum(group.total for group in self.tabs)


def _image_count(kind: str) -> Coalesce:
    counted = (
        Image.objects.filter(title=OuterRef("pk"), kind=kind)
        .order_by()
        .values("title")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _title_with_counts(slug: str) -> tuple[Title, list[MediaGroup]]:
    """The title in the reader's language with the count of every group: one query."""
    titles = Title.objects.annotate(
        **{f"images_{kind}": _image_count(kind) for kind in IMAGE_GROUPS},
        **source_count_annotations(),
    )
    title = with_localized_title(titles).filter(slug=slug).first()
    if title is None:
        raise Http404(slug)
    tabs = [
        MediaGroup(kind, label, getattr(title, f"images_{kind}"))
        for kind, label in IMAGE_GROUPS.items()
    ]
    counts = source_counts_of(title)
    tabs += [MediaGroup(s.name, s.label, counts[s.name]) for s in media_sources()]
    return title, tabs


def page_info(raw: str | None, total: int, size: int = PAGE_SIZE) -> PageInfo:
    """The asked page of `total` rows, kept within the pages there are: a bad or stale
    number shows the nearest page rather than an error."""
    count = max(1, math.ceil(total / size))
    try:
        number = int(raw or 1)
    except ValueError:
        number = 1
    return PageInfo(min(max(number, 1), count), count)


def _overview(title: Title, tabs: list[MediaGroup]) -> list[MediaGroup]:
    counts = {tab.kind: tab.total for tab in tabs}
    shown: dict[str, list[MediaItem]] = {kind: [] for kind in counts}
    if any(counts[kind] for kind in IMAGE_GROUPS):
        first_of_each = (
            Image.objects.filter(title=title)
            .annotate(
                rank=Window(
                    RowNumber(), partition_by=[F("kind")], order_by=[F("order").asc(), F("pk")]
                )
            )
            .filter(rank__lte=GROUP_PREVIEW)
            .order_by("kind", "order", "pk")
        )
        for image in first_of_each:
            shown.setdefault(image.kind, []).append(image_item(image, title))
    for source in media_sources():
        if counts[source.name]:
            rows = source_rows(source, title.pk)[:GROUP_PREVIEW]
            shown[source.name] = [source.item(row) for row in rows]
    return [
        MediaGroup(tab.kind, tab.label, tab.total, shown[tab.kind]) for tab in tabs if tab.total
    ]


def title_media(slug: str, kind: str = "", page: str | None = None) -> TitleMedia:
    """The overview, or with `kind` one group's `page`; 404 for an unknown title or kind."""
    title, tabs = _title_with_counts(slug)
    if not kind:
        return TitleMedia(title, tabs, _overview(title, tabs))
    tab = next((tab for tab in tabs if tab.kind == kind), None)
    if tab is None:
        raise Http404(kind)  # a stale or mistyped link: the site's 404 page
    info = page_info(page, tab.total)
    start = (info.number - 1) * PAGE_SIZE
    items: list[MediaItem] = []
    source = media_source(kind)
    if tab.total and source is not None:
        rows = source_rows(source, title.pk)[start : start + PAGE_SIZE]
        items = [source.item(row) for row in rows]
    elif tab.total:
        images = Image.objects.filter(title=title, kind=kind).order_by("order", "pk")
        items = [image_item(image, title) for image in images[start : start + PAGE_SIZE]]
    group = MediaGroup(tab.kind, tab.label, tab.total, items)
    return TitleMedia(title, tabs, [group], kind=kind, page=info)
