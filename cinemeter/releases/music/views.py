"""The album page: an album with its releases and the chosen release's tracklist. Thin:
one selector, render; cached for visitors under the album's key, which the music services
bump."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cinemeter.core.page_cache import anonymous_page
from cinemeter.core.panels import page_keys, page_render
from cinemeter.releases.music import selectors
from cinemeter.releases.music.pages import PAGE as ALBUM_PAGE
from cinemeter.releases.music.pages import AlbumSubject
from cinemeter.releases.page_keys import album_key


def _album_keys(album: str, **_kwargs: str) -> list[str]:
    # And the keys of the panels other apps add to an album's page.
    return [album_key(album), *page_keys(ALBUM_PAGE, AlbumSubject(album))]


@anonymous_page(_album_keys)
def album_detail(request: HttpRequest, album: str, release: str | None = None) -> HttpResponse:
    page = selectors.album_page(album, release)
    panels = page_render(ALBUM_PAGE, AlbumSubject(album), request)
    return render(request, "releases/album.html", {"page": page, "panels": panels})
