"""Editions and soundtrack albums for a generated catalogue.

`releases_generate` runs inside `generate_scale` after the votes (popular films get more
releases, so it reads the films' vote counts back), and alone through `generate_scale --only
releases` for a catalogue generated before releases existed: both read the catalogue from
the database and draw from their own random streams (one per film, from the seed and the
film's id), so they give the same rows. Rows go in as the generator's other big tables do
(COPY on PostgreSQL, `executemany` batches on SQLite, `Edition`'s index built afterwards),
a batch of films at a time so memory stays flat at MovieMeter's scale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields

import numpy as np
from django.db import models
from django.db.models import Max

from cinemeter.catalog.models import Company
from cinemeter.core.page_cache import CATALOGUE, versions_bump_now
from cinemeter.releases.editions.models import Edition, EditionFeature, FeaturePerson
from cinemeter.releases.music.models import (
    Album,
    AlbumCredit,
    AlbumRelation,
    AlbumTitle,
    ArtistCredit,
    ArtistCreditName,
    Medium,
    Recording,
    Release,
    Track,
)
from cinemeter.scale import albums as albums_
from cinemeter.scale import editions as editions_
from cinemeter.scale import names
from cinemeter.scale.films import Film, film_random, films_read, leads_read, weighted_sample
from cinemeter.scale.load import analyze, indexes_deferred, load, sequences_reset

Progress = Callable[[str, int], None]

EDITIONS_STREAM, SCORE_STREAM, SONGS_STREAM = 1, 2, 3
# How strongly popularity draws releases: a film's weight is exp(this × its popularity),
# so the most voted films are ~20 times likelier than the least to have editions.
POPULARITY_PULL = 3.0
FILMS_PER_BATCH = 2_000
VIDEO_LABELS, MUSIC_LABELS = 30, 20
# Tables with ids assigned here (other rows take theirs from the sequence).
NUMBERED: tuple[type[models.Model], ...] = (
    Edition,
    EditionFeature,
    ArtistCredit,
    Album,
    Release,
    Recording,
)


class ReleasesError(Exception):
    """Releases cannot be added to this database (no catalogue, or releases already)."""


@dataclass
class ReleaseCounts:
    editions: int = 0
    features: int = 0
    feature_people: int = 0
    albums: int = 0
    releases: int = 0
    tracks: int = 0
    recordings: int = 0

    def __str__(self) -> str:
        return ", ".join(
            f"{getattr(self, f.name):,} {f.name.replace('_', ' ')}" for f in fields(self)
        )


def _next_id(model: type[models.Model]) -> int:
    return int(model._default_manager.aggregate(last=Max("pk"))["last"] or 0) + 1


def _labels(count: int, pattern: Callable[[int], str]) -> list[int]:
    """Made-up label companies (made once, found again by slug)."""
    from cinemeter.catalog.slugs import slug_base

    ids = []
    for n in range(count):
        name = pattern(n)
        company, _created = Company.objects.get_or_create(
            slug=slug_base(name, "label"), defaults={"name": name}
        )
        ids.append(company.pk)
    return ids


def _video_label(n: int) -> str:
    noun = names.NOUNS[n * 3 % len(names.NOUNS)]
    adjective = names.ADJECTIVES[n * 5 % len(names.ADJECTIVES)]
    return f"{noun} Home Video" if n % 2 else f"{adjective} {noun} Films"


def _music_label(n: int) -> str:
    noun = names.NOUNS[(n * 2 + 1) % len(names.NOUNS)]
    adjective = names.ADJECTIVES[n * 3 % len(names.ADJECTIVES)]
    return f"{noun} Records" if n % 2 else f"{adjective} Sound"


def _pick(
    films: list[Film], seed: int, stream: int, share: float, eligible: Iterable[bool]
) -> list[Film]:
    """`share` of all films, among the eligible ones, drawn with popularity's pull."""
    mask = np.fromiter(eligible, dtype=bool, count=len(films))
    positions = np.flatnonzero(mask)
    popularity = np.array([films[p].popularity for p in positions])
    rng = np.random.default_rng([seed, stream])
    chosen = weighted_sample(rng, np.exp(POPULARITY_PULL * popularity), round(share * len(films)))
    return [films[p] for p in positions[chosen].tolist()]


def _batches(items: Sequence[Film]) -> Iterator[Sequence[Film]]:
    for start in range(0, len(items), FILMS_PER_BATCH):
        yield items[start : start + FILMS_PER_BATCH]


def editions_generate(seed: int, films: list[Film], progress: Progress) -> ReleaseCounts:
    counts = ReleaseCounts()
    chosen = _pick(films, seed, EDITIONS_STREAM, editions_.EDITION_SHARE, (True for _ in films))
    leads_read(chosen)
    labels = _labels(VIDEO_LABELS, _video_label)
    ids = editions_.EditionIds(edition=_next_id(Edition), feature=_next_id(EditionFeature))
    with indexes_deferred(Edition):
        for batch in _batches(chosen):
            rows = editions_.EditionRows()
            for film in batch:
                rnd = film_random(seed, EDITIONS_STREAM, film.id)
                count = editions_.edition_count(rnd, film)
                made = editions_.edition_rows(rnd, film, count, labels, ids)
                rows.editions += made.editions
                rows.features += made.features
                rows.people += made.people
            counts.editions += load(Edition, editions_.EDITION_COLUMNS, rows.editions)
            counts.features += load(EditionFeature, editions_.FEATURE_COLUMNS, rows.features)
            counts.feature_people += load(FeaturePerson, editions_.PERSON_COLUMNS, rows.people)
            progress("editions", counts.editions)
    return counts


def albums_generate(seed: int, films: list[Film], progress: Progress) -> ReleaseCounts:
    counts = ReleaseCounts()
    eligible = [film.year >= albums_.FIRST_ALBUM_YEAR for film in films]
    scores = _pick(films, seed, SCORE_STREAM, albums_.SCORE_SHARE, eligible)
    songs = _pick(films, seed, SONGS_STREAM, albums_.SONGS_SHARE, eligible)
    leads_read([film for film in scores if not film.directors])
    pools = albums_.Pools(
        labels=_labels(MUSIC_LABELS, _music_label),
        composers=albums_.composer_names(min(2_000, max(5, len(scores) // 6))),
        bands=albums_.band_names(min(5_000, max(20, len(songs) * 4))),
        taken_slugs=set(Album.objects.values_list("slug", flat=True)),
    )
    credits = albums_.Credits(next_id=_next_id(ArtistCredit))
    credits.ids.update(ArtistCredit.objects.values_list("key", "pk"))
    ids = albums_.AlbumIds(
        album=_next_id(Album), release=_next_id(Release), recording=_next_id(Recording)
    )
    work = sorted(
        [(film, AlbumRelation.SCORE.value, SCORE_STREAM) for film in scores]
        + [(film, AlbumRelation.SONGS.value, SONGS_STREAM) for film in songs],
        key=lambda item: (item[0].id, item[2]),
    )
    for start in range(0, len(work), FILMS_PER_BATCH):
        rows = albums_.AlbumRows()
        for film, relation, stream in work[start : start + FILMS_PER_BATCH]:
            rnd = film_random(seed, stream, film.id)
            made = albums_.album_rows(rnd, film, relation, pools=pools, credits=credits, ids=ids)
            for name in ("albums", "title_links", "credits", "releases", "media"):
                getattr(rows, name).extend(getattr(made, name))
            rows.recordings += made.recordings
            rows.tracks += made.tracks
        load(ArtistCredit, albums_.CREDIT_COLUMNS, credits.rows)
        load(ArtistCreditName, albums_.CREDIT_NAME_COLUMNS, credits.names)
        credits.rows, credits.names = [], []
        counts.albums += load(Album, albums_.ALBUM_COLUMNS, rows.albums)
        load(AlbumTitle, albums_.ALBUM_TITLE_COLUMNS, rows.title_links)
        load(AlbumCredit, albums_.ALBUM_CREDIT_COLUMNS, rows.credits)
        counts.releases += load(Release, albums_.RELEASE_COLUMNS, rows.releases)
        load(Medium, albums_.MEDIUM_COLUMNS, rows.media)
        counts.recordings += load(Recording, albums_.RECORDING_COLUMNS, rows.recordings)
        counts.tracks += load(Track, albums_.TRACK_COLUMNS, rows.tracks)
        progress("albums", counts.albums)
    return counts


def releases_generate(seed: int, progress: Progress) -> ReleaseCounts:
    """Editions and albums for the movies already in the database."""
    films = films_read()
    counts = editions_generate(seed, films, progress)
    music = albums_generate(seed, films, progress)
    for name in ("albums", "releases", "tracks", "recordings"):
        setattr(counts, name, getattr(music, name))
    sequences_reset(*NUMBERED)
    return counts


def releases_add(seed: int, progress: Progress) -> ReleaseCounts:
    """`generate_scale --only releases`: add editions and albums to a catalogue generated
    without them, then refresh the planner's statistics and every cached page. All or
    nothing: a failure removes what it wrote."""
    from cinemeter.catalog.models import Title, TitleKind

    if not Title.objects.filter(kind=TitleKind.MOVIE).exists():
        raise ReleasesError("The database has no movies; generate a catalogue first.")
    for model in (Edition, Album, Recording):
        if model._default_manager.exists():
            raise ReleasesError(
                f"The database already has {model._meta.verbose_name_plural}; "
                "releases are added to a catalogue without any."
            )
    try:
        counts = releases_generate(seed, progress)
    except BaseException:
        releases_delete()
        raise
    analyze()
    versions_bump_now([CATALOGUE])
    return counts


def releases_delete() -> None:
    """Every edition and album with everything hanging off them (the clean-up of a failed
    `releases_add`, which only runs on a database that had none)."""
    for model in (
        Track,
        Recording,
        Medium,
        Release,
        AlbumCredit,
        AlbumTitle,
        Album,
        ArtistCreditName,
        ArtistCredit,
        FeaturePerson,
        EditionFeature,
        Edition,
    ):
        model._default_manager.all().delete()
