"""The releases app's panels, registered in `ReleasesConfig.ready()` through
`cinemeter.core.panels`:

- on the title page, "3 editions · newest: Collector's Edition (Blu-ray, 26 May 2020) with
  7 new features" and a link to all of them (cached under `title-editions:<slug>`), and the
  Music panel with the title's score and songs albums (`title-music:<slug>`); cold, the two
  read their rows in one query together (`releases.overview`);
- on the person page, the albums they composed or performed on (`person-music:<slug>`).

All shared (the same for every reader of a language) and bumped by this app's services; a
title or person without any shows nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cinemeter.catalog.pages import person as person_page
from cinemeter.catalog.pages.title import PAGE, TitleSubject
from cinemeter.core.panels import Panel, panel_register
from cinemeter.releases.music.selectors import person_albums
from cinemeter.releases.overview import subject_overview
from cinemeter.releases.page_keys import person_music_key, title_editions_key, title_music_key


def editions_panel(subject: TitleSubject, _request: HttpRequest | None) -> dict[str, Any] | None:
    summary = subject_overview(subject).editions
    if summary is None:
        return None
    return {"slug": subject.slug, "summary": summary}


def _editions_keys(subject: TitleSubject) -> list[str]:
    return [title_editions_key(subject.slug)]


def music_panel(subject: TitleSubject, _request: HttpRequest | None) -> dict[str, Any] | None:
    albums = subject_overview(subject).albums
    return {"albums": albums} if albums else None


def person_music_panel(
    subject: person_page.PersonSubject, _request: HttpRequest | None
) -> dict[str, Any] | None:
    albums = person_albums(subject.slug)
    return {"albums": albums} if albums else None


def releases_panels_register() -> None:
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
    panel_register(
        Panel(
            name="releases.music",
            page=PAGE,
            template="releases/panels/title_music.html",
            context=music_panel,
            keys=lambda subject: [title_music_key(subject.slug)],
            slot="main",
            order=26,
        )
    )
    panel_register(
        Panel(
            name="releases.person-music",
            page=person_page.PAGE,
            template="releases/panels/person_music.html",
            context=person_music_panel,
            keys=lambda subject: [person_music_key(subject.slug)],
            slot="main",
            order=30,
        )
    )
