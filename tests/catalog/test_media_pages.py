"""A title's "All media" and "Trailers & other videos" pages over real HTTP, and their tabs
on the title page: grouping, order, attribution, counts with the edition covers that the
releases app adds through the catalogue's media-source registry, fixed query budgets, the
click-to-play markup and its frame policy, clear empty pages, both languages."""

from __future__ import annotations

import ast
import datetime
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from cinemeter.catalog.models import Image, ImageKind, Title, Video, VideoKind, VideoProvider
from cinemeter.catalog.pages import media_sources
from cinemeter.catalog.pages.media import GROUP_PREVIEW, PAGE_SIZE
from cinemeter.catalog.pages.media_sources import MediaItem, MediaSource, media_source_register
from cinemeter.releases.editions import services as edition_services
from tests.catalog.factories import TitleFactory
from tests.releases.factories import edition

YOUTUBE_ID = "dQw4w9WgXcQ"
PLAYERS = "frame-src https://www.youtube-nocookie.com https://player.vimeo.com"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # A Dutch test earlier in this thread must not leave its language active for the next.
    with translation.override("en"):
        yield


@pytest.fixture
def film() -> Title:
    return TitleFactory.create(title="Escape from L.A.", year=1996)


def picture(title: Title, kind: str, n: int = 0, **fields: object) -> Image:
    fields.setdefault("attribution", "TMDb")
    return Image.objects.create(
        title=title,
        kind=kind,
        remote_url=f"https://images.example.org/{kind}-{n}.jpg",
        order=n,
        **fields,
    )


def video(title: Title, name: str, kind: str = VideoKind.TRAILER, **fields: object) -> Video:
    fields.setdefault("provider", VideoProvider.YOUTUBE)
    fields.setdefault("key", re.sub(r"[^A-Za-z0-9]", "", name)[:30] or "x")
    return Video.objects.create(title=title, kind=kind, name=name, **fields)


def get(client: Client, url: str, django_assert_max_num_queries, budget: int) -> tuple[str, int]:
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode(), len(captured.captured_queries)


def media_url(title: Title, query: str = "") -> str:
    return f"/title/{title.slug}/media/{query}"


def videos_url(title: Title) -> str:
    return f"/title/{title.slug}/videos/"


# --- All media ---------------------------------------------------------------------------


def test_pictures_are_grouped_by_kind_each_with_attribution_and_full_size(
    client, film, django_assert_max_num_queries
):
    picture(film, ImageKind.STILL, 1, caption="Snake on the surfboard", attribution="Paramount")
    picture(film, ImageKind.BACKDROP, 1)
    picture(film, ImageKind.POSTER, 1)
    picture(film, ImageKind.STILL, 2, attribution="", source="Own upload")
    collectors = edition(
        film,
        "Collector's Edition",
        cover_url="https://covers.example.org/ce.jpg",
        cover_attribution="Scream Factory",
    )
    edition(film, "Widescreen DVD", format="dvd", release_date=datetime.date(1998, 1, 1))
    html, _ = get(client, media_url(film), django_assert_max_num_queries, 5)
    headings = re.findall(r'<div class="section-head"><h2>([^<]+)</h2>', html)
    assert headings == ["Posters", "Stills", "Backdrops", "Edition covers"]
    assert "5 pictures" in html  # the DVD has no cover
    assert '<a class="media-full" href="https://images.example.org/still-1.jpg">' in html
    assert 'alt="Snake on the surfboard"' in html
    assert 'alt="Poster of Escape from L.A."' in html
    assert 'alt="Backdrop of Escape from L.A."' in html
    assert 'alt="Still from Escape from L.A."' in html  # the second still has no caption
    for who in ("Paramount", "TMDb", "Own upload", "Scream Factory"):
        assert f"Image: {who}" in html, who
    covers = html.split("media-group-edition-covers")[1]
    assert 'href="https://covers.example.org/ce.jpg"' in covers
    assert f'<a href="{collectors.get_absolute_url()}">' in covers
    assert "Collector&#x27;s Edition (Blu-ray)" in covers
    assert 'alt="Cover of Collector&#x27;s Edition (Blu-ray)"' in covers
    assert "Widescreen DVD" not in html


def fill(title: Title, count: int) -> None:
    for n in range(count):
        picture(title, ImageKind.STILL, n)
        picture(title, ImageKind.POSTER, n)
        edition(
            title,
            f"Edition {n}",
            cover_url=f"https://covers.example.org/{n}.jpg",
            cover_attribution="Label",
        )


def test_the_media_page_costs_the_same_for_1_and_40_pictures_of_each_kind(
    client, django_assert_max_num_queries
):
    one, forty = TitleFactory.create(), TitleFactory.create()
    fill(one, 1)
    fill(forty, 40)
    html, few = get(client, media_url(one), django_assert_max_num_queries, 5)
    assert html.count('class="media-item"') == 3
    html, many = get(client, media_url(forty), django_assert_max_num_queries, 5)
    assert many == few
    assert html.count('class="media-item"') == 3 * GROUP_PREVIEW
    assert "120 pictures" in html
    # One group in full, by page: the same again.
    _, page_one = get(client, media_url(one, "?kind=still"), django_assert_max_num_queries, 3)
    _, page_forty = get(client, media_url(forty, "?kind=still"), django_assert_max_num_queries, 3)
    assert page_forty == page_one
    _, covers = get(
        client, media_url(forty, "?kind=edition-covers"), django_assert_max_num_queries, 3
    )
    assert covers == page_one


def test_a_big_group_is_cut_on_the_overview_and_shown_in_pages(client, film):
    count = PAGE_SIZE + 5
    for n in range(count):
        picture(film, ImageKind.STILL, n)
    html = client.get(media_url(film)).content.decode()
    assert html.count('class="media-item"') == GROUP_PREVIEW
    assert f'<a href="{media_url(film)}?kind=still">All {count}</a>' in html
    first = client.get(media_url(film, "?kind=still")).content.decode()
    assert first.count('class="media-item"') == PAGE_SIZE
    assert "Page 1 of 2" in first
    assert "still-0.jpg" in first
    assert 'aria-current="page">Stills <span class="count">53</span>' in first
    second = client.get(media_url(film, "?kind=still&page=2")).content.decode()
    assert second.count('class="media-item"') == 5
    assert f"still-{count - 1}.jpg" in second
    # A page number that is not one, or beyond the last, shows the nearest page.
    assert "Page 1 of 2" in client.get(media_url(film, "?kind=still&page=x")).content.decode()
    assert "Page 2 of 2" in client.get(media_url(film, "?kind=still&page=99")).content.decode()


def test_a_title_without_pictures_has_a_clear_empty_page(client, film):
    response = client.get(media_url(film))
    assert response.status_code == 200
    assert "There are no pictures of Escape from L.A. in the catalogue yet." in response.text
    assert "0 pictures" in response.text
    # A kind it has none of yet (a link from elsewhere) is a page too, saying so.
    response = client.get(media_url(film, "?kind=backdrop"))
    assert response.status_code == 200
    assert "None of this kind yet." in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/title/no-such-film/media/",
        "/title/no-such-film/videos/",
        "/title/no-such-film/media/?kind=still",
    ],
)
def test_an_unknown_title_is_a_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_an_unknown_kind_of_picture_is_a_404(client, film):
    for kind in ("trailer", "nonsense", "<script>"):
        response = client.get(media_url(film), {"kind": kind})
        assert response.status_code == 404, kind
        assert "Page not found" in response.text


def test_a_new_edition_cover_renews_the_cached_media_page_and_the_title_pages_count(client, film):
    dvd = edition(film, "Widescreen DVD", format="dvd")
    assert "0 pictures" in client.get(media_url(film)).text  # now cached for visitors
    assert 'All media <span class="count">(0)</span>' in client.get(film.get_absolute_url()).text
    dvd.cover_url = "https://covers.example.org/dvd.jpg"
    dvd.cover_attribution = "Paramount"
    edition_services.edition_save(dvd)
    html = client.get(media_url(film)).text
    assert "1 picture" in html
    assert "Image: Paramount" in html
    assert 'All media <span class="count">(1)</span>' in client.get(film.get_absolute_url()).text


# --- The registry ---------------------------------------------------------------------------


@pytest.fixture
def no_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalogue as if no app above it were installed."""
    monkeypatch.setattr(media_sources, "_sources", {})


@pytest.mark.usefixtures("no_sources")
def test_without_sources_the_catalogue_shows_its_own_pictures(client, film):
    picture(film, ImageKind.POSTER)
    edition(film, cover_url="https://covers.example.org/x.jpg", cover_attribution="Label")
    html = client.get(media_url(film)).text
    assert "1 picture" in html
    assert "Edition covers" not in html
    assert client.get(media_url(film, "?kind=edition-covers")).status_code == 404
    assert 'All media <span class="count">(1)</span>' in client.get(film.get_absolute_url()).text


def test_a_source_registered_by_another_app_adds_its_group(client, film, monkeypatch):
    monkeypatch.setattr(media_sources, "_sources", dict(media_sources._sources))
    # Any queryset of rows pointing at titles will do: here the titles' own backdrops.
    media_source_register(
        MediaSource(
            name="album-covers",
            label="Album covers",
            rows=lambda: Image.objects.filter(kind=ImageKind.BACKDROP).order_by("pk"),
            item=lambda image: MediaItem(url=image.url, alt="Album", attribution="Label"),
            keys=lambda slug: [f"title-albums:{slug}"],
            order=20,
        )
    )
    picture(film, ImageKind.BACKDROP)
    edition(film, cover_url="https://covers.example.org/x.jpg", cover_attribution="Label")
    html = client.get(media_url(film)).text
    headings = re.findall(r'<div class="section-head"><h2>([^<]+)</h2>', html)
    assert headings == ["Backdrops", "Edition covers", "Album covers"]
    assert "3 pictures" in html


@pytest.mark.parametrize("name", ["poster", "Edition covers", "covers-", ""])
def test_a_source_needs_a_name_of_its_own(name):
    source = MediaSource(
        name=name,
        label="x",
        rows=Image.objects.none,
        item=lambda row: MediaItem("", "", ""),
        keys=lambda slug: [],
    )
    with pytest.raises(ValueError, match="a name of its own"):
        media_source_register(source)


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_catalogue_imports_no_app_above_it():
    catalog = Path(settings.BASE_DIR) / "cinemeter" / "catalog"
    above = ("cinemeter.releases", "cinemeter.community", "cinemeter.search", "cinemeter.ingest")
    files = sorted(catalog.rglob("*.py"))
    assert len(files) > 20, "found too few modules: the test would prove nothing"
    offending = [
        f"{path.relative_to(catalog)}: {name}"
        for path in files
        for name in _imported_modules(path)
        if name.startswith(above)
    ]
    assert offending == []


# --- Trailers & other videos ----------------------------------------------------------------


def test_videos_are_typed_and_ordered(client, film, django_assert_max_num_queries):
    video(film, "Interview with Kurt Russell", VideoKind.INTERVIEW)
    video(film, "Surf clip", VideoKind.CLIP)
    video(film, "Making of", VideoKind.FEATURETTE)
    video(film, "TV spot 2", VideoKind.TV_SPOT, published_on=datetime.date(1996, 8, 1))
    video(film, "TV spot 1", VideoKind.TV_SPOT, published_on=datetime.date(1996, 7, 1))
    video(film, "Teaser", VideoKind.TEASER)
    video(film, "Undated trailer", VideoKind.TRAILER)
    video(film, "B trailer", VideoKind.TRAILER, published_on=datetime.date(1996, 5, 1))
    video(film, "A trailer", VideoKind.TRAILER, published_on=datetime.date(1996, 5, 1))
    html, _ = get(client, videos_url(film), django_assert_max_num_queries, 3)
    names = re.findall(r'<h3 class="video-name">([^<]+)</h3>', html)
    assert names == [
        "A trailer",
        "B trailer",
        "Undated trailer",
        "Teaser",
        "TV spot 1",
        "TV spot 2",
        "Making of",
        "Surf clip",
        "Interview with Kurt Russell",
    ]
    headings = re.findall(r'<div class="section-head"><h2>([^<]+)</h2>', html)
    assert headings == ["Trailers", "Teasers", "TV spots", "Featurettes", "Clips", "Interviews"]
    assert "9 videos" in html


def test_nothing_of_youtube_or_vimeo_is_on_the_page_until_a_click(client, film):
    picture(film, ImageKind.POSTER)
    picture(film, ImageKind.BACKDROP)
    video(film, "Official trailer", key=YOUTUBE_ID, duration_seconds=150, language="en")
    video(film, "Vimeo clip", VideoKind.CLIP, provider=VideoProvider.VIMEO, key="76979871")
    video(
        film,
        "Elsewhere",
        VideoKind.CLIP,
        provider=VideoProvider.OTHER,
        key="",
        url="https://films.example.org/elsewhere",
    )
    video(film, "Odd key", VideoKind.CLIP, key="x/../../evil")
    html = client.get(videos_url(film)).text
    loads = re.findall(r'\s(?:src|srcset|poster|data)="([^"]+)"', html)
    assert loads, "the page loads nothing at all: the test would prove nothing"
    assert not [src for src in loads if re.search(r"youtube|ytimg|vimeo|googlevideo", src)]
    assert "<iframe" not in html
    # The title's own backdrop stands behind every card, not the provider's thumbnail.
    assert (
        html.count('<img class="video-still" src="https://images.example.org/backdrop-0.jpg"') == 4
    )
    card = html.split('id="video-')[1]
    assert f'href="https://www.youtube.com/watch?v={YOUTUBE_ID}"' in card  # without JavaScript
    assert (
        f'data-embed="https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1&amp;rel=0"'
        in card
    )
    assert 'aria-label="Play Official trailer"' in card
    assert "2:30" in card
    assert 'data-embed="https://player.vimeo.com/video/76979871?autoplay=1&amp;dnt=1"' in html
    elsewhere = html.split("Elsewhere</h3>")[0].rsplit('id="video-', 1)[1]
    assert 'href="https://films.example.org/elsewhere"' in elsewhere
    assert "data-embed" not in elsewhere
    assert "Watch Elsewhere at its host" in elsewhere
    odd = html.split("Odd key</h3>")[0].rsplit('id="video-', 1)[1]
    assert "data-embed" not in odd


def test_a_title_without_a_picture_gets_drawn_cards(client, film):
    video(film, "Official trailer")
    html = client.get(videos_url(film)).text
    assert 'class="video-stage video-stage-drawn"' in html
    assert "<img" not in html.split('<ul class="video-grid">')[1].split("</ul>")[0]


def test_only_the_videos_page_may_frame_the_two_players(client, film):
    video(film, "Official trailer")
    for attempt in ("stored", "from the page cache"):
        response = client.get(videos_url(film))
        policy = response["Content-Security-Policy"]
        assert policy.endswith(f"; {PLAYERS}"), attempt
        assert "default-src 'self'; script-src 'self'" in policy
        assert policy.count("frame-src") == 1
        permissions = response["Permissions-Policy"]
        assert (
            'autoplay=("https://www.youtube-nocookie.com" "https://player.vimeo.com")'
            in permissions
        )
        assert "camera=()" in permissions
    for url in (film.get_absolute_url(), media_url(film), "/"):
        response = client.get(url)
        assert "frame-src" not in response["Content-Security-Policy"], url
        assert "autoplay=()" in response["Permissions-Policy"], url


def test_the_videos_page_costs_the_same_for_1_and_40_videos(client, django_assert_max_num_queries):
    one, forty = TitleFactory.create(), TitleFactory.create()
    for title, count in ((one, 1), (forty, 40)):
        picture(title, ImageKind.POSTER)
        for n in range(count):
            kind = VideoKind.CLIP if n % 2 else VideoKind.TRAILER
            video(title, f"Clip {n}", kind, key=f"k{title.pk}x{n}")
    html, few = get(client, videos_url(one), django_assert_max_num_queries, 3)
    assert html.count('class="video-card"') == 1
    html, many = get(client, videos_url(forty), django_assert_max_num_queries, 3)
    assert many == few
    assert html.count('class="video-card"') == 40


def test_a_title_without_videos_has_a_clear_empty_page(client, film):
    response = client.get(videos_url(film))
    assert response.status_code == 200
    assert "There are no videos of Escape from L.A. in the catalogue yet." in response.text
    assert "0 videos" in response.text


# --- The title page's tabs -------------------------------------------------------------------


def test_the_title_page_links_both_pages_with_counts_at_no_extra_query(
    client, film, django_assert_max_num_queries
):
    picture(film, ImageKind.POSTER)
    for n in range(7):
        video(film, f"Spot {n}", VideoKind.TV_SPOT)
    video(film, "Trailer", VideoKind.TRAILER)
    # Cold (no panel cached), as the first visitor after a change sees it.
    html, without_covers = get(client, film.get_absolute_url(), django_assert_max_num_queries, 15)
    assert f'<a href="{media_url(film)}">All media <span class="count">(1)</span></a>' in html
    videos_tab = 'Trailers &amp; other videos <span class="count">(8)</span>'
    assert f'<a href="{videos_url(film)}">{videos_tab}</a>' in html
    previews = re.findall(r'<li><a href="/title/[^/]+/videos/#video-\d+">([^<]+)</a>', html)
    assert previews == ["Trailer", "Spot 0", "Spot 1", "Spot 2", "Spot 3"]
    assert "All 8 videos" in html
    for n in range(3):
        edition(
            film, f"Edition {n}", cover_url=f"https://c.example.org/{n}.jpg", cover_attribution="L"
        )
    cache.clear()
    html, with_covers = get(client, film.get_absolute_url(), django_assert_max_num_queries, 15)
    assert 'All media <span class="count">(4)</span>' in html
    assert with_covers == without_covers


# --- Languages -------------------------------------------------------------------------------


def test_both_pages_render_in_dutch(client, film):
    picture(film, ImageKind.STILL)
    edition(film, cover_url="https://covers.example.org/x.jpg", cover_attribution="Label")
    video(film, "Official Trailer")
    with translation.override("nl"):
        media = client.get(media_url(film), HTTP_ACCEPT_LANGUAGE="nl").text
        videos = client.get(videos_url(film), HTTP_ACCEPT_LANGUAGE="nl").text
        title_page = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").text
    assert "<h1>Alle media</h1>" in media
    assert "Hoezen van uitgaven" in media
    assert "Afbeelding: Label" in media
    assert "2 afbeeldingen" in media
    assert "Trailers &amp; andere video’s" in videos
    assert "Officiële trailer" in videos
    assert "Pas als je op afspelen drukt" in videos
    assert 'Alle media <span class="count">(2)</span>' in title_page
