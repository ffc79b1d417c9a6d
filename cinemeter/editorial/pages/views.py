"""The readers' pages: an article, the articles index, one subject's articles. Thin: parse,
one selector, render; cached for visitors under the keys the article services bump."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render

from cinemeter.core.page_cache import anonymous_page
from cinemeter.editorial.articles import selectors
from cinemeter.editorial.page_keys import ARTICLES_KEY, about_key, article_key
from cinemeter.editorial.permissions import can_publish, can_write


def _article_keys(slug: str) -> list[str]:
    return [article_key(slug)]


def _index_keys() -> list[str]:
    return [ARTICLES_KEY]


def _about_keys(kind: str, ref: str) -> list[str]:
    return [about_key(kind, ref)]


@anonymous_page(_article_keys)
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        page = selectors.article_page(slug, request.user, request.GET)
    except selectors.MovedTo as moved:
        return HttpResponsePermanentRedirect(moved.url)
    return render(
        request,
        "editorial/article.html",
        {
            "page": page,
            "a": page.article,
            "can_write": can_write(request.user),
            "can_publish": can_publish(request.user),
        },
    )


@anonymous_page(_index_keys)
def articles_index(request: HttpRequest) -> HttpResponse:
    listing = selectors.articles_index(request.GET.get("page"), request.user)
    return render(request, "editorial/index.html", {"listing": listing})


@anonymous_page(_about_keys)
def articles_about(request: HttpRequest, kind: str, ref: str) -> HttpResponse:
    listing = selectors.articles_about(kind, ref, request.GET.get("page"), request.user)
    return render(request, "editorial/index.html", {"listing": listing})
