"""The releases app's sources for the search index (`cinemeter.search.registry`): editions
and albums, registered in `ReleasesConfig.ready()` (search is below this app and never
imports it).

An edition is found by its film's name with its own ("escape from la collector's edition")
or its format ("escape from la blu-ray"); an album by its title and by the names of the
titles it belongs to with "soundtrack". The edition and music services say which rows changed
(`core.changes`: "edition", "album"), and a title's change re-indexes its editions and albums,
since their names carry the title's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db.models import QuerySet

from cinemeter.releases.editions.models import Edition, EditionFormat
from cinemeter.releases.music.models import Album, AlbumTitle
from cinemeter.search.models import DocumentKind
from cinemeter.search.registry import Document, Source, source_register

CHUNK = 2000


def _chunked(queryset: QuerySet[Edition] | QuerySet[Album]) -> Iterator[list[int]]:
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def edition_documents(subject: str | None, ids: Sequence[int] | None) -> Iterator[Document]:
    editions = Edition.objects.all()
    if subject == "title" and ids is not None:
        editions = editions.filter(title_id__in=ids)
    elif ids is not None:
        editions = editions.filter(pk__in=ids)
    for chunk in _chunked(editions):
        rows = Edition.objects.filter(pk__in=chunk).select_related("title", "label").order_by("pk")
        for edition in rows:
            film = edition.title.title
            fmt = str(EditionFormat(edition.format).label)
            year = edition.release_date.year if edition.release_date else None
            detail = " · ".join(
                part for part in (film, fmt, edition.label.name if edition.label else "") if part
            )
            yield Document(
                kind=DocumentKind.EDITION,
                object_id=edition.pk,
                title=f"{edition.name} ({fmt})",
                url=edition.get_absolute_url(),
                names=[f"{film} {edition.name}", f"{film} {fmt}", edition.name],
                year=year,
                detail=detail,
                image_url=edition.cover,
                title_id=edition.title_id,
            )


def album_documents(subject: str | None, ids: Sequence[int] | None) -> Iterator[Document]:
    albums = Album.objects.all()
    if subject == "title" and ids is not None:
        albums = albums.filter(title_links__title_id__in=ids).distinct()
    elif ids is not None:
        albums = albums.filter(pk__in=ids)
    for chunk in _chunked(albums):
        films: dict[int, list[tuple[int, str]]] = {}
        for album_id, title_id, name in AlbumTitle.objects.filter(album_id__in=chunk).values_list(
            "album_id", "title_id", "title__title"
        ):
            films.setdefault(album_id, []).append((title_id, name))
        for album in Album.objects.filter(pk__in=chunk).select_related("artist_credit"):
            linked = films.get(album.pk, [])
            credit = album.artist_credit.text if album.artist_credit else ""
            yield Document(
                kind=DocumentKind.ALBUM,
                object_id=album.pk,
                title=album.title,
                url=album.get_absolute_url(),
                names=[album.title, *(f"{name} soundtrack" for _id, name in linked)],
                year=album.first_release_date.year if album.first_release_date else None,
                detail=credit,
                image_url=album.cover_url,
                title_id=linked[0][0] if linked else None,
            )


def releases_sources_register() -> None:
    source_register(
        Source(
            name="releases.editions",
            kinds=(DocumentKind.EDITION,),
            documents=edition_documents,
            count=Edition.objects.count,
            subjects={"edition": "object_id", "title": "title_id"},
        )
    )
    source_register(
        Source(
            name="releases.albums",
            kinds=(DocumentKind.ALBUM,),
            documents=album_documents,
            count=Album.objects.count,
            subjects={"album": "object_id", "title": "title_id"},
        )
    )
