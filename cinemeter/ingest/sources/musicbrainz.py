"""MusicBrainz: ws/2 release and release-group lookups as album records.

Pure parsing, no database. `documents(path)` reads a file (one JSON lookup, JSON Lines with
one entity per line as in MusicBrainz's JSON dumps, or one ws/2 XML lookup; any of them
gzipped) and yields each document as an `AlbumBundle` (`releases.music.records`), or the
`DocumentError` that refuses it, whose message is the reason in the rejects file.

What is read:

- A **release group** lookup (`inc=releases`, `url-rels` optional) is an album with the
  releases it inlines; those come without tracks, so only their media's formats and
  `track-count` are known. A **release** lookup is one release with its media and
  tracklist (and `data-tracks`, the data part of an enhanced CD) and names its release
  group, which is the album. A release that names none keeps the album it already has, or
  gets one of its own made from it.
- Artist credits as printed (name, join phrase, artist MBID), on the album, the release,
  every track and recording. Label info: the first label with an MBID becomes the release's
  label (a catalogue company), the first catalogue number its catalogue number.
- URL relations only (other relations name artists, series and other release groups):
  they become links by `LINK_KINDS`, else by the address's site; an album and a release
  also link to their own MusicBrainz page. A release group's IMDb title URL (relation
  "IMDb") or Wikidata item names the film it belongs to; the writer links the album to the
  catalogue title with that id, if there is one.
- **How an album belongs to its film** (`album_relation`): a title saying "songs" or
  "music from and inspired by" is the songs album; else a Compilation (secondary type) is a
  compilation; else a title saying "expanded" or "complete" is the expanded score; else the
  score (the IMDb relation exists for soundtracks only).
- Dates "YYYY", "YYYY-MM", "YYYY-MM-DD" with their precision; lengths in milliseconds;
  `number` as printed ("A1"); an unknown medium format is kept as its text.

What is not: the supplementary data under CC BY-NC-SA (`annotation`, `tags`, `user-tags`,
`genres`, `user-genres`, `rating`, `collections`) is never read, as MusicBrainz's data
licence asks; nor are aliases, ASINs, disc ids or cover-art flags.

Cleaning and refusing: a value that cannot be used but does not make the document doubtful
is dropped and named in `AlbumBundle.cleaned` (a barcode that is no valid GTIN, such as the
Picard sample's "123"; an impossible date or country code; a URL that is no web address).
A document that cannot be imported (broken JSON or XML, no id or an id that is no MBID, no
title, a track without a position, a position twice, another entity type) is refused whole.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from cinemeter.catalog.bulk import Ref
from cinemeter.catalog.models import ExternalSource
from cinemeter.ingest.readers import open_text
from cinemeter.ingest.sources.musicbrainz_xml import XmlDocumentError, xml_document
from cinemeter.releases.editions.models import DatePrecision
from cinemeter.releases.music.models import AlbumRelation, AlbumType, LinkKind
from cinemeter.releases.music.records import (
    AlbumBundle,
    AlbumRecord,
    ArtistName,
    Credit,
    LabelRecord,
    LinkRecord,
    MediumRecord,
    ReleaseRecord,
    TrackRecord,
)

RELEASE, RELEASE_GROUP = "release", "release-group"
JSON_SUFFIXES, LINES_SUFFIXES, XML_SUFFIXES = (".json",), (".jsonl", ".ndjson"), (".xml",)
SUFFIXES = (*JSON_SUFFIXES, *LINES_SUFFIXES, *XML_SUFFIXES)
MUSICBRAINZ_URL = "https://musicbrainz.org/{entity}/{mbid}"

ALBUM_TYPES = {
    "Album": AlbumType.ALBUM,
    "Single": AlbumType.SINGLE,
    "EP": AlbumType.EP,
    "Broadcast": AlbumType.BROADCAST,
    "Other": AlbumType.OTHER,
}
# URL relation types (lower case, as ws/2 spells them) -> link kinds.
LINK_KINDS: dict[str, str] = {
    "discogs": LinkKind.DISCOGS,
    "wikidata": LinkKind.WIKIDATA,
    "allmusic": LinkKind.ALLMUSIC,
    "wikipedia": LinkKind.WIKIPEDIA,
    "imdb": LinkKind.IMDB,
    "discography entry": LinkKind.LABEL,  # the release on its label's (or artist's) site
    "streaming": LinkKind.STREAMING,
    "free streaming": LinkKind.STREAMING,
    "streaming music": LinkKind.STREAMING,
    "purchase for download": LinkKind.PURCHASE,
    "purchase for mail-order": LinkKind.PURCHASE,
    "amazon asin": LinkKind.PURCHASE,
}
# ... and, for any other type, the site's address.
LINK_SITES: dict[str, str] = {
    "discogs.com": LinkKind.DISCOGS,
    "wikidata.org": LinkKind.WIKIDATA,
    "allmusic.com": LinkKind.ALLMUSIC,
    "wikipedia.org": LinkKind.WIKIPEDIA,
    "imdb.com": LinkKind.IMDB,
    "spotify.com": LinkKind.STREAMING,
    "music.apple.com": LinkKind.STREAMING,
    "deezer.com": LinkKind.STREAMING,
    "tidal.com": LinkKind.STREAMING,
    "bandcamp.com": LinkKind.STREAMING,
    "soundcloud.com": LinkKind.STREAMING,
    "music.youtube.com": LinkKind.STREAMING,
}

TITLE_MAX, NAME_MAX, JOIN_MAX, NUMBER_MAX, FORMAT_MAX = 300, 300, 40, 10, 40
MEDIUM_NAME_MAX, CATALOGUE_MAX, STATUS_MAX, PACKAGING_MAX, ISRCS_MAX = 200, 60, 20, 60, 200
LABEL_MAX, URL_MAX, SMALL_MAX, INTEGER_MAX = 200, 500, 32_767, 2_147_483_647

_MBID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_ISRC = re.compile(r"^[A-Z]{2}[A-Z0-9]{3}\d{7}$")
_IMDB_TITLE = re.compile(r"imdb\.com/(?:[a-z-]+/)?title/(tt\d{7,10})\b")
_WIKIDATA_ITEM = re.compile(r"wikidata\.org/(?:wiki|entity)/(Q\d+)$")
_SONGS = re.compile(r"\bsongs?\b|music from and inspired by", re.IGNORECASE)
_EXPANDED = re.compile(r"\b(?:expanded|complete)\b", re.IGNORECASE)
_url_valid = URLValidator(schemes=["http", "https"])


class DocumentError(ValueError):
    """A document that cannot be imported; the message is the reason."""

    def __init__(self, reason: str, *, line: int = 1) -> None:
        super().__init__(reason)
        self.line = line


# --- Files ----------------------------------------------------------------------------------


def file_kind(path: Path) -> str | None:
    """ "json", "jsonl" or "xml" by the file's name (plain or .gz), else None."""
    name = path.name.lower().removesuffix(".gz")
    for kind, suffixes in (("json", JSON_SUFFIXES), ("jsonl", LINES_SUFFIXES)):
        if name.endswith(suffixes):
            return kind
    return "xml" if name.endswith(XML_SUFFIXES) else None


def entity_hint(path: Path) -> str | None:
    """What the path says the file holds: a ws/2 folder (`release-group/<mbid>.json`) or a
    dump's file name (`mbdump/release`). The document's own keys come first."""
    stem = path.name.lower().split(".", 1)[0]
    for name in (path.parent.name.lower(), stem):
        if name in (RELEASE, RELEASE_GROUP):
            return name
    return None


def documents(path: Path, *, limit: int | None = None) -> Iterator[AlbumBundle | DocumentError]:
    """Every document of the file (up to `limit`), parsed or refused."""
    kind, hint = file_kind(path), entity_hint(path)
    if kind == "json":
        try:
            data = _read_json(path)
        except DocumentError as error:
            yield error
            return
        yield _parse_or_error(data, line=1, hint=hint)
    elif kind == "jsonl":
        yield from _json_lines(path, hint=hint, limit=limit)
    elif kind == "xml":
        yield _xml(path)
    else:
        yield DocumentError(
            "not a file ingest_musicbrainz reads (ws/2 lookups as .json or .xml, JSON Lines "
            "as .jsonl; any of them .gz)"
        )


def _parse_or_error(data: Any, *, line: int, hint: str | None) -> AlbumBundle | DocumentError:
    try:
        return parse_document(data, line=line, hint=hint)
    except DocumentError as error:
        error.line = line
        return error


def _read_json(path: Path) -> Any:
    try:
        with open_text(path) as handle:
            return json.load(handle)
    except UnicodeDecodeError as error:
        raise DocumentError(f"not valid UTF-8 ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise DocumentError(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            line=error.lineno,
        ) from None
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise DocumentError(f"the gzip data is truncated or corrupt ({error})") from None
    except RecursionError:
        raise DocumentError("not valid JSON: nested too deeply") from None


def _json_lines(
    path: Path, *, hint: str | None, limit: int | None
) -> Iterator[AlbumBundle | DocumentError]:
    """One entity per line, read line by line: a dump's size never sits in memory."""
    number = 0
    try:
        with open_text(path) as handle:
            for number, text in enumerate(handle, start=1):
                if limit is not None and number > limit:
                    return
                if not text.strip():
                    continue
                try:
                    data = json.loads(text)
                except json.JSONDecodeError as error:
                    yield DocumentError(f"not valid JSON: {error.msg}", line=number)
                    continue
                except RecursionError:
                    yield DocumentError("not valid JSON: nested too deeply", line=number)
                    continue
                yield _parse_or_error(data, line=number, hint=hint)
    except UnicodeDecodeError as error:
        yield DocumentError(f"not valid UTF-8 ({error.reason})", line=number + 1)
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        yield DocumentError(f"the gzip data is truncated or corrupt ({error})", line=number + 1)


def _xml(path: Path) -> AlbumBundle | DocumentError:
    try:
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as handle:
                data = handle.read()
        else:
            data = path.read_bytes()
        entity, tree = xml_document(data)
    except XmlDocumentError as error:
        return DocumentError(str(error))
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        return DocumentError(f"the gzip data is truncated or corrupt ({error})")
    return _parse_or_error(tree, line=1, hint=entity)


# --- Documents ------------------------------------------------------------------------------


def parse_document(data: Any, *, line: int = 1, hint: str | None = None) -> AlbumBundle:
    """A release or release-group lookup (a JSON object), as one bundle."""
    if not isinstance(data, dict):
        raise DocumentError(
            f"not a MusicBrainz lookup (a JSON {type(data).__name__}, not an object)"
        )
    if "error" in data and "id" not in data:
        raise DocumentError(f"a MusicBrainz error response: {data['error']}")
    entity = entity_of(data, hint)
    reader = _Reader()
    if entity == RELEASE_GROUP:
        album: AlbumRecord | None = reader.album(data, "release group")
        releases = reader.releases(data.get("releases"))
    else:
        release = reader.release(data, "release")
        group = data.get("release-group")
        if group is not None and not isinstance(group, dict):
            raise DocumentError("release-group: expected an object")
        album = reader.album(group, "release-group") if group else None
        releases = (release,)
    return AlbumBundle(album, releases, cleaned=tuple(reader.cleaned), line=line)


def entity_of(data: Mapping[str, Any], hint: str | None) -> str:
    """RELEASE or RELEASE_GROUP by the document's keys (else the path's hint); any other
    entity is refused by name."""
    keys = set(data)
    for markers, name in (
        ({"sort-name", "life-span", "label-code", "area"}, "an artist or a label"),
        ({"iswcs", "languages"}, "a work"),
        ({"length", "isrcs", "video"}, "a recording"),
    ):
        if keys & markers:
            raise DocumentError(f"{name}: only releases and release groups are imported")
    if {"releases", "release-groups"} & keys and not {"id", "title"} & keys:
        raise DocumentError("a search or browse result, not the lookup of one release")
    is_release = bool(keys & {"media", "release-group", "label-info", "barcode", "status"})
    is_group = bool(keys & {"primary-type", "secondary-types", "first-release-date", "releases"})
    if is_release != is_group:
        return RELEASE if is_release else RELEASE_GROUP
    if hint in (RELEASE, RELEASE_GROUP):
        return hint
    raise DocumentError(
        "an unknown entity type: neither a release (media, release-group, barcode ...) "
        "nor a release group (primary-type, secondary-types, releases ...)"
    )


def album_relation(title: str, secondary_types: tuple[str, ...]) -> str:
    """How a release group belongs to its film (see the module's docstring)."""
    if _SONGS.search(title):
        return AlbumRelation.SONGS
    if "Compilation" in secondary_types:
        return AlbumRelation.COMPILATION
    if _EXPANDED.search(title):
        return AlbumRelation.EXPANDED_SCORE
    return AlbumRelation.SCORE


def gtin_valid(code: str) -> bool:
    """A GTIN-8, UPC-A (12), EAN-13 or GTIN-14 with a correct check digit."""
    if not code.isdigit() or len(code) not in (8, 12, 13, 14):
        return False
    digits = [int(c) for c in code]
    weighted = sum(d * (3 if n % 2 == 0 else 1) for n, d in enumerate(reversed(digits[:-1])))
    return (10 - weighted % 10) % 10 == digits[-1]


class _Reader:
    """Reads one document's entities, gathering the names of the fields it cleaned."""

    def __init__(self) -> None:
        self.cleaned: list[str] = []

    # --- entities ---------------------------------------------------------------------------

    def album(self, data: Mapping[str, Any], where: str) -> AlbumRecord:
        mbid = _mbid(data.get("id"), where)
        title = _title(data.get("title"), where)
        secondary = tuple(
            _text(t, f"{where}: secondary-types") for t in _list(data, "secondary-types")
        )
        primary = _text(data.get("primary-type"), f"{where}: primary-type")
        first, precision = self.date(data.get("first-release-date"), f"{where}: first-release-date")
        relations = _url_relations(data.get("relations"), where)
        return AlbumRecord(
            mbid=mbid,
            title=title,
            album_type=ALBUM_TYPES.get(primary, AlbumType.OTHER),
            is_soundtrack="Soundtrack" in secondary,
            is_compilation="Compilation" in secondary,
            first_release_date=first,
            date_precision=precision,
            disambiguation=_text(data.get("disambiguation"), where)[:TITLE_MAX],
            credit=_credit(data.get("artist-credit"), f"{where}: artist-credit"),
            links=self.links(RELEASE_GROUP, mbid, relations),
            title_refs=_title_refs(relations),
            relation=album_relation(title, secondary),
        )

    def releases(self, value: Any) -> tuple[ReleaseRecord, ...]:
        releases = [
            self.release(item, f"releases[{n}]") for n, item in enumerate(_items(value, "releases"))
        ]
        _unique((r.mbid for r in releases), "releases: release {} is listed twice")
        return tuple(releases)

    def release(self, data: Any, where: str) -> ReleaseRecord:
        if not isinstance(data, dict):
            raise DocumentError(f"{where}: expected an object")
        mbid = _mbid(data.get("id"), where)
        released, precision = self.date(data.get("date"), f"{where}: date")
        label, catalogue_number = _label_info(data.get("label-info"), where)
        country = _text(data.get("country"), f"{where}: country")
        if country and not _COUNTRY.match(country):
            self.cleaned.append("country")
            country = ""
        return ReleaseRecord(
            mbid=mbid,
            title=_title(data.get("title"), where),
            credit=_credit(data.get("artist-credit"), f"{where}: artist-credit"),
            label=label,
            catalogue_number=catalogue_number,
            barcode=self.barcode(data.get("barcode"), where),
            release_date=released,
            date_precision=precision,
            country_code=country,
            status=_text(data.get("status"), where).lower()[:STATUS_MAX],
            packaging=_text(data.get("packaging"), where)[:PACKAGING_MAX],
            edition_note=_text(data.get("disambiguation"), where)[:TITLE_MAX],
            media=self.media(data.get("media"), where),
            links=self.links(RELEASE, mbid, _url_relations(data.get("relations"), where)),
        )

    def media(self, value: Any, where: str) -> tuple[MediumRecord, ...] | None:
        if value is None:
            return None
        media = []
        for n, item in enumerate(_items(value, f"{where}: media")):
            at = f"{where}: media[{n}]"
            position = _int(item.get("position"), f"{at}: position", minimum=1)
            if position is None:
                raise DocumentError(f"{at} has no position")
            count = self.count(item.get("track-count"), f"{at}: track-count")
            media.append(
                MediumRecord(
                    position=position,
                    format=_text(item.get("format"), f"{at}: format")[:FORMAT_MAX],
                    name=_text(item.get("title"), f"{at}: title")[:MEDIUM_NAME_MAX],
                    track_count=count,
                    tracks=self.tracks(item, at, count),
                )
            )
        _unique((m.position for m in media), f"{where}: medium position {{}} is listed twice")
        return tuple(media)

    def tracks(
        self, medium: Mapping[str, Any], where: str, count: int | None
    ) -> tuple[TrackRecord, ...] | None:
        """The pregap, the tracks and the data tracks; None when none of them is listed."""
        keys = [key for key in ("pregap", "tracks", "data-tracks") if key in medium]
        if not keys:
            return None
        pregap = medium.get("pregap")
        items = [pregap] if isinstance(pregap, dict) else []
        items += _items(medium.get("tracks"), f"{where}: tracks")
        items += _items(medium.get("data-tracks"), f"{where}: data-tracks")
        if not items and count:
            return None  # listed as empty, though the medium has tracks: not listed
        tracks = [self.track(item, f"{where}: tracks[{n}]") for n, item in enumerate(items)]
        _unique((t.position for t in tracks), f"{where}: track position {{}} is listed twice")
        _unique((t.mbid for t in tracks if t.mbid), f"{where}: track {{}} is listed twice")
        return tuple(tracks)

    def track(self, data: Mapping[str, Any], where: str) -> TrackRecord:
        position = _int(data.get("position"), f"{where}: position", maximum=SMALL_MAX)
        if position is None:
            raise DocumentError(f"{where} has no position")
        recording = data.get("recording") or {}
        if not isinstance(recording, dict):
            raise DocumentError(f"{where}: recording: expected an object")
        title = _text(data.get("title"), f"{where}: title") or _text(
            recording.get("title"), f"{where}: recording title"
        )
        if not title:
            raise DocumentError(f"{where} has no title")
        isrcs = [_text(i, f"{where}: isrcs") for i in _list(recording, "isrcs")]
        return TrackRecord(
            position=position,
            title=title[:TITLE_MAX],
            number=_text(data.get("number"), f"{where}: number")[:NUMBER_MAX],
            length_ms=self.length(data.get("length"), f"{where}: length"),
            credit=_credit(data.get("artist-credit"), f"{where}: artist-credit"),
            mbid=_mbid(data["id"], where) if data.get("id") else None,
            recording_mbid=(
                _mbid(recording["id"], f"{where}: recording") if recording.get("id") else None
            ),
            recording_title=_text(recording.get("title"), where)[:TITLE_MAX],
            recording_length_ms=self.length(recording.get("length"), f"{where}: recording"),
            recording_credit=_credit(recording.get("artist-credit"), f"{where}: recording"),
            isrcs=self.isrcs(isrcs),
        )

    # --- values that are cleaned, not refused -----------------------------------------------

    def date(self, value: Any, where: str) -> tuple[date | None, str]:
        text = _text(value, where)
        if not text:
            return None, DatePrecision.DAY
        match = _DATE.match(text)
        try:
            if match is None:
                raise ValueError(text)
            year, month, day = match.groups()
            if day is not None:
                return date(int(year), int(month), int(day)), DatePrecision.DAY
            if month is not None:
                return date(int(year), int(month), 1), DatePrecision.MONTH
            return date(int(year), 1, 1), DatePrecision.YEAR
        except ValueError:
            self.cleaned.append("date")
            return None, DatePrecision.DAY

    def barcode(self, value: Any, where: str) -> str:
        code = _text(value, f"{where}: barcode")
        if code and not gtin_valid(code):
            self.cleaned.append("barcode")
            return ""
        return code

    def length(self, value: Any, where: str) -> int | None:
        try:
            return _int(value, where, maximum=INTEGER_MAX)
        except DocumentError:
            self.cleaned.append("length")
            return None

    def count(self, value: Any, where: str) -> int | None:
        try:
            return _int(value, where, maximum=SMALL_MAX)
        except DocumentError:
            self.cleaned.append("track-count")
            return None

    def isrcs(self, codes: list[str]) -> tuple[str, ...]:
        """Valid ISRCs, as many as fit the recording's column (space-separated)."""
        kept: list[str] = []
        for code in dict.fromkeys(c.upper() for c in codes):
            if not _ISRC.match(code):
                self.cleaned.append("isrc")
            elif len(" ".join([*kept, code])) <= ISRCS_MAX:
                kept.append(code)
        return tuple(kept)

    def links(
        self, entity: str, mbid: str, relations: list[tuple[str, str]]
    ) -> tuple[LinkRecord, ...]:
        """The entity's own MusicBrainz page, then its URL relations in their order."""
        links: dict[str, str] = {
            MUSICBRAINZ_URL.format(entity=entity, mbid=mbid): LinkKind.MUSICBRAINZ
        }
        for kind, url in relations:
            try:
                if len(url) > URL_MAX:
                    raise ValidationError("too long")
                _url_valid(url)
            except ValidationError:
                self.cleaned.append("url")
                continue
            links.setdefault(url, LINK_KINDS.get(kind) or _site_kind(url))
        return tuple(LinkRecord(kind, url) for url, kind in links.items())


# --- values ---------------------------------------------------------------------------------


def _text(value: Any, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    raise DocumentError(f"{where}: expected text, not {type(value).__name__}")


def _title(value: Any, where: str) -> str:
    title = _text(value, f"{where}: title")
    if not title:
        raise DocumentError(f"{where} has no title")
    return title[:TITLE_MAX]


def _mbid(value: Any, where: str) -> str:
    if value in (None, ""):
        raise DocumentError(f"{where} has no id")
    text = value.strip().lower() if isinstance(value, str) else ""
    if not _MBID.match(text):
        raise DocumentError(f"{where}: id {value!r} is not a MusicBrainz id (a UUID)")
    return text


def _int(value: Any, where: str, *, minimum: int = 0, maximum: int = SMALL_MAX) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise DocumentError(f"{where}: {value!r} is not a whole number from {minimum}")
    return value


def _items(value: Any, where: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise DocumentError(f"{where}: expected a list of objects")
    return value


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise DocumentError(f"{key}: expected a list")
    return value


def _unique(values: Iterator[Any] | Any, message: str) -> None:
    seen = set()
    for value in values:
        if value in seen:
            raise DocumentError(message.format(value))
        seen.add(value)


def _credit(value: Any, where: str) -> Credit | None:
    """An artist credit as printed; None when absent or empty (it says nothing)."""
    names = []
    for n, item in enumerate(_items(value, where)):
        artist = item.get("artist") or {}
        if not isinstance(artist, dict):
            raise DocumentError(f"{where}[{n}]: artist: expected an object")
        artist_name = _text(artist.get("name"), f"{where}[{n}]: artist name")
        name = _text(item.get("name"), f"{where}[{n}]: name") or artist_name
        if not name:
            raise DocumentError(f"{where}[{n}] names nobody")
        join = item.get("joinphrase") or ""
        if not isinstance(join, str):
            raise DocumentError(f"{where}[{n}]: joinphrase: expected text")
        names.append(
            ArtistName(
                name=name[:NAME_MAX],
                join_phrase=join[:JOIN_MAX],  # spaces are part of " & "
                artist_mbid=(
                    _mbid(artist["id"], f"{where}[{n}] artist") if artist.get("id") else None
                ),
                artist_name=artist_name[:NAME_MAX],
            )
        )
    return tuple(names) or None


def _label_info(value: Any, where: str) -> tuple[LabelRecord | None, str]:
    label, number = None, ""
    for n, item in enumerate(_items(value, f"{where}: label-info")):
        at = f"{where}: label-info[{n}]"
        number = number or _text(item.get("catalog-number"), at)[:CATALOGUE_MAX]
        found = item.get("label")
        if label is None and isinstance(found, dict) and found.get("id"):
            name = _text(found.get("name"), f"{at}: label name")
            if name:
                label = LabelRecord(_mbid(found["id"], f"{at}: label"), name[:LABEL_MAX])
    return label, number


def _url_relations(value: Any, where: str) -> list[tuple[str, str]]:
    """(type in lower case, address) of each URL relation; other relations are skipped."""
    found = []
    for n, item in enumerate(_items(value, f"{where}: relations")):
        url = item.get("url")
        if item.get("target-type") != "url" and url is None:
            continue
        if not isinstance(url, dict):
            raise DocumentError(f"{where}: relations[{n}]: url: expected an object")
        address = _text(url.get("resource"), f"{where}: relations[{n}]: url")
        if address:
            found.append((_text(item.get("type"), where).lower(), address))
    return found


def _title_refs(relations: list[tuple[str, str]]) -> tuple[Ref, ...]:
    """The IMDb titles and Wikidata items a release group's URL relations name."""
    refs: dict[Ref, None] = {}
    for kind, url in relations:
        if match := _IMDB_TITLE.search(url):
            refs[Ref(ExternalSource.IMDB, match.group(1))] = None
        elif kind == "wikidata" and (match := _WIKIDATA_ITEM.search(url.rstrip("/"))):
            refs[Ref(ExternalSource.WIKIDATA, match.group(1))] = None
    return tuple(refs)


def _site_kind(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    for site, kind in LINK_SITES.items():
        if host == site or host.endswith(f".{site}"):
            return kind
    return LinkKind.OTHER
