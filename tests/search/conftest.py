"""A small catalogue with the names the issue's examples need, indexed through the services."""

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from cinemeter.catalog import services
from cinemeter.catalog.models import (
    AlternativeTitle,
    Department,
    ExternalSource,
    Person,
    Title,
    TitleKind,
)


@dataclass
class Catalogue:
    escape_la: Title
    escape_ny: Title
    escape_room: Title
    escape: Title
    amelie: Title
    stalker: Title
    spider_man: Title
    alien: Title
    aliens: Title
    matrix: Title
    show: Title
    episode: Title
    kurt: Person
    ken: Person


def _film(title: str, year: int, imdb_votes: int, **fields) -> Title:
    row = services.title_create(kind=TitleKind.MOVIE, title=title, year=year, **fields)
    services.external_rating_set(
        title=row,
        source=ExternalSource.IMDB,
        value=Decimal("6.0"),
        votes=imdb_votes,
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    return row


def _actor(title: Title, person: Person, character: str) -> None:
    services.credit_add(
        title=title, person=person, department=Department.ACTING, character=character
    )


@pytest.fixture
def catalogue() -> Catalogue:
    escape_la = _film("Escape from L.A.", 1996, 81_665)
    escape_ny = _film("Escape from New York", 1981, 150_000)
    escape_room = _film("Escape Room", 2019, 200_000)
    escape = _film("Escape", 2012, 300)
    amelie = _film("Amélie", 2001, 800_000, original_title="Le Fabuleux Destin d'Amélie Poulain")
    stalker = _film("Сталкер", 1979, 150_000)
    spider_man = _film("Spider-Man", 2002, 900_000)
    alien = _film("Alien", 1979, 950_000)
    aliens = _film("Aliens", 1986, 960_000)
    matrix = _film("The Matrix", 1999, 2_000_000)
    show = services.title_create(kind=TitleKind.SERIES, title="Prison Break", year=2005)
    season = services.season_create(show=show, season_number=1)
    episode = services.episode_create(season=season, episode_number=22, title="Flight")
    kurt = services.person_create(name="Kurt Russell")
    ken = services.person_create(name="Ken Russell")
    _actor(escape_la, kurt, "Snake Plissken")
    _actor(escape_ny, kurt, "Snake Plissken")
    _actor(escape_la, services.person_create(name="Steve Buscemi"), "Map to the Stars Eddie")
    # An AKA written the way importers write them, then announced as the importers will.
    AlternativeTitle.objects.create(title=escape_la, name="Flucht aus L.A.", region="DE")
    services.catalogue_related_saved(escape_la)
    return Catalogue(
        escape_la, escape_ny, escape_room, escape, amelie, stalker, spider_man, alien, aliens,
        matrix, show, episode, kurt, ken,
    )  # fmt: skip
