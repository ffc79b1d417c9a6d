"""Catalogue pages: parse the request, call one selector, render."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django_stubs_ext import StrOrPromise

from cinemeter.catalog import selectors
from cinemeter.catalog.models import VIDEO_EMBED_ORIGINS, Country, Genre
from cinemeter.catalog.page_keys import title_key
from cinemeter.catalog.pages.home import PAGE as HOME_PAGE
from cinemeter.catalog.pages.home import HomeSubject
from cinemeter.catalog.pages.media import title_media as title_media_page
from cinemeter.catalog.pages.media_sources import media_source_keys
from cinemeter.catalog.pages.person import PAGE as PERSON_PAGE
from cinemeter.catalog.pages.person import PersonSubject
from cinemeter.catalog.pages.title import PAGE as TITLE_PAGE
from cinemeter.catalog.pages.title import TitleSubject
from cinemeter.catalog.pages.videos import title_videos as title_videos_page
from cinemeter.catalog.redirects import moved_path
from cinemeter.core.page_cache import anonymous_page
from cinemeter.core.panels import page_keys, page_render
from cinemeter.core.security import frames_allowed


def _title_keys(slug: str) -> list[str]:
    return [title_key(slug)]


def _title_page_keys(slug: str) -> list[str]:
    """Every version the title page's panels depend on, whichever app registered them."""
    return page_keys(TITLE_PAGE, TitleSubject(slug))


def _home_page_keys() -> list[str]:
    """Every version the home page's panels depend on, whichever app registered them."""
    return page_keys(HOME_PAGE, HomeSubject())


# Anonymous visitors get these pages from the cache (`core.page_cache`); the services bump the
# versions named here whenever what the page shows changes.
@anonymous_page(_home_page_keys)
def home(request: HttpRequest) -> HttpResponse:
    panels = page_render(HOME_PAGE, HomeSubject(), request)
    return render(request, "catalog/home.html", {"panels": panels})


@anonymous_page(_title_page_keys)
def title_detail(request: HttpRequest, slug: str) -> HttpResponse:
    panels = page_render(TITLE_PAGE, TitleSubject(slug), request)
    return render(request, "catalog/title_detail.html", {"panels": panels})


@anonymous_page(_title_keys)
def title_credits(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "catalog/title_credits.html", {"page": selectors.title_credits(slug)})


def _title_media_keys(slug: str) -> list[str]:
    """The title's own pictures, and those of the apps that add some (edition covers)."""
    return [title_key(slug), *media_source_keys(slug)]


@anonymous_page(_title_media_keys)
def title_media(request: HttpRequest, slug: str) -> HttpResponse:
    page = title_media_page(slug, request.GET.get("kind", ""), request.GET.get("page"))
    return render(request, "catalog/title_media.html", {"page": page})


# Outside the page cache: the players' origins go into every response's headers.
@frames_allowed(*VIDEO_EMBED_ORIGINS)
@anonymous_page(_title_keys)
def title_videos(request: HttpRequest, slug: str) -> HttpResponse:
    page = title_videos_page(slug, request.GET.get("page"))
    return render(request, "catalog/title_videos.html", {"page": page})


def _person_page_keys(slug: str) -> list[str]:
    return page_keys(PERSON_PAGE, PersonSubject(slug))


@anonymous_page(_person_page_keys)
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    panels = page_render(PERSON_PAGE, PersonSubject(slug), request)
    return render(request, "catalog/person_detail.html", {"panels": panels})


def _browse(
    request: HttpRequest, filters: selectors.BrowseFilter, heading: StrOrPromise
) -> HttpResponse:
    kind = request.GET.get("kind", "all")
    filters.kind = kind if kind in {"films", "shows", "all"} else "all"
    sort = request.GET.get("sort", "title")
    filters.sort = sort if sort in selectors.BROWSE_SORTS else "title"
    results = selectors.browse_titles(filters, request.GET.get("page"))
    return render(
        request,
        "catalog/browse.html",
        {
            "heading": heading,
            "results": results,
            "filters": filters,
            "facets": selectors.browse_facets(),
            "sorts": list(selectors.BROWSE_SORTS),
        },
    )


def browse(request: HttpRequest) -> HttpResponse:
    return _browse(request, selectors.BrowseFilter(), _("All titles"))


def browse_genre(request: HttpRequest, slug: str) -> HttpResponse:
    genre = get_object_or_404(Genre, slug=slug)
    return _browse(request, selectors.BrowseFilter(genre=genre), genre.display_name)


def browse_country(request: HttpRequest, code: str) -> HttpResponse:
    country = get_object_or_404(Country, code=code.upper())
    return _browse(request, selectors.BrowseFilter(country=country), country.display_name)


def browse_decade(request: HttpRequest, decade: int) -> HttpResponse:
    if decade % 10:
        raise Http404(_("A decade starts at a year ending in 0."))
    return _browse(
        request, selectors.BrowseFilter(decade=decade), _("The %(decade)ss") % {"decade": decade}
    )


def browse_year(request: HttpRequest, year: int) -> HttpResponse:
    return _browse(request, selectors.BrowseFilter(year=year), str(year))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's 404 (`handler404`): a catalogue page under a slug its row no longer has
    moves permanently to its current address (`catalog.redirects`), query string and all;
    anything else gets the 404 page. Only reads move: a form sent to an old address is not
    repeated elsewhere."""
    if request.method in {"GET", "HEAD"} and (target := moved_path(request.path_info)):
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
    return defaults.page_not_found(request, exception)
