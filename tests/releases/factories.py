"""Editions and features for the tests, written through the edition services."""

from datetime import date
from typing import Any

from cinemeter.catalog.models import Company, Title
from cinemeter.releases.editions import services
from cinemeter.releases.editions.models import Edition, EditionFeature


def edition(title: Title, name: str = "Special Edition", **fields: Any) -> Edition:
    fields.setdefault("format", "blu-ray")
    fields.setdefault("release_date", date(2020, 5, 26))
    return services.edition_save(Edition(title=title, name=name, **fields))


def label(name: str = "Scream Factory") -> Company:
    company, _ = Company.objects.get_or_create(
        slug=name.lower().replace(" ", "-"), defaults={"name": name}
    )
    return company


def features(on: Edition, *rows: tuple[str, str]) -> list[EditionFeature]:
    """(kind, title) pairs, appended in order."""
    return services.features_add(
        edition=on, features=[EditionFeature(kind=kind, title=title) for kind, title in rows]
    )
