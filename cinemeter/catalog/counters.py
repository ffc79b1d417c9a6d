"""The catalogue's site counters and how each is computed from scratch."""

from cinemeter.catalog.models import Credit, Department, Title, TitleKind
from cinemeter.core.counters import counter_register


def count_movies() -> int:
    return int(Title.objects.films().count())


def count_shows() -> int:
    return int(Title.objects.shows().count())


def count_seasons() -> int:
    return Title.objects.filter(kind=TitleKind.SEASON).count()


def count_actors() -> int:
    """People with at least one acting credit."""
    return int(
        Credit.objects.filter(department=Department.ACTING).values("person_id").distinct().count()
    )


def register_catalog_counters() -> None:
    counter_register("movies", count_movies)
    counter_register("shows", count_shows)
    counter_register("seasons", count_seasons)
    counter_register("actors", count_actors)
