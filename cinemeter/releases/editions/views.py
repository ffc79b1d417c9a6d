"""The editions pages: a title's editions, one edition, the compare view, and the new &
upcoming releases with their Atom feed. Thin: parse, one selector, render; cached for
visitors under the keys the edition services bump."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cinemeter.catalog.page_keys import title_key
from cinemeter.core.page_cache import anonymous_page
from cinemeter.core.panels import page_keys, page_render
from cinemeter.releases.editions import calendar, selectors
from cinemeter.releases.editions.models import EditionFormat
from cinemeter.releases.editions.pages import PAGE as EDITION_PAGE
from cinemeter.releases.editions.pages import EditionSubject
from cinemeter.releases.page_keys import RELEASES_KEY, title_editions_key


def _title_keys(slug: str, **_kwargs: str) -> list[str]:
    # The title's editions (every edition's NEW marks) and the title's own facts (its name).
    return [title_editions_key(slug), title_key(slug)]


def _releases_keys() -> list[str]:
    return [RELEASES_KEY]


@anonymous_page(_title_keys)
def title_editions(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.title_editions(slug)
    return render(request, "releases/title_editions.html", {"page": page})


def _edition_keys(slug: str, edition: str) -> list[str]:
    # And the keys of the panels other apps add to one edition's page.
    return [*_title_keys(slug), *page_keys(EDITION_PAGE, EditionSubject(slug, edition))]


@anonymous_page(_edition_keys)
def edition_detail(request: HttpRequest, slug: str, edition: str) -> HttpResponse:
    page = selectors.title_editions(slug, people_of=edition)
    view = page.get(edition)
    panels = page_render(EDITION_PAGE, EditionSubject(slug, edition), request)
    return render(
        request, "releases/edition_detail.html", {"page": page, "view": view, "panels": panels}
    )


@anonymous_page(_title_keys)
def editions_compare(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.title_editions(slug)
    chosen = request.GET.get("edition", "")
    focus = next((ev for ev in page.editions if ev.edition.slug == chosen), page.newest)
    return render(
        request,
        "releases/editions_compare.html",
        {
            "page": page,
            "rows": page.compare_rows(),
            "focus": focus,
            "focus_index": page.editions.index(focus) if focus else -1,
        },
    )


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@anonymous_page(_releases_keys)
def new_releases(request: HttpRequest) -> HttpResponse:
    page = calendar.release_calendar(
        start=_day(request.GET.get("from", "")),
        fmt=request.GET.get("format", ""),
        label=request.GET.get("label", ""),
    )
    return render(
        request,
        "releases/new_releases.html",
        {"page": page, "formats": EditionFormat.choices},
    )
