"""Reads for the music pages and panels, each in a fixed number of queries whatever the
number of releases, media and tracks.

- `album_page`: the album page (8 queries: the album, its title links, its credits, its
  links, its releases, the album's tracks for the comparison, the chosen release's media and
  the artist-credit names of everything shown).
- `title_albums`: the title page's Music panel (1 query).
- `person_albums`: a person page's albums (2 queries).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from cinemeter.catalog.vocabulary import job_name
from cinemeter.releases.editions.models import Edition
from cinemeter.releases.music.matching import TrackRow, has_earlier, releases_compare
from cinemeter.releases.music.models import (
    Album,
    AlbumCredit,
    AlbumRelation,
    AlbumTitle,
    ArtistCreditName,
    Medium,
    MusicLink,
    Release,
    Track,
)

# The order of the relations on a title's Music panel: the score first.
RELATION_ORDER = {value: n for n, value in enumerate(AlbumRelation.values)}


@dataclass(frozen=True)
class CreditPart:
    """One name of an artist credit as shown: linked when it is a catalogue person."""

    name: str
    join_phrase: str
    person_slug: str


Credits = dict[int, list[CreditPart]]


def credit_parts(credit_ids: Iterable[int | None]) -> Credits:
    """The names of these artist credits, in order (one query)."""
    ids = {i for i in credit_ids if i is not None}
    parts: Credits = {}
    if not ids:
        return parts
    rows = ArtistCreditName.objects.filter(credit_id__in=ids).values_list(
        "credit_id", "name", "join_phrase", "person__slug"
    )
    for credit_id, name, join, slug in rows.order_by("credit_id", "order"):
        parts.setdefault(credit_id, []).append(CreditPart(name, join, slug or ""))
    return parts


def _span(start: date | None, precision: str) -> tuple[date | None, date | None]:
    span = Edition(release_date=start, date_precision=precision).date_span
    return span if span else (None, None)


@dataclass
class TrackView:
    track: Track
    credit: list[CreditPart]
    is_added: bool  # not on any earlier release with a tracklist


@dataclass
class MediumView:
    medium: Medium | None  # None: tracks on a position without a medium row
    position: int
    tracks: list[TrackView] = field(default_factory=list)


@dataclass
class ReleaseView:
    release: Release
    track_total: int  # listed tracks, else the media's declared counts
    added_count: int | None  # None: nothing earlier to compare with
    formats: str


@dataclass
class AlbumPage:
    album: Album
    credit: list[CreditPart]
    title_links: list[AlbumTitle]
    credits: list[AlbumCredit]
    links: list[MusicLink]
    releases: list[ReleaseView]
    chosen: ReleaseView | None
    media: list[MediumView]
    release_credit: list[CreditPart]
    dropped: list[Track]  # tracks of earlier releases the chosen one lacks
    release_links: list[MusicLink]

    @property
    def compared(self) -> bool:
        return self.chosen is not None and self.chosen.added_count is not None


def album_page(album_slug: str, release_slug: str | None = None) -> AlbumPage:
    """The album with its releases; the chosen release (by slug, else the first) with its
    media and tracklist, what each track adds and what the release drops."""
    album = get_object_or_404(Album, slug=album_slug)
    title_links = list(
        AlbumTitle.objects.filter(album=album).select_related("title").order_by("title__year")
    )
    credits = list(AlbumCredit.objects.filter(album=album).select_related("person"))
    links = list(MusicLink.objects.filter(Q(album=album) | Q(release__album=album)))
    releases = list(
        Release.objects.filter(album=album)
        .select_related("label")
        .prefetch_related("media")
        .order_by("release_date", "id")
    )
    # The matching needs every track of the album, but only these columns.
    rows = list(
        Track.objects.filter(release__album=album)
        .order_by("release_id", "medium_position", "position")
        .values_list("id", "release_id", "title", "recording_id")
    )
    result = releases_compare(
        [(r.id, *_span(r.release_date, r.date_precision)) for r in releases],
        [TrackRow(*row) for row in rows],
    )
    counted: dict[int, int] = {}
    for _id, release_id, _title, _rec in rows:
        counted[release_id] = counted.get(release_id, 0) + 1
    views = []
    for release in releases:
        media = list(release.media.all())
        declared = sum(m.track_count or 0 for m in media)
        own = [r[0] for r in rows if r[1] == release.id]
        views.append(
            ReleaseView(
                release=release,
                track_total=counted.get(release.id, declared),
                added_count=result.new_count(own) if has_earlier(result, release.id) else None,
                formats=media_summary(media),
            )
        )
    if release_slug is not None:
        chosen = next((v for v in views if v.release.slug == release_slug), None)
        if chosen is None:
            raise Http404(release_slug)
    else:
        chosen = views[0] if views else None
    tracks: list[Track] = []
    if chosen is not None and counted.get(chosen.release.id):
        tracks = list(
            Track.objects.filter(release=chosen.release).select_related(
                "recording__first_release__album"
            )
        )
    dropped_ids = result.drops.get(chosen.release.id, []) if chosen else []
    dropped = list(Track.objects.filter(pk__in=dropped_ids)) if dropped_ids else []
    names = credit_parts(
        [album.artist_credit_id]
        + [v.release.artist_credit_id for v in views]
        + [t.artist_credit_id for t in tracks]
    )
    media_views = _media_views(chosen, tracks, names, result)
    return AlbumPage(
        album=album,
        credit=names.get(album.artist_credit_id or 0, []),
        title_links=title_links,
        credits=credits,
        links=[link for link in links if link.album_id == album.id],
        releases=views,
        chosen=chosen,
        media=media_views,
        release_credit=(
            names.get(chosen.release.artist_credit_id or 0, []) if chosen is not None else []
        ),
        dropped=dropped,
        release_links=[
            link for link in links if chosen is not None and link.release_id == chosen.release.id
        ],
    )


def _media_views(
    chosen: ReleaseView | None, tracks: list[Track], names: Credits, result: object
) -> list[MediumView]:
    if chosen is None:
        return []
    compared = chosen.added_count is not None
    by_position = {m.position: MediumView(m, m.position) for m in chosen.release.media.all()}
    for track in tracks:
        view = by_position.setdefault(
            track.medium_position, MediumView(None, track.medium_position)
        )
        outcome = result.features.get(track.id)  # type: ignore[attr-defined]
        view.tracks.append(
            TrackView(
                track=track,
                credit=names.get(track.artist_credit_id or 0, []),
                is_added=compared and outcome is not None and outcome.is_new,
            )
        )
    return [by_position[p] for p in sorted(by_position)]


def media_summary(media: Iterable[Medium]) -> str:
    """ "2×12" Vinyl", "CD + DVD-Video": the formats of a release's media, counted."""
    counts: dict[str, int] = {}
    for medium in media:
        name = medium.format or "?"
        counts[name] = counts.get(name, 0) + 1
    return " + ".join(f"{n}×{name}" if n > 1 else name for name, n in counts.items())


# --- panels -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlbumBrief:
    """An album as a panel lists it."""

    slug: str
    title: str
    year: int | None
    relation: str
    relation_label: str
    release_count: int
    credit_text: str
    roles: tuple[str, ...] = ()


# A title's albums as the Music panel needs them, in this order.
TITLE_ALBUM_COLUMNS = (
    "album__slug",
    "album__title",
    "album__first_release_date",
    "relation",
    "release_count",
    "album__artist_credit__text",
)


def title_album_rows(title_slug: str) -> QuerySet[AlbumTitle, tuple[Any, ...]]:
    releases = (
        Release.objects.filter(album_id=OuterRef("album_id"))
        .order_by()
        .values("album_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        AlbumTitle.objects.filter(title__slug=title_slug)
        .order_by()
        .annotate(release_count=Coalesce(Subquery(releases), 0))
        .values_list(*TITLE_ALBUM_COLUMNS)
    )


def title_albums(title_slug: str) -> list[AlbumBrief]:
    """The title's albums, the score first, then the songs, each oldest first (1 query)."""
    return title_albums_of(list(title_album_rows(title_slug)))


def title_albums_of(rows: Iterable[Sequence[Any]]) -> list[AlbumBrief]:
    """The Music panel's albums from rows of `TITLE_ALBUM_COLUMNS`."""
    briefs = [
        AlbumBrief(
            slug=slug,
            title=name,
            year=first.year if first else None,
            relation=relation,
            relation_label=str(AlbumRelation(relation).label),
            release_count=count or 0,
            credit_text=credit or "",
        )
        for slug, name, first, relation, count, credit in rows
    ]
    briefs.sort(key=lambda b: (RELATION_ORDER.get(b.relation, 99), b.year or 9999, b.title))
    return briefs


def person_albums(person_slug: str) -> list[AlbumBrief]:
    """Albums the person made: composed or otherwise credited on, or performed (a name of
    the album's, a release's or a track's artist credit). Newest first (2 queries)."""
    roles: dict[int, list[str]] = {}
    for album_id, role in AlbumCredit.objects.filter(person__slug=person_slug).values_list(
        "album_id", "role"
    ):
        roles.setdefault(album_id, []).append(role)
    performed = Album.objects.filter(
        Q(artist_credit__names__person__slug=person_slug)
        | Q(releases__artist_credit__names__person__slug=person_slug)
        | Q(releases__tracks__artist_credit__names__person__slug=person_slug)
    ).values_list("id", flat=True)
    albums = (
        Album.objects.filter(Q(pk__in=list(roles)) | Q(pk__in=performed))
        .annotate(
            release_count=Count("releases", distinct=True), credit_text=F("artist_credit__text")
        )
        .order_by("-first_release_date", "title")
    )
    return [
        AlbumBrief(
            slug=album.slug,
            title=album.title,
            year=album.first_release_date.year if album.first_release_date else None,
            relation="",
            relation_label="",
            release_count=album.release_count,
            credit_text=album.credit_text or "",
            roles=tuple(dict.fromkeys(job_name(r) for r in roles.get(album.id, []))),
        )
        for album in albums
    ]
