"""What an importer hands the music write path: plain frozen records of one release group
and its releases, keyed by MusicBrainz ids (MBIDs).

`ingest.sources.musicbrainz` parses ws/2 responses into these; `music.upserts` writes them.
As in the catalogue's records, an empty value ("", None) means "this document does not say",
never "erase": a release group lookup lists its releases without their tracks, a release
lookup names its release group without its URL relations, and neither erases the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cinemeter.catalog.bulk import Ref


@dataclass(frozen=True)
class ArtistName:
    """One name of an artist credit as the source prints it ("CoLD SToRAGE", " & "), with
    the artist's MBID and own name (the credit may use another spelling)."""

    name: str
    join_phrase: str = ""
    artist_mbid: str | None = None
    artist_name: str = ""


# A credit as a list of names; None where the document does not say.
Credit = tuple[ArtistName, ...]


@dataclass(frozen=True)
class LinkRecord:
    """An external page: `kind` is one of `LinkKind`, `url` an http(s) address."""

    kind: str
    url: str


@dataclass(frozen=True)
class TrackRecord:
    """One line of a medium's tracklist, with the recording it carries."""

    position: int
    title: str
    number: str = ""
    length_ms: int | None = None
    credit: Credit | None = None
    mbid: str | None = None
    recording_mbid: str | None = None
    recording_title: str = ""
    recording_length_ms: int | None = None
    recording_credit: Credit | None = None
    isrcs: tuple[str, ...] = ()


@dataclass(frozen=True)
class MediumRecord:
    """One disc of a release. `tracks` is None when the document does not list them (a
    release group's inlined releases), which leaves any known tracklist alone."""

    position: int
    format: str = ""
    name: str = ""
    track_count: int | None = None
    tracks: tuple[TrackRecord, ...] | None = None


@dataclass(frozen=True)
class LabelRecord:
    """The label a release came out on: a catalogue company by its MBID."""

    mbid: str
    name: str


@dataclass(frozen=True)
class ReleaseRecord:
    """One release. `media` is None when the document does not list them."""

    mbid: str
    title: str
    credit: Credit | None = None
    label: LabelRecord | None = None
    catalogue_number: str = ""
    barcode: str = ""
    release_date: date | None = None
    date_precision: str = "day"
    country_code: str = ""
    status: str = ""
    packaging: str = ""
    edition_note: str = ""
    media: tuple[MediumRecord, ...] | None = None
    links: tuple[LinkRecord, ...] = ()


@dataclass(frozen=True)
class AlbumRecord:
    """A release group. `title_refs` name the films or shows it belongs to (IMDb and
    Wikidata ids from its URL relations), `relation` how (`AlbumRelation`)."""

    mbid: str
    title: str
    album_type: str = "album"
    is_soundtrack: bool = False
    is_compilation: bool = False
    first_release_date: date | None = None
    date_precision: str = "day"
    disambiguation: str = ""
    credit: Credit | None = None
    links: tuple[LinkRecord, ...] = ()
    title_refs: tuple[Ref, ...] = ()
    relation: str = "score"


@dataclass(frozen=True)
class AlbumBundle:
    """Everything one document says: a release group with some of its releases, or one
    release with its release group. `album` is None for a release that does not name its
    release group: the release then keeps the album it has, or gets one of its own.
    `cleaned` names the fields dropped as unusable (a barcode that is no GTIN), for the
    import's summary."""

    album: AlbumRecord | None
    releases: tuple[ReleaseRecord, ...] = ()
    cleaned: tuple[str, ...] = ()
    line: int = 0
