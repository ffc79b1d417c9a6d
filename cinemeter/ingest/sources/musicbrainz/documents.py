"""A MusicBrainz ws/2 release or release-group lookup (as a JSON object) parsed into one
`AlbumBundle`: which entity it is, the album, the releases with their media, tracks and
recordings, and the values cleaned on the way (see the package's docstring).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from cinemeter.ingest.sources.musicbrainz.values import (
    LINK_KINDS,
    SMALL_MAX,
    TITLE_MAX,
    DocumentError,
    credit_of,
    int_of,
    items_of,
    label_info_of,
    list_of,
    mbid_of,
    refuse_repeats,
    site_kind_of,
    text_of,
    title_of,
    title_refs_of,
    url_relations_of,
)
from cinemeter.releases.editions.models import DatePrecision
from cinemeter.releases.music.models import AlbumRelation, AlbumType, LinkKind
from cinemeter.releases.music.records import (
    AlbumBundle,
    AlbumRecord,
    LinkRecord,
    MediumRecord,
    ReleaseRecord,
    TrackRecord,
)

RELEASE, RELEASE_GROUP = "release", "release-group"
MUSICBRAINZ_URL = "https://musicbrainz.org/{entity}/{mbid}"

ALBUM_TYPES = {
    "Album": AlbumType.ALBUM,
    "Single": AlbumType.SINGLE,
    "EP": AlbumType.EP,
    "Broadcast": AlbumType.BROADCAST,
    "Other": AlbumType.OTHER,
}
NUMBER_MAX, FORMAT_MAX, MEDIUM_NAME_MAX, STATUS_MAX, PACKAGING_MAX = 10, 40, 200, 20, 60
ISRCS_MAX, URL_MAX, INTEGER_MAX = 200, 500, 2_147_483_647

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_ISRC = re.compile(r"^[A-Z]{2}[A-Z0-9]{3}\d{7}$")
_SONGS = re.compile(r"\bsongs?\b|music from and inspired by", re.IGNORECASE)
_EXPANDED = re.compile(r"\b(?:expanded|complete)\b", re.IGNORECASE)
_url_valid = URLValidator(schemes=["http", "https"])


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
        mbid = mbid_of(data.get("id"), where)
        title = title_of(data.get("title"), where)
        secondary = tuple(
            text_of(t, f"{where}: secondary-types") for t in list_of(data, "secondary-types")
        )
        primary = text_of(data.get("primary-type"), f"{where}: primary-type")
        first, precision = self.date(data.get("first-release-date"), f"{where}: first-release-date")
        relations = url_relations_of(data.get("relations"), where)
        return AlbumRecord(
            mbid=mbid,
            title=title,
            album_type=ALBUM_TYPES.get(primary, AlbumType.OTHER),
            is_soundtrack="Soundtrack" in secondary,
            is_compilation="Compilation" in secondary,
            first_release_date=first,
            date_precision=precision,
            disambiguation=text_of(data.get("disambiguation"), where)[:TITLE_MAX],
            credit=credit_of(data.get("artist-credit"), f"{where}: artist-credit"),
            links=self.links(RELEASE_GROUP, mbid, relations),
            title_refs=title_refs_of(relations),
            relation=album_relation(title, secondary),
        )

    def releases(self, value: Any) -> tuple[ReleaseRecord, ...]:
        releases = [
            self.release(item, f"releases[{n}]")
            for n, item in enumerate(items_of(value, "releases"))
        ]
        refuse_repeats((r.mbid for r in releases), "releases: release {} is listed twice")
        return tuple(releases)

    def release(self, data: Any, where: str) -> ReleaseRecord:
        if not isinstance(data, dict):
            raise DocumentError(f"{where}: expected an object")
        mbid = mbid_of(data.get("id"), where)
        released, precision = self.date(data.get("date"), f"{where}: date")
        label, catalogue_number = label_info_of(data.get("label-info"), where)
        country = text_of(data.get("country"), f"{where}: country")
        if country and not _COUNTRY.match(country):
            self.cleaned.append("country")
            country = ""
        return ReleaseRecord(
            mbid=mbid,
            title=title_of(data.get("title"), where),
            credit=credit_of(data.get("artist-credit"), f"{where}: artist-credit"),
            label=label,
            catalogue_number=catalogue_number,
            barcode=self.barcode(data.get("barcode"), where),
            release_date=released,
            date_precision=precision,
            country_code=country,
            status=text_of(data.get("status"), where).lower()[:STATUS_MAX],
            packaging=text_of(data.get("packaging"), where)[:PACKAGING_MAX],
            edition_note=text_of(data.get("disambiguation"), where)[:TITLE_MAX],
            media=self.media(data.get("media"), where),
            links=self.links(RELEASE, mbid, url_relations_of(data.get("relations"), where)),
        )

    def media(self, value: Any, where: str) -> tuple[MediumRecord, ...] | None:
        if value is None:
            return None
        media = []
        for n, item in enumerate(items_of(value, f"{where}: media")):
            at = f"{where}: media[{n}]"
            position = int_of(item.get("position"), f"{at}: position", minimum=1)
            if position is None:
                raise DocumentError(f"{at} has no position")
            count = self.count(item.get("track-count"), f"{at}: track-count")
            media.append(
                MediumRecord(
                    position=position,
                    format=text_of(item.get("format"), f"{at}: format")[:FORMAT_MAX],
                    name=text_of(item.get("title"), f"{at}: title")[:MEDIUM_NAME_MAX],
                    track_count=count,
                    tracks=self.tracks(item, at, count),
                )
            )
        refuse_repeats(
            (m.position for m in media), f"{where}: medium position {{}} is listed twice"
        )
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
        items += items_of(medium.get("tracks"), f"{where}: tracks")
        items += items_of(medium.get("data-tracks"), f"{where}: data-tracks")
        if not items and count:
            return None  # listed as empty, though the medium has tracks: not listed
        tracks = [self.track(item, f"{where}: tracks[{n}]") for n, item in enumerate(items)]
        refuse_repeats(
            (t.position for t in tracks), f"{where}: track position {{}} is listed twice"
        )
        refuse_repeats((t.mbid for t in tracks if t.mbid), f"{where}: track {{}} is listed twice")
        return tuple(tracks)

    def track(self, data: Mapping[str, Any], where: str) -> TrackRecord:
        position = int_of(data.get("position"), f"{where}: position", maximum=SMALL_MAX)
        if position is None:
            raise DocumentError(f"{where} has no position")
        recording = data.get("recording") or {}
        if not isinstance(recording, dict):
            raise DocumentError(f"{where}: recording: expected an object")
        title = text_of(data.get("title"), f"{where}: title") or text_of(
            recording.get("title"), f"{where}: recording title"
        )
        if not title:
            raise DocumentError(f"{where} has no title")
        isrcs = [text_of(i, f"{where}: isrcs") for i in list_of(recording, "isrcs")]
        return TrackRecord(
            position=position,
            title=title[:TITLE_MAX],
            number=text_of(data.get("number"), f"{where}: number")[:NUMBER_MAX],
            length_ms=self.length(data.get("length"), f"{where}: length"),
            credit=credit_of(data.get("artist-credit"), f"{where}: artist-credit"),
            mbid=mbid_of(data["id"], where) if data.get("id") else None,
            recording_mbid=(
                mbid_of(recording["id"], f"{where}: recording") if recording.get("id") else None
            ),
            recording_title=text_of(recording.get("title"), where)[:TITLE_MAX],
            recording_length_ms=self.length(recording.get("length"), f"{where}: recording"),
            recording_credit=credit_of(recording.get("artist-credit"), f"{where}: recording"),
            isrcs=self.isrcs(isrcs),
        )

    # --- values that are cleaned, not refused -----------------------------------------------

    def date(self, value: Any, where: str) -> tuple[date | None, str]:
        text = text_of(value, where)
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
        code = text_of(value, f"{where}: barcode")
        if code and not gtin_valid(code):
            self.cleaned.append("barcode")
            return ""
        return code

    def length(self, value: Any, where: str) -> int | None:
        try:
            return int_of(value, where, maximum=INTEGER_MAX)
        except DocumentError:
            self.cleaned.append("length")
            return None

    def count(self, value: Any, where: str) -> int | None:
        try:
            return int_of(value, where, maximum=SMALL_MAX)
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
            links.setdefault(url, LINK_KINDS.get(kind) or site_kind_of(url))
        return tuple(LinkRecord(kind, url) for url, kind in links.items())
