"""Loads the demo soundtrack albums of Escape from L.A. through the music services.

Two albums (music.json, the project's own words): the score by Shirley Walker & John
Carpenter with its first CD, the expanded limited edition and the double-vinyl reissue, and
the songs album with the tracks we could confirm. Names that are catalogue people (the two
composers) are linked; bands stay names. Idempotent: an album the film already has (by name) is left
alone (the whole load is one write unit, so an album is never there in part).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from cinemeter.catalog.models import Company, Person, Title
from cinemeter.catalog.slugs import slug_base
from cinemeter.core.writes import write_unit
from cinemeter.releases.editions.models import DatePrecision
from cinemeter.releases.music import services
from cinemeter.releases.music.models import Album, Release
from cinemeter.releases.music.services import CreditName, MediumInput, TrackInput

DATA_FILE = Path(__file__).with_name("music.json")


def _date(text: str) -> tuple[date, str]:
    """ "1996" -> 1 January 1996 known to the year; "1996-05" to the month; else the day."""
    parts = text.split("-")
    if len(parts) == 1:
        return date(int(parts[0]), 1, 1), DatePrecision.YEAR
    if len(parts) == 2:
        return date(int(parts[0]), int(parts[1]), 1), DatePrecision.MONTH
    return date.fromisoformat(text), DatePrecision.DAY


def _person_id(name: str) -> int | None:
    return Person.objects.filter(name=name).values_list("pk", flat=True).first()


def _credit(pairs: list[list[str]]) -> list[CreditName]:
    return [CreditName(name, join, _person_id(name)) for name, join in pairs]


def _label(name: str | None) -> Company | None:
    if not name:
        return None
    company, _created = Company.objects.get_or_create(
        slug=slug_base(name, "label"), defaults={"name": name}
    )
    return company


def _release(album: Album, spec: dict[str, Any]) -> None:
    released, precision = _date(spec["date"])
    release = services.release_save(
        Release(
            album=album,
            title=album.title,
            label=_label(spec.get("label")),
            release_date=released,
            date_precision=precision,
            barcode=spec.get("barcode", ""),
            edition_note=spec.get("edition_note", ""),
        )
    )
    services.media_set(
        release=release,
        media=[
            MediumInput(n, m.get("format", ""), track_count=m.get("track_count"))
            for n, m in enumerate(spec["media"], start=1)
        ],
    )
    # The slug names the formats, known only now that the media are written.
    release.slug = ""
    services.release_save(release)
    tracks = spec.get("tracks", [])
    if tracks:
        services.tracks_set(
            release=release,
            tracks=[
                TrackInput(
                    medium_position=1,
                    position=n,
                    title=t["title"],
                    credit=_credit([[t["artist"], ""]]),
                    first_release_text=t.get("first_release", ""),
                )
                for n, t in enumerate(tracks, start=1)
            ],
        )


def demo_music_load(*, data_file: Path = DATA_FILE) -> int:
    """Add the demo albums that are missing; returns how many were added."""
    data: dict[str, Any] = json.loads(data_file.read_text(encoding="utf-8"))
    title = Title.objects.filter(
        title=data["title"], year=data["year"], parent__isnull=True
    ).first()
    if title is None:
        return 0
    added = 0
    with write_unit():
        for spec in data["albums"]:
            first, precision = _date(spec["first_release"])
            album = Album(
                title=spec["title"],
                is_soundtrack=spec.get("soundtrack", False),
                is_compilation=spec.get("compilation", False),
                first_release_date=first,
                date_precision=precision,
                note=spec.get("note", ""),
            )
            if Album.objects.filter(title=album.title, title_links__title=title).exists():
                continue
            album.artist_credit = services.artist_credit_get(_credit(spec["credit"]))
            services.album_save(album)
            services.album_titles_set(album=album, links=[(title, spec["relation"])])
            services.album_credits_set(
                album=album,
                credits=[
                    (Person.objects.filter(name=name).first(), name, role)
                    for name, role in spec["credits"]
                ],
            )
            for release in spec["releases"]:
                _release(album, release)
            added += 1
    return added
