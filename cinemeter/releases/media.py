"""The releases app's pictures on a title's "All media" page: the covers of its editions and
of its albums, as media sources of the catalogue (`catalog.pages.media_sources`), registered
in `ReleasesConfig.ready()`. Each is renewed by the keys the app's services bump for that
title: `title-editions:<slug>` and `title-music:<slug>`.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext, gettext_lazy

from cinemeter.catalog.pages.media_sources import MediaItem, MediaSource, media_source_register
from cinemeter.releases.editions.models import Edition
from cinemeter.releases.music.models import Album
from cinemeter.releases.page_keys import title_editions_key, title_music_key


def _covered_editions() -> QuerySet[Edition]:
    """Editions with a cover (which always has an attribution: `edition_cover_has_attribution`),
    oldest first, with their title for the edition's address."""
    return Edition.objects.exclude(cover_file="", cover_url="").select_related("title")


def _edition_cover(edition: Edition) -> MediaItem:
    return MediaItem(
        url=edition.cover,
        alt=gettext("Cover of %(edition)s") % {"edition": edition},
        attribution=edition.cover_attribution,
        caption=str(edition),
        link=edition.get_absolute_url(),
    )


def _covered_albums() -> QuerySet[Album]:
    """Albums with a cover (always attributed: `album_cover_has_attribution`)."""
    return Album.objects.exclude(cover_url="")


def _album_cover(album: Album) -> MediaItem:
    return MediaItem(
        url=album.cover_url,
        alt=gettext("Cover of %(title)s") % {"title": album.title},
        attribution=album.cover_attribution,
        caption=album.title,
        link=album.get_absolute_url(),
    )


EDITION_COVERS = MediaSource(
    name="edition-covers",
    label=gettext_lazy("Edition covers"),
    rows=_covered_editions,
    item=_edition_cover,
    keys=lambda slug: [title_editions_key(slug)],
    order=10,
)

ALBUM_COVERS = MediaSource(
    name="album-covers",
    label=gettext_lazy("Album covers"),
    rows=_covered_albums,
    item=_album_cover,
    keys=lambda slug: [title_music_key(slug)],
    title_field="titles",
    order=20,
)


def releases_media_register() -> None:
    media_source_register(EDITION_COVERS)
    media_source_register(ALBUM_COVERS)
