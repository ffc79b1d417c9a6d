"""A title's "Trailers & other videos" page (`/title/<slug>/videos/`).

The videos by kind (trailers first, then teasers, TV spots, featurettes, clips and
interviews; within a kind the earliest published first, then by name), each a card with a
play button. Nothing of the video's host loads with the page: the card shows the title's
own backdrop, still or poster (or a drawn card), never the provider's thumbnail, and only a
click swaps in the player (`static/js/videos.js`, from `Video.embed_url`); without
JavaScript the button is a link to the video at its provider.

Two queries whatever the number of videos: the title with its video count and the picture
behind the cards, then one page of videos.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.core.files.storage import default_storage
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from cinemeter.catalog.localize import with_localized_title
from cinemeter.catalog.models import VIDEO_KIND_ORDER, Image, ImageKind, Title, Video, VideoKind
from cinemeter.catalog.pages.media import PageInfo, page_info

VIDEOS_PAGE_SIZE = 48

VIDEO_GROUPS: dict[str, StrOrPromise] = {
    VideoKind.TRAILER: gettext_lazy("Trailers"),
    VideoKind.TEASER: gettext_lazy("Teasers"),
    VideoKind.TV_SPOT: gettext_lazy("TV spots"),
    VideoKind.FEATURETTE: gettext_lazy("Featurettes"),
    VideoKind.CLIP: gettext_lazy("Clips"),
    VideoKind.INTERVIEW: gettext_lazy("Interviews"),
}
# The picture behind the play buttons, widest first: it stands in for the provider's
# thumbnail, which would be a request to the provider before any click.
STILL_ORDER = (ImageKind.BACKDROP, ImageKind.STILL, ImageKind.POSTER)


def videos_in_order(videos: QuerySet[Video]) -> QuerySet[Video]:
    """Trailers first, interviews last; within a kind by date published, then name."""
    rank = Case(
        *(When(kind=kind, then=Value(n)) for n, kind in enumerate(VIDEO_KIND_ORDER)),
        default=Value(len(VIDEO_KIND_ORDER)),
        output_field=IntegerField(),
    )
    return videos.annotate(kind_rank=rank).order_by(
        "kind_rank", F("published_on").asc(nulls_last=True), "name", "pk"
    )


@dataclass(frozen=True)
class VideoGroup:
    kind: str
    label: StrOrPromise
    videos: list[Video]


@dataclass(frozen=True)
class TitleVideos:
    title: Title
    groups: list[VideoGroup]
    total: int
    still: str  # the address of the picture behind the cards, or "" for drawn cards
    page: PageInfo


def _still(column: str) -> Subquery:
    rank = Case(
        *(When(kind=kind, then=Value(n)) for n, kind in enumerate(STILL_ORDER)),
        output_field=IntegerField(),
    )
    first = (
        Image.objects.filter(title=OuterRef("pk"), kind__in=STILL_ORDER)
        .order_by(rank, "order", "pk")
        .values(column)[:1]
    )
    return Subquery(first)


def title_videos(slug: str, page: str | None = None) -> TitleVideos:
    """One page of the title's videos, grouped by kind; 404 for an unknown title."""
    counted = (
        Video.objects.filter(title=OuterRef("pk"))
        .order_by()
        .values("title")
        .annotate(n=Count("pk"))
        .values("n")
    )
    titles = Title.objects.annotate(
        video_count=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)),
        still_file=_still("file"),
        still_url=_still("remote_url"),
    )
    title = with_localized_title(titles).filter(slug=slug).first()
    if title is None:
        raise Http404(slug)
    total: int = title.video_count  # type: ignore[attr-defined]
    info = page_info(page, total, VIDEOS_PAGE_SIZE)
    videos: list[Video] = []
    if total:
        start = (info.number - 1) * VIDEOS_PAGE_SIZE
        ordered = videos_in_order(Video.objects.filter(title=title))
        videos = list(ordered[start : start + VIDEOS_PAGE_SIZE])
    groups = [
        VideoGroup(kind, VIDEO_GROUPS.get(kind, kind), list(rows))
        for kind, rows in groupby(videos, key=lambda video: video.kind)
    ]
    still_file: str = title.still_file or ""  # type: ignore[attr-defined]
    still = default_storage.url(still_file) if still_file else (title.still_url or "")  # type: ignore[attr-defined]
    return TitleVideos(title, groups, total, still, info)
