"""The releases app's panel on the catalogue's title page, registered in
`ReleasesConfig.ready()` through `cinemeter.core.panels`: "3 editions · newest: Collector's
Edition (Blu-ray, 26 May 2020) with 7 new features" and a link to all of them.

Shared (the same for every reader of a language), cached under `title-editions:<slug>`,
which the edition services bump. Cold, it costs one query (`editions_summary`); a title
without editions shows nothing.

The editions' covers join the title's "All media" page (and its count on the title page)
as a media source of the catalogue (`catalog.pages.media_sources`), under the same key.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_lazy

from cinemeter.catalog.pages.media_sources import MediaItem, MediaSource, media_source_register
from cinemeter.catalog.pages.title import PAGE, TitleSubject
from cinemeter.core.panels import Panel, panel_register
from cinemeter.releases.editions.models import Edition
from cinemeter.releases.editions.selectors import editions_summary
from cinemeter.releases.page_keys import title_editions_key


def editions_panel(subject: TitleSubject, _request: HttpRequest | None) -> dict[str, Any] | None:
    summary = editions_summary(subject.slug)
    if summary is None:
        return None
    return {"slug": subject.slug, "summary": summary}


def _editions_keys(subject: TitleSubject) -> list[str]:
    return [title_editions_key(subject.slug)]


def _covered_editions() -> QuerySet[Edition]:
    """Editions with a cover (which always has an attribution: `edition_cover_has_attribution`),
    oldest first, with their title for the edition's address."""
    return Edition.objects.exclude(cover_file="", cover_url="").select_related("title")


def _cover_item(edition: Edition) -> MediaItem:
    return MediaItem(
        url=edition.cover,
        alt=gettext("Cover of %(edition)s") % {"edition": edition},
        attribution=edition.cover_attribution,
        caption=str(edition),
        link=edition.get_absolute_url(),
    )


EDITION_COVERS = MediaSource(
    name="edition-covers",
    label=gettext_lazy("Edition covers"),
    rows=_covered_editions,
    item=_cover_item,
    keys=lambda slug: [title_editions_key(slug)],
    order=10,
)


def releases_panels_register() -> None:
    media_source_register(EDITION_COVERS)
    panel_register(
        Panel(
            name="releases.editions",
            page=PAGE,
            template="releases/panels/title_editions.html",
            context=editions_panel,
            keys=_editions_keys,
            slot="main",
            # After the cast and episodes, before the videos and images.
            order=25,
        )
    )
