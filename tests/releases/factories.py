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


def album(title: Title | None = None, name: str = "Escape from L.A. (Score)", **fields: Any):
    """An album written through the music services, linked to `title` as its score."""
    from cinemeter.releases.music import services as music
    from cinemeter.releases.music.models import Album

    fields.setdefault("first_release_date", date(1996, 1, 1))
    fields.setdefault("date_precision", "year")
    made = music.album_save(Album(title=name, **fields))
    if title is not None:
        music.album_titles_set(album=made, links=[(title, "score")])
    return made


def release(on: Any, when: date | None = None, tracks: tuple[str, ...] = (), **fields: Any):
    """A release of `on` with one CD and these track titles, each its own recording unless
    `recordings` (title -> Recording) says which recording it carries."""
    from cinemeter.releases.music import services as music
    from cinemeter.releases.music.models import Release

    recordings = fields.pop("recordings", {})
    fields.setdefault("date_precision", "year")
    made = music.release_save(
        Release(album=on, title=on.title, release_date=when or date(1996, 1, 1), **fields)
    )
    music.media_set(release=made, media=[music.MediumInput(1, "CD")])
    music.tracks_set(
        release=made,
        tracks=[
            music.TrackInput(1, n, title, number=str(n), recording=recordings.get(title))
            for n, title in enumerate(tracks, start=1)
        ],
    )
    return made
