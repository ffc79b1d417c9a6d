"""Values of a MusicBrainz ws/2 document: text, ids, numbers, lists, artist credits, label
info and URL relations, each checked or refused with where it was (`DocumentError`).

The link kinds of URL relations are decided here too: by the relation's type, else by the
address's site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from cinemeter.catalog.bulk import Ref
from cinemeter.catalog.models import ExternalSource
from cinemeter.releases.music.models import LinkKind
from cinemeter.releases.music.records import ArtistName, Credit, LabelRecord

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

# Lengths of the columns the values go to: longer text is cut, never sent to the database.
TITLE_MAX, NAME_MAX, JOIN_MAX, CATALOGUE_MAX, LABEL_MAX = 300, 300, 40, 60, 200
SMALL_MAX = 32_767  # PostgreSQL's smallint

_MBID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_IMDB_TITLE = re.compile(r"imdb\.com/(?:[a-z-]+/)?title/(tt\d{7,10})\b")
_WIKIDATA_ITEM = re.compile(r"wikidata\.org/(?:wiki|entity)/(Q\d+)$")


class DocumentError(ValueError):
    """A document that cannot be imported; the message is the reason."""

    def __init__(self, reason: str, *, line: int = 1) -> None:
        super().__init__(reason)
        self.line = line


def text_of(value: Any, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    raise DocumentError(f"{where}: expected text, not {type(value).__name__}")


def title_of(value: Any, where: str) -> str:
    title = text_of(value, f"{where}: title")
    if not title:
        raise DocumentError(f"{where} has no title")
    return title[:TITLE_MAX]


def mbid_of(value: Any, where: str) -> str:
    if value in (None, ""):
        raise DocumentError(f"{where} has no id")
    text = value.strip().lower() if isinstance(value, str) else ""
    if not _MBID.match(text):
        raise DocumentError(f"{where}: id {value!r} is not a MusicBrainz id (a UUID)")
    return text


def int_of(value: Any, where: str, *, minimum: int = 0, maximum: int = SMALL_MAX) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise DocumentError(f"{where}: {value!r} is not a whole number from {minimum}")
    return value


def items_of(value: Any, where: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise DocumentError(f"{where}: expected a list of objects")
    return value


def list_of(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise DocumentError(f"{key}: expected a list")
    return value


def refuse_repeats(values: Iterable[Any], message: str) -> None:
    seen = set()
    for value in values:
        if value in seen:
            raise DocumentError(message.format(value))
        seen.add(value)


def credit_of(value: Any, where: str) -> Credit | None:
    """An artist credit as printed; None when absent or empty (it says nothing)."""
    names = []
    for n, item in enumerate(items_of(value, where)):
        artist = item.get("artist") or {}
        if not isinstance(artist, dict):
            raise DocumentError(f"{where}[{n}]: artist: expected an object")
        artist_name = text_of(artist.get("name"), f"{where}[{n}]: artist name")
        name = text_of(item.get("name"), f"{where}[{n}]: name") or artist_name
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
                    mbid_of(artist["id"], f"{where}[{n}] artist") if artist.get("id") else None
                ),
                artist_name=artist_name[:NAME_MAX],
            )
        )
    return tuple(names) or None


def label_info_of(value: Any, where: str) -> tuple[LabelRecord | None, str]:
    label, number = None, ""
    for n, item in enumerate(items_of(value, f"{where}: label-info")):
        at = f"{where}: label-info[{n}]"
        number = number or text_of(item.get("catalog-number"), at)[:CATALOGUE_MAX]
        found = item.get("label")
        if label is None and isinstance(found, dict) and found.get("id"):
            name = text_of(found.get("name"), f"{at}: label name")
            if name:
                label = LabelRecord(mbid_of(found["id"], f"{at}: label"), name[:LABEL_MAX])
    return label, number


def url_relations_of(value: Any, where: str) -> list[tuple[str, str]]:
    """(type in lower case, address) of each URL relation; other relations are skipped."""
    found = []
    for n, item in enumerate(items_of(value, f"{where}: relations")):
        url = item.get("url")
        if item.get("target-type") != "url" and url is None:
            continue
        if not isinstance(url, dict):
            raise DocumentError(f"{where}: relations[{n}]: url: expected an object")
        address = text_of(url.get("resource"), f"{where}: relations[{n}]: url")
        if address:
            found.append((text_of(item.get("type"), where).lower(), address))
    return found


def title_refs_of(relations: list[tuple[str, str]]) -> tuple[Ref, ...]:
    """The IMDb titles and Wikidata items a release group's URL relations name."""
    refs: dict[Ref, None] = {}
    for kind, url in relations:
        if match := _IMDB_TITLE.search(url):
            refs[Ref(ExternalSource.IMDB, match.group(1))] = None
        elif kind == "wikidata" and (match := _WIKIDATA_ITEM.search(url.rstrip("/"))):
            refs[Ref(ExternalSource.WIKIDATA, match.group(1))] = None
    return tuple(refs)


def site_kind_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    for site, kind in LINK_SITES.items():
        if host == site or host.endswith(f".{site}"):
            return kind
    return LinkKind.OTHER
