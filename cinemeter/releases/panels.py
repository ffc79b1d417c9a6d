"""The releases app's panel on the catalogue's title page, registered in
`ReleasesConfig.ready()` through `cinemeter.core.panels`: "3 editions · newest: Collector's
Edition (Blu-ray, 26 May 2020) with 7 new features" and a link to all of them.

Shared (the same for every reader of a language), cached under `title-editions:<slug>`,
which the edition services bump. Cold, it costs one query (`editions_summary`); a title
without editions shows nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cinemeter.catalog.pages.title import PAGE, TitleSubject
from cinemeter.core.panels import Panel, panel_register
from cinemeter.releases.editions.selectors import editions_summary
from cinemeter.releases.page_keys import title_editions_key


def editions_panel(subject: TitleSubject, _request: HttpRequest | None) -> dict[str, Any] | None:
    summary = editions_summary(subject.slug)
    if summary is None:
        return None
    return {"slug": subject.slug, "summary": summary}


def _editions_keys(subject: TitleSubject) -> list[str]:
    return [title_editions_key(subject.slug)]


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
