"""The generated catalogue's films as the editions and albums generators see them: read back
from the database, so releases can be added to a catalogue generated earlier (and give the
same rows as when generated with it).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

import numpy as np
import numpy.typing as npt
from django.db.models import Q

from cinemeter.catalog.models import Credit, Department, Title, TitleKind, TitleScore

# Films whose leading people are read per query (`title_id IN (...)`).
LEADS_PER_QUERY = 500
# The leading actors of a film: its first few billed.
LEAD_ACTORS = 3


@dataclass
class Film:
    """A movie of the catalogue: its name and year, how popular it is among the movies (0 the
    least voted, 1 the most) and, once read, its directors and leading actors as
    (person id, name)."""

    id: int
    slug: str
    name: str
    year: int
    popularity: float
    directors: list[tuple[int, str]] = field(default_factory=list)
    actors: list[tuple[int, str]] = field(default_factory=list)


def films_read() -> list[Film]:
    """Every movie (kind "movie": not shorts, TV films or videos), by id, with its
    popularity rank by votes."""
    rows = list(
        Title.objects.filter(kind=TitleKind.MOVIE, year__isnull=False)
        .order_by("pk")
        .values_list("pk", "slug", "title", "year")
    )
    votes = dict(
        TitleScore.objects.filter(title__kind=TitleKind.MOVIE).values_list("title_id", "vote_count")
    )
    counts = np.array([votes.get(row[0], 0) for row in rows], dtype=np.int64)
    ranks = np.empty(len(rows))
    ranks[np.lexsort((np.arange(len(rows)), counts))] = np.arange(len(rows))
    scale = max(1, len(rows) - 1)
    return [
        Film(pk, slug, name, year or 0, float(rank / scale))
        for (pk, slug, name, year), rank in zip(rows, ranks.tolist(), strict=True)
    ]


def lead_rows(film_ids: Iterable[int]) -> Iterator[tuple[int, str, int, str, str]]:
    """(film id, department, person id, name, slug) of the directors and leading actors of
    these films, film by film in billing order: a query per few hundred films."""
    ids = iter(sorted(set(film_ids)))
    while chunk := list(islice(ids, LEADS_PER_QUERY)):
        yield from (
            Credit.objects.filter(title_id__in=chunk)
            .filter(
                Q(department=Department.DIRECTING)
                | Q(department=Department.ACTING, billing_order__lt=LEAD_ACTORS)
            )
            .order_by("title_id", "billing_order", "pk")
            .values_list("title_id", "department", "person_id", "person__name", "person__slug")
        )


def leads_read(films: Iterable[Film]) -> None:
    """Fill in the films' directors and leading actors."""
    by_id = {film.id: film for film in films}
    for title_id, department, person_id, name, _slug in lead_rows(by_id):
        film = by_id[title_id]
        people = film.directors if department == Department.DIRECTING else film.actors
        people.append((person_id, name))


def weighted_sample(
    rng: np.random.Generator, weights: npt.NDArray[np.float64], count: int
) -> npt.NDArray[np.int64]:
    """`count` distinct positions drawn in proportion to `weights` (Efraimidis–Spirakis: the
    smallest exponential keys scaled by weight), in ascending order."""
    count = min(count, len(weights))
    if count <= 0:
        return np.empty(0, dtype=np.int64)
    keys = rng.exponential(1.0, len(weights)) / weights
    chosen: npt.NDArray[np.int64] = np.sort(np.argpartition(keys, count - 1)[:count])
    return chosen


def film_random(seed: int, stream: int, film_id: int) -> random.Random:
    """A film's own random stream: what one film gets does not depend on the others."""
    return random.Random((seed << 40) ^ (stream << 32) ^ film_id)  # noqa: S311 - synthetic data


def day_in(rnd: random.Random, year: int, precision: str) -> tuple[str, str]:
    """A release date in `year` as (ISO date, precision): a month is stored as its first
    day, a year as 1 January (as the models require)."""
    month, day = rnd.randint(1, 12), rnd.randint(1, 28)
    if precision == "year":
        month = day = 1
    elif precision == "month":
        day = 1
    return f"{year:04d}-{month:02d}-{day:02d}", precision


def precision_pick(rnd: random.Random, year: int) -> str:
    """Older releases are more often known only to the year or month."""
    vague = 0.25 if year < 1995 else 0.06
    roll = rnd.random()
    if roll < vague * 0.6:
        return "year"
    if roll < vague:
        return "month"
    return "day"


def gtin(rnd: random.Random, digits: int = 13) -> str:
    """A barcode with a valid GTIN check digit."""
    body = [rnd.randint(0, 9) for _ in range(digits - 1)]
    body[0] = body[0] or 5
    total = sum(d * (3 if n % 2 == 0 else 1) for n, d in enumerate(reversed(body)))
    return "".join(map(str, body)) + str((10 - total % 10) % 10)
