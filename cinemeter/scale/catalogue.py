"""The generated catalogue: films, shows with seasons and episodes, people, credits, genres
and IMDb ratings. Ids are assigned here, in blocks: films, shows, seasons, episodes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

import numpy as np
from django.db import connection
from django.utils import timezone

from cinemeter.catalog.models import (
    Credit,
    Department,
    ExternalRating,
    ExternalSource,
    Genre,
    Person,
    Title,
    TitleKind,
)
from cinemeter.core.text import slug_of as _slug_of
from cinemeter.scale import names, sampling
from cinemeter.scale.load import load
from cinemeter.scale.presets import Preset

Progress = Callable[[str, int], None]

# Made-up names repeat (a few thousand distinct ones): slug each once.
slug_of = lru_cache(maxsize=None)(_slug_of)

FILM_KIND_SHARES = {
    TitleKind.MOVIE: 0.85,
    TitleKind.TV_MOVIE: 0.05,
    TitleKind.SHORT: 0.05,
    TitleKind.VIDEO: 0.03,
    TitleKind.TV_SPECIAL: 0.02,
}
# One title in this many films and shows has a cast of hundreds (at least three such titles).
HEAVY_ONE_IN = 20_000
RELEASE_YEAR_LAST = 2025


@dataclass
class Catalogue:
    """What the rest of the generator needs to know about the generated catalogue."""

    votable: int  # films and shows have title ids 1..votable
    heaviest: np.ndarray[Any, Any]  # title indexes with the largest casts
    quality: np.ndarray[Any, Any]  # per votable title, for the vote values
    titles: int
    actors: int


def _years(rng: np.random.Generator, count: int) -> np.ndarray[Any, Any]:
    """Release years, more of them recent, as in any film database."""
    ages = np.floor(rng.exponential(18, count)).astype(np.int64)
    return np.maximum(RELEASE_YEAR_LAST - ages, 1900)


def _title_row(
    number: int, kind: str, year: int, day: int, extra: dict[str, Any]
) -> tuple[Any, ...]:
    name = extra.get("name") or names.title_name(number)
    released = date(year, 1 + day % 12, 1 + day % 28)
    return (
        number,
        kind,
        f"{slug_of(name)}-{number}",
        name,
        year,
        extra.get("end_year"),
        extra.get("runtime"),
        extra.get("plot", ""),
        released.isoformat() if extra.get("dated", True) else None,
        "en",
        extra.get("parent"),
        extra.get("season"),
        extra.get("episode"),
    )


TITLE_COLUMNS = (
    "id",
    "kind",
    "slug",
    "title",
    "year",
    "end_year",
    "runtime_minutes",
    "plot",
    "release_date",
    "original_language",
    "parent_id",
    "season_number",
    "episode_number",
)


def _plot(number: int) -> str:
    a = names.ADJECTIVES[number % len(names.ADJECTIVES)].lower()
    n = names.NOUNS[number * 7 % len(names.NOUNS)].lower()
    m = names.NOUNS[number * 13 % len(names.NOUNS)].lower()
    return f"A {a} story about a {n}, told over one {m}."


def titles_generate(rng: np.random.Generator, preset: Preset, progress: Progress) -> Catalogue:
    films, shows = preset.movies, preset.shows
    kinds = rng.choice(
        list(FILM_KIND_SHARES), size=films, p=list(FILM_KIND_SHARES.values())
    ).tolist()
    years = _years(rng, films + shows).tolist()
    days = rng.integers(0, 336, films + shows).tolist()
    runtimes = rng.integers(75, 160, films).tolist()
    seasons = sampling.seasons_per_show(rng, shows, preset.seasons).tolist()
    episodes = rng.integers(6, 14, preset.seasons).tolist()

    def rows() -> Iterator[tuple[Any, ...]]:
        for i in range(films):
            extra = {"runtime": runtimes[i], "plot": _plot(i)}
            yield _title_row(i + 1, kinds[i], years[i], days[i], extra)
        for s in range(shows):
            i = films + s
            end = min(years[i] + seasons[s] - 1, RELEASE_YEAR_LAST)
            kind = TitleKind.MINISERIES if seasons[s] == 1 and s % 3 == 0 else TitleKind.SERIES
            yield _title_row(i + 1, kind, years[i], days[i], {"end_year": end, "plot": _plot(i)})
        number = films + shows
        season_ids = []
        for s in range(shows):
            show_id, first = films + s + 1, years[films + s]
            for season in range(1, seasons[s] + 1):
                number += 1
                season_ids.append((number, min(first + season - 1, RELEASE_YEAR_LAST)))
                name = f"Season {season}"
                extra = {"name": name, "parent": show_id, "season": season, "dated": False}
                yield _title_row(number, TitleKind.SEASON, season_ids[-1][1], 0, extra)
        for (season_id, year), count in zip(season_ids, episodes, strict=True):
            for episode in range(1, count + 1):
                number += 1
                extra = {"parent": season_id, "episode": episode, "runtime": 45}
                yield _title_row(number, TitleKind.EPISODE, year, episode * 7, extra)
            if number % 10_000 < count:
                progress("titles", number)

    written = load(Title, TITLE_COLUMNS, rows())
    progress("titles", written)
    votable = films + shows
    heavy = max(3, votable // HEAVY_ONE_IN)
    return Catalogue(
        votable=votable,
        heaviest=rng.choice(films, size=heavy, replace=False),
        quality=rng.normal(0, sampling.QUALITY_SD, votable),
        titles=written,
        actors=preset.actors,
    )


def genres_generate(rng: np.random.Generator, catalogue: Catalogue) -> None:
    genre_ids = [
        Genre.objects.get_or_create(slug=slug_of(name), defaults={"name": name})[0].pk
        for name in names.GENRES
    ]
    firsts = rng.integers(0, len(genre_ids), catalogue.votable).tolist()
    seconds = rng.integers(0, len(genre_ids), catalogue.votable).tolist()
    through = Title.genres.through

    def rows() -> Iterator[tuple[int, int]]:
        for i in range(catalogue.votable):
            yield (i + 1, genre_ids[firsts[i]])
            if seconds[i] != firsts[i] and i % 2:
                yield (i + 1, genre_ids[seconds[i]])

    load(through, ("title_id", "genre_id"), rows())


def people_generate(rng: np.random.Generator, catalogue: Catalogue, progress: Progress) -> None:
    """Actors (ids 1..actors, each with at least one acting credit), then the crew, and all
    their credits: every film and show gets a cast, a director or two and one to three
    writers."""
    crew = max(10, catalogue.votable * 2 // 5)
    births = rng.integers(1900, 2005, catalogue.actors + crew).tolist()

    def people() -> Iterator[tuple[Any, ...]]:
        for i in range(catalogue.actors + crew):
            name = names.person_name(i)
            yield (i + 1, name, f"{slug_of(name)}-{i + 1}", births[i])

    progress("people", load(Person, ("id", "name", "slug", "birth_year"), people()))

    sizes = sampling.cast_sizes(rng, catalogue.votable, catalogue.heaviest, catalogue.actors)
    titles, actors, billing = sampling.cast_people(rng, sizes, catalogue.actors)
    characters = [f"{n}" for n in names.FIRST_NAMES]
    acting = zip(titles.tolist(), actors.tolist(), billing.tolist(), strict=True)
    columns = ("title_id", "person_id", "department", "job", "character", "billing_order")
    count = load(
        Credit,
        columns,
        (
            (t + 1, a + 1, Department.ACTING, "", characters[(t + a) % len(characters)], b)
            for t, a, b in acting
        ),
    )
    progress("credits", count)
    for department, job, spread in (
        (Department.DIRECTING, "Director", (1, 2)),
        (Department.WRITING, "Screenplay", (1, 3)),
    ):
        titles, people_ = sampling.crew_people(rng, catalogue.votable, crew, spread)
        rows = (
            (t + 1, catalogue.actors + p + 1, department, job, "", None)
            for t, p in zip(titles.tolist(), people_.tolist(), strict=True)
        )
        count += load(Credit, columns, rows)
        progress("credits", count)


def ratings_generate(rng: np.random.Generator, catalogue: Catalogue) -> None:
    """An IMDb rating for every film, in line with its quality (the home page lists by it)."""
    fetched = connection.ops.adapt_datetimefield_value(timezone.now())
    values = np.clip(np.round(6.3 + catalogue.quality * 1.5, 1), 1, 10).tolist()
    votes = np.round(rng.lognormal(7, 1.8, catalogue.votable)).astype(np.int64).tolist()
    load(
        ExternalRating,
        ("title_id", "source", "value", "votes", "fetched_at"),
        (
            (i + 1, ExternalSource.IMDB, Decimal(f"{values[i]:.1f}"), votes[i], fetched)
            for i in range(catalogue.votable)
        ),
    )
