"""Generated editions and albums (`generate_scale`, and `--only releases` for a catalogue made
without them) on the real database at the `tiny` preset: how many, which films, in which
formats, deterministic per seed, and that the site's own pages and selectors make sense of
them (NEW, drops, what a release adds)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Avg, Count

from cinemeter.catalog.models import Title, TitleKind, TitleScore
from cinemeter.releases.editions.selectors import title_editions
from cinemeter.releases.models import (
    Album,
    AlbumRelation,
    AlbumTitle,
    Edition,
    EditionFeature,
    FeaturePerson,
    Recording,
    Release,
    Track,
)
from cinemeter.releases.music.selectors import album_page
from cinemeter.scale import albums, editions
from cinemeter.scale.releases import releases_delete

SEED = 7


def _generate(seed: int = SEED) -> str:
    out = StringIO()
    call_command("generate_scale", "--preset", "tiny", "--seed", str(seed), stdout=out)
    return out.getvalue()


def _add_releases(seed: int = SEED) -> str:
    out = StringIO()
    call_command("generate_scale", "--only", "releases", "--seed", str(seed), stdout=out)
    return out.getvalue()


def _fingerprint() -> list[tuple[object, ...]]:
    """Everything generated, by content (slugs and titles, not ids)."""
    rows: list[tuple[object, ...]] = [
        (e.title.slug, e.slug, e.name, e.format, str(e.release_date), e.date_precision, e.gtin)
        for e in Edition.objects.select_related("title")
    ]
    rows += EditionFeature.objects.values_list("edition__slug", "order", "title", "kind")
    rows += FeaturePerson.objects.values_list("feature__title", "person__slug", "role")
    rows += AlbumTitle.objects.values_list("album__slug", "title__slug", "relation")
    rows += Release.objects.values_list("album__slug", "slug", "release_date", "edition_note")
    rows += Track.objects.values_list("release__slug", "number", "title", "recording__title")
    return sorted(rows, key=repr)


def _movies() -> int:
    return Title.objects.filter(kind=TitleKind.MOVIE).count()


def test_a_share_of_the_movies_has_editions_the_popular_ones_more():
    output = _generate()

    movies = _movies()
    per_title = dict(Edition.objects.values_list("title").annotate(n=Count("pk")))
    assert len(per_title) == round(editions.EDITION_SHARE * movies)
    assert set(per_title.values()) <= set(range(1, editions.MOST_EDITIONS + 1))
    assert max(per_title.values()) >= 3
    assert set(Title.objects.filter(pk__in=per_title).values_list("kind", flat=True)) == {
        TitleKind.MOVIE
    }
    scores = TitleScore.objects.filter(title__kind=TitleKind.MOVIE)
    with_editions = scores.filter(title__in=per_title).aggregate(v=Avg("vote_count"))["v"]
    without = scores.exclude(title__in=per_title).aggregate(v=Avg("vote_count"))["v"]
    assert with_editions > 1.5 * without
    assert f"editions: {sum(per_title.values()):,}" in output
    assert "editions and albums:" in output


def test_formats_follow_their_eras_and_editions_follow_their_film():
    _generate()

    eras = {
        "vhs": (1979, 1999),
        "laserdisc": (1979, 1999),
        "dvd": (1997, 2025),
        "blu-ray": (2006, 2025),
        "4k-uhd": (2016, 2025),
    }
    seen: Counter[str] = Counter()
    for fmt, released, film_year in Edition.objects.values_list(
        "format", "release_date", "title__year"
    ):
        assert released is not None
        assert film_year is not None
        low, high = eras[fmt]
        assert low <= released.year <= high, (fmt, released)
        assert released.year >= min(film_year, 1980)
        seen[fmt] += 1
    assert len(seen) >= 3


def _span(edition: Edition) -> tuple[date, date]:
    span = edition.date_span
    assert span is not None, "every generated edition has a date"
    return span


def test_editions_share_features_so_new_and_drops_mean_something():
    _generate()

    new_on_later = partly_new = drops = 0
    for slug in (
        Title.objects.filter(editions__isnull=False).distinct().values_list("slug", flat=True)
    ):
        page = title_editions(slug)
        spans = [_span(view.edition) for view in page.editions]
        for view, (start, _end) in zip(page.editions, spans, strict=True):
            kinds = [fv.feature.kind for fv in view.features]
            assert kinds[-1] == "trailer", "the trailer is on every edition, last"
            trailer = view.features[-1]
            if not any(end < start for _start, end in spans):
                # Nothing came before: everything on the first edition(s) is NEW.
                assert view.new_count == len(view.features)
            else:
                assert not trailer.is_new
                new_on_later += view.new_count
                partly_new += 0 < view.new_count < len(view.features)
            drops += len(view.drops)
    assert new_on_later > 0
    assert partly_new > 0
    assert drops > 0
    assert FeaturePerson.objects.exists()


def test_albums_for_a_share_of_the_movies_with_shared_recordings():
    _generate()

    movies = _movies()
    relations = Counter(AlbumTitle.objects.values_list("relation", flat=True))
    assert relations[AlbumRelation.SCORE] == round(albums.SCORE_SHARE * movies)
    assert relations[AlbumRelation.SONGS] == round(albums.SONGS_SHARE * movies)
    per_album = Counter(Release.objects.values_list("album_id", flat=True))
    assert set(per_album.values()) <= set(range(1, albums.MOST_RELEASES + 1))
    assert max(per_album.values()) >= 2
    per_release = Counter(Track.objects.values_list("release_id", flat=True))
    assert min(per_release.values()) >= 10
    assert max(per_release.values()) <= albums.MOST_TRACKS
    assert set(per_release) == set(Release.objects.values_list("pk", flat=True))
    shared = Recording.objects.annotate(n=Count("tracks")).filter(n__gt=1)
    assert shared.exists()
    added = [
        view.added_count
        for album in Album.objects.all()
        for view in album_page(album.slug).releases
        if view.added_count is not None
    ]
    assert added, "some albums have a later release to compare"
    assert any(count > 0 for count in added), "an expanded release adds tracks"


def test_the_same_seed_gives_the_same_releases_and_another_seed_others():
    _generate()
    first = _fingerprint()
    releases_delete()
    assert not Edition.objects.exists()
    assert not Album.objects.exists()

    output = _add_releases(SEED)
    assert _fingerprint() == first, "added later, they are what generate_scale made"
    assert "Added" in output
    releases_delete()
    _add_releases(SEED + 1)
    assert _fingerprint() != first


def test_releases_are_added_once_and_only_to_a_catalogue():
    with pytest.raises(CommandError, match="no movies"):
        _add_releases()
    _generate()
    with pytest.raises(CommandError, match="already has editions"):
        _add_releases()


def test_a_failure_while_adding_releases_keeps_nothing():
    _generate()
    releases_delete()
    # A real refusal by the database, half-way: after the editions and albums are written.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_track() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'no room for tracks'; END $$"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_track BEFORE INSERT ON releases_track "
                "FOR EACH ROW EXECUTE FUNCTION refuse_track()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_track BEFORE INSERT ON releases_track "
                "BEGIN SELECT RAISE(ABORT, 'no room for tracks'); END"
            )
    with pytest.raises(CommandError, match="no room for tracks"):
        _add_releases()
    for model in (Edition, EditionFeature, Album, Release, Recording, Track):
        assert not model.objects.exists(), model


def _badges(html: str, start: str, end: str | None = None) -> int:
    part = html[html.index(start) :]
    if end is not None and end in part:
        part = part[: part.index(end)]
    return part.count('class="badge-new"')


def test_every_generated_page_renders_what_the_selectors_compute(
    client, django_assert_max_num_queries
):
    _generate()

    titles = Title.objects.filter(editions__isnull=False).distinct().values_list("slug", flat=True)
    for slug in titles:
        page = title_editions(slug)
        with django_assert_max_num_queries(6):
            html = client.get(f"/title/{slug}/editions/compare/").content.decode()
        footer = re.findall(r'gain-count">\+(\d+)</span> <span class="drop-count">−(\d+)', html)
        assert footer == [(str(v.new_count), str(len(v.drops))) for v in page.editions]
        for view in page.editions:
            url = view.edition.get_absolute_url()
            with django_assert_max_num_queries(6):
                response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            features = html[html.index('class="features"') :]
            assert features.count("feature is-new") == view.new_count, url
            if view.drops:
                assert f"drops {len(view.drops)} earlier feature" in html
            else:
                assert "Not on this edition" not in html
    for album in Album.objects.all():
        for rview in album_page(album.slug).releases:
            url = rview.release.get_absolute_url()
            with django_assert_max_num_queries(12):
                response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert _badges(html, 'class="tracklist"', 'class="drops"') == (
                (1 if rview.added_count else 0) + (rview.added_count or 0)
            ), url
            if rview.added_count:
                assert f"{rview.added_count} track" in html
            assert html.count('class="track') >= rview.track_total


def test_releases_added_to_an_indexed_catalogue_say_how_to_index_them():
    from cinemeter.search.indexer import index_drift
    from cinemeter.search.models import SearchDocument

    _generate()
    releases_delete()
    call_command("search_index", "--rebuild", "--no-progress", stdout=StringIO())
    assert SearchDocument.objects.exists()

    output = _add_releases()
    assert "search_index --repair" in output
    assert any(index_drift().values()), "the new editions and albums are not indexed yet"
    call_command("search_index", "--repair", "--no-progress", stdout=StringIO())
    assert not any(index_drift().values())
