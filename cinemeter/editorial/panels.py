"""The editorial app's panels: "Articles about …" on the title, person, edition and album
pages and "Newest articles" on the home page, registered in `EditorialConfig.ready()` through
`cinemeter.core.panels` (the catalogue and the releases app import nothing from here).

Shared (the same for every reader of a language), cached under `articles-about:<kind>:<ref>`,
which the article services bump whenever an article about the subject is published, edited
or withdrawn. Cold: no query for a subject no article was ever about (its key was never
bumped), else one, two when there are five or more articles (and one more when a headline
is shown in the reader's language).

The home page's newest articles are shared too, under `articles`, which every publication,
withdrawal, edit of a published article and stored translation bumps: one query when the
fragment misses, two when an article needs its headline in the reader's language.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cinemeter.catalog.pages.home import PAGE as HOME_PAGE
from cinemeter.catalog.pages.home import HomeSubject
from cinemeter.catalog.pages.person import PAGE as PERSON_PAGE
from cinemeter.catalog.pages.person import PersonSubject
from cinemeter.catalog.pages.title import PAGE as TITLE_PAGE
from cinemeter.catalog.pages.title import TitleSubject
from cinemeter.core.panels import Panel, panel_register
from cinemeter.editorial.articles.selectors import about_summary, articles_newest
from cinemeter.editorial.page_keys import ARTICLES_KEY, about_key
from cinemeter.releases.editions.pages import PAGE as EDITION_PAGE
from cinemeter.releases.editions.pages import EditionSubject
from cinemeter.releases.music.pages import PAGE as ALBUM_PAGE
from cinemeter.releases.music.pages import AlbumSubject


def _title(subject: TitleSubject, _request: HttpRequest | None) -> dict[str, Any] | None:
    summary = about_summary("title", subject.slug, title__slug=subject.slug)
    return {"summary": summary} if summary else None


def _person(subject: PersonSubject, _request: HttpRequest | None) -> dict[str, Any] | None:
    summary = about_summary("person", subject.slug, person__slug=subject.slug)
    return {"summary": summary} if summary else None


def _edition(subject: EditionSubject, _request: HttpRequest | None) -> dict[str, Any] | None:
    summary = about_summary(
        "edition",
        subject.ref,
        edition__title__slug=subject.title_slug,
        edition__slug=subject.slug,
    )
    return {"summary": summary} if summary else None


def _album(subject: AlbumSubject, _request: HttpRequest | None) -> dict[str, Any] | None:
    summary = about_summary("album", subject.slug, album__slug=subject.slug)
    return {"summary": summary} if summary else None


def _newest(_subject: HomeSubject, _request: HttpRequest | None) -> dict[str, Any] | None:
    articles = articles_newest()
    return {"articles": articles} if articles else None


def _newest_keys(_subject: HomeSubject) -> list[str]:
    return [ARTICLES_KEY]


def editorial_panels_register() -> None:
    panel_register(
        Panel(
            name="editorial.home.newest",
            page=HOME_PAGE,
            template="editorial/panels/home_newest.html",
            context=_newest,
            keys=_newest_keys,
            slot="main",
            order=30,  # under the catalogue's recent releases (10) and popular titles (20)
        )
    )
    template = "editorial/panels/articles_about.html"
    for page, context, keys in (
        (TITLE_PAGE, _title, lambda s: [about_key("title", s.slug)]),
        (PERSON_PAGE, _person, lambda s: [about_key("person", s.slug)]),
        (EDITION_PAGE, _edition, lambda s: [about_key("edition", s.ref)]),
        (ALBUM_PAGE, _album, lambda s: [about_key("album", s.slug)]),
    ):
        panel_register(
            Panel(
                name=f"editorial.articles_about.{page}",
                page=page,
                template=template,
                context=context,
                keys=keys,
                slot="main",
                # After the editions (25), before the videos and images (30); last on the
                # person's page, after the filmography.
                order=27,
                # Every publication, edit and withdrawal bumps its subjects' keys (the
                # services; the scale generator too): a subject never written about costs
                # its page no query.
                empty_until_bumped=True,
            )
        )
