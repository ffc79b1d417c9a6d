"""What the home-video parsers make of their files: plain frozen records, no database.

An `EditionRecord` is one physical release (a TheDiscDb release folder, a filmbrainz file)
with the features on its discs; a `WikidataFilm` is what a Wikidata item says about a film's
releases. Each names its film by a `FilmKey` (ids where the source has them, else the title
printed on the packaging) and carries the file to blame (`file`) for the rejects report.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from cinemeter.catalog.bulk import Ref


class ParseError(ValueError):
    """A file (or a release folder's file) that cannot be imported; the message is the reason
    and `file` the path to name in the rejects report, when it is not the unit's own."""

    def __init__(self, reason: str, *, line: int = 1, file: str = "") -> None:
        super().__init__(reason)
        self.line = line
        self.file = file


@dataclass(frozen=True)
class FilmKey:
    """How a record names its film: by ids (TheDiscDb, Wikidata), else by the title on its
    packaging with the year its content copyright gives, when it gives one (filmbrainz)."""

    refs: tuple[Ref, ...] = ()
    name: str = ""
    year: int | None = None

    def __str__(self) -> str:
        if self.refs:
            return ", ".join(str(ref) for ref in self.refs)
        return f"“{self.name}”" + (f" ({self.year})" if self.year else "")


@dataclass(frozen=True)
class FeatureRecord:
    """One extra on a release, with its kind already one of the site's `FeatureKind`s."""

    title: str
    kind: str
    duration_seconds: int | None = None
    description: str = ""


@dataclass(frozen=True)
class DiscRecord:
    """One disc of a release as its source describes it: TheDiscDb keeps the format per disc
    (a 4K set is a UHD and a Blu-ray). `shared_from` names another release's disc that this
    one is (a `.ref` file)."""

    number: int
    name: str
    format: str
    shared_from: str = ""


@dataclass(frozen=True)
class CompanyMention:
    """A company printed on the packaging, by name, in one of the catalogue's company roles."""

    name: str
    role: str


@dataclass(frozen=True)
class EditionRecord:
    """One release as the site's `Edition` fields, its features and the companies it names."""

    source: str  # an EditionSource value
    external_id: str
    film: FilmKey
    name: str
    format: str  # an EditionFormat value
    file: str  # the path to name in reports, relative to the argument it was found under
    gtin: str = ""
    release_date: datetime.date | None = None
    date_precision: str = "day"
    country_code: str = ""
    region_code: str = ""
    part_number: str = ""
    disc_count: int | None = None
    classification_board: str = ""
    classification_rating: str = ""
    aspect_ratio: str = ""
    audio_tracks: tuple[str, ...] = ()
    subtitle_tracks: tuple[str, ...] = ()
    packaging: str = ""
    label: str = ""
    companies: tuple[CompanyMention, ...] = ()
    features: tuple[FeatureRecord, ...] = ()
    discs: tuple[DiscRecord, ...] = ()
    line: int = 1

    def edition_values(self) -> dict[str, Any]:
        """The `Edition` fields this record sets (empty ones keep what an edition has)."""
        return {
            "name": self.name,
            "format": self.format,
            "release_date": self.release_date,
            "date_precision": self.date_precision,
            "country_code": self.country_code,
            "region_code": self.region_code,
            "gtin": self.gtin,
            "part_number": self.part_number,
            "disc_count": self.disc_count,
            "classification_board": self.classification_board,
            "classification_rating": self.classification_rating,
            "aspect_ratio": self.aspect_ratio,
            "audio_tracks": "\n".join(self.audio_tracks),
            "subtitle_tracks": "\n".join(self.subtitle_tracks),
            "packaging": self.packaging,
        }


@dataclass(frozen=True)
class WikidataFilm:
    """A Wikidata film item's links: its own id, the film's IMDb and TMDb ids, the items of
    its soundtrack releases and of the formats it was distributed on (with the site's
    format where the item is a known one)."""

    qid: str
    label: str
    refs: tuple[Ref, ...]
    soundtracks: tuple[str, ...] = ()
    formats: tuple[tuple[str, str], ...] = ()  # (item id, EditionFormat value or "")
    file: str = ""
    line: int = 1

    @property
    def film(self) -> FilmKey:
        return FilmKey(refs=self.refs)


HomeVideoRecord = EditionRecord | WikidataFilm
