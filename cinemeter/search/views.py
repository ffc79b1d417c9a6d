"""The results page and the autocomplete's JSON: parse, one selector call, render."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET

from cinemeter.core.page_cache import CATALOGUE, versions_read
from cinemeter.search.models import DocumentKind
from cinemeter.search.ranking import parse
from cinemeter.search.selectors import TABS, external_target, search

StrOrPromise = str | Promise

PER_PAGE = 20
SUGGESTIONS = 8
SUGGEST_SECONDS = 300

TAB_LABELS: dict[str, StrOrPromise] = {
    DocumentKind.FILM: gettext_lazy("Films"),
    DocumentKind.SHOW: gettext_lazy("Shows"),
    DocumentKind.EPISODE: gettext_lazy("Episodes"),
    DocumentKind.PERSON: gettext_lazy("People"),
    DocumentKind.CHARACTER: gettext_lazy("Characters"),
    DocumentKind.EDITION: gettext_lazy("Editions"),
    DocumentKind.ALBUM: gettext_lazy("Albums"),
    DocumentKind.ARTICLE: gettext_lazy("Articles"),
}
KIND_LABELS: dict[str, StrOrPromise] = {
    DocumentKind.FILM: pgettext_lazy("search result", "Film"),
    DocumentKind.SHOW: pgettext_lazy("search result", "Show"),
    DocumentKind.EPISODE: pgettext_lazy("search result", "Episode"),
    DocumentKind.PERSON: pgettext_lazy("search result", "Person"),
    DocumentKind.CHARACTER: pgettext_lazy("search result", "Character"),
    DocumentKind.EDITION: pgettext_lazy("search result", "Edition"),
    DocumentKind.ALBUM: pgettext_lazy("search result", "Album"),
    DocumentKind.ARTICLE: pgettext_lazy("search result", "Article"),
}


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    target = external_target(parse(raw))
    if target:  # a pasted IMDb or TMDb id: straight to its page
        return redirect(target)
    found = search(raw)
    kind = request.GET.get("kind", "")
    if kind not in found.counts:
        kind = ""
    page = Paginator(found.of_kind(kind or None), PER_PAGE).get_page(request.GET.get("page"))
    tabs = [
        {"kind": tab, "label": TAB_LABELS[tab], "count": found.counts[tab]}
        for tab in TABS
        if found.counts.get(tab)
    ]
    return render(
        request,
        "search/results.html",
        {
            "q": found.query.text,
            "results": found,
            "page": page,
            "tabs": tabs,
            "kind": kind,
            "total": len(found.hits),
            "rows": [(hit, KIND_LABELS.get(hit.kind, hit.kind)) for hit in page],
        },
    )


@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    """The first hits for what has been typed so far, as JSON (the header's combobox)."""
    query = parse(request.GET.get("q", ""))
    if not query.words:
        return JsonResponse({"q": query.text, "suggestions": []})
    # Cached per normalised query, language (the kind labels) and catalogue version (any
    # catalogue write bumps it), so "Amélie" and "amelie " share one entry.
    normalised = hashlib.sha1(" ".join(query.words).encode(), usedforsecurity=False).hexdigest()
    (version,) = versions_read([CATALOGUE])
    key = f"search-suggest:{get_language()}:{version}:{normalised}"
    suggestions = cache.get(key)
    if suggestions is None:
        suggestions = [
            {
                "kind": hit.kind,
                "kind_label": str(KIND_LABELS.get(hit.kind, hit.kind)),
                "title": hit.title,
                "year": hit.year,
                "detail": hit.detail,
                "url": hit.url,
                "image": hit.image_url,
            }
            for hit in search(query.text).hits[:SUGGESTIONS]
        ]
        cache.set(key, suggestions, SUGGEST_SECONDS)
    return JsonResponse({"q": query.text, "suggestions": suggestions})
