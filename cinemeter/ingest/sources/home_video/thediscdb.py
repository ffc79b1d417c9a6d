"""TheDiscDb (`TheDiscDb/data`, MIT): a release folder as an `EditionRecord`.

A film folder holds `metadata.json` (the film, with its TMDb and IMDb ids) and one folder per
release: `release.json` (UPC, region, locale, date) and `discNN.json` per disc, listing every
title MakeMKV found and, for the titles contributors identified, an item with a type
(`MainMovie`, `Extra`, `Featurette`, `Trailer`, `DeletedScene`, `Episode` ...). The
parsers are pure (`parse_metadata`, `parse_disc`, `parse_release`); `load_release` reads one
release folder's files. What the data does (../shared/data/thediscdb-sample/PROVENANCE.md)
and what is made of it:

- The format is per disc, spelled "Blu-ray" and "Blu-Ray": both are Blu-ray; the edition is
  its best disc's format (a 4K set with a Blu-ray is a 4K UHD edition), its discs kept.
  A disc of another format refuses the release; so does a release without disc files (its
  format is unknown).
- A `discNN.ref` names another release's disc (`releasePath` under `data/`): that disc is
  read in its place, so the set's features include it.
- Films are found by `ExternalIds`: `Tmdb` is a movie id, but a TV id for a series; IMDb ids
  are shared. Neither id: the release is refused.
- Release dates are read as written (the offset does not move the day); the placeholder
  `0001-01-01` is no date. `Year` is not used: it is sometimes the film's year.
- UPCs may carry a leading space. Item titles use U+0589 for a colon and some text is
  UTF-8 read as Latin-1: both repaired (`values.clean_text`).
- Subtitle tracks of German MakeMKV are typed "Untertitel"; German item types are read
  too. `MainMovie` and `Episode` items are the content, not features (a picture-in-picture
  cut of the film is one); commentary tracks of the film are commentary features; logos,
  warnings and menus are not features; a feature on two discs of one set is listed once.
- The edition's name is the release's title without its leading year (the date says it);
  a title that is only the film's name becomes the format's name.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cinemeter.catalog.bulk import Ref
from cinemeter.catalog.models import ExternalSource
from cinemeter.ingest.sources.home_video.records import (
    DiscRecord,
    EditionRecord,
    FeatureRecord,
    FilmKey,
    ParseError,
)
from cinemeter.ingest.sources.home_video.values import (
    EPISODE,
    MAIN,
    NAME_MAX,
    SHORT_MAX,
    UNDETERMINED,
    best_format,
    clean_text,
    duration_seconds,
    edition_format,
    feature_kind,
    gtin,
    is_furniture,
    iso_date,
    item_type,
    language_key,
    locale_country,
)
from cinemeter.releases.editions.matching import feature_key
from cinemeter.releases.editions.models import EditionFormat, EditionSource, FeatureKind

SOURCE = EditionSource.THEDISCDB
METADATA, RELEASE = "metadata.json", "release.json"
DISC_FILE = re.compile(r"^disc(\d+)\.(json|ref)$")
SLUG_MAX = 99  # two of them and a slash fit an edition's external id
_IMDB = re.compile(r"^tt\d{7,10}$")
_TV_SPOTS = re.compile(r"\btv[- ]spots?\b", re.IGNORECASE)
_COMMENTARY = re.compile(r"\bcommentary\b|\bkommentar\b", re.IGNORECASE)
_PICTURE_IN_PICTURE = re.compile(r"picture[- ]in[- ]picture|\bpip\b", re.IGNORECASE)
# Item descriptions that are file names or cut markers rather than words for readers.
_NOT_A_DESCRIPTION = re.compile(r"^(\S*_\S*|chapters|no chapters)$", re.IGNORECASE)
TRACK_TYPES = {
    "video": "video",
    "audio": "audio",
    "ton": "audio",
    "subtitles": "subtitles",
    "untertitel": "subtitles",
    "sous-titres": "subtitles",
}


@dataclass(frozen=True)
class Film:
    """A film folder's metadata.json: its ids, its name and TheDiscDb's slug for it."""

    key: FilmKey
    title: str
    slug: str


@dataclass(frozen=True)
class Disc:
    """One disc as read: its record, its features, and the film's tracks on it."""

    record: DiscRecord
    features: tuple[FeatureRecord, ...]
    has_main: bool
    audio: tuple[str, ...]
    subtitles: tuple[str, ...]


# --- Parsing ---------------------------------------------------------------------------------


def parse_metadata(document: Any) -> Film:
    """metadata.json: the film (or series) and the ids it is found by."""
    if not isinstance(document, dict):
        raise ParseError("not a TheDiscDb metadata.json (not a JSON object)")
    slug = _slug(document.get("Slug"), "metadata.json")
    if not slug:
        raise ParseError("metadata.json has no Slug: its releases have no id")
    ids = document.get("ExternalIds")
    ids = ids if isinstance(ids, dict) else {}
    series = str(document.get("Type", "")).casefold() == "series"
    refs = []
    tmdb = ids.get("Tmdb")
    if tmdb not in (None, ""):
        text = str(tmdb).strip()
        if not text.isdigit() or int(text) == 0:
            raise ParseError(f"ExternalIds.Tmdb: {tmdb!r} is not a TMDb id")
        # A series' TMDb id numbers TV shows, not movies: the same number is another film.
        source = ExternalSource.TMDB_TV if series else ExternalSource.TMDB_MOVIE
        refs.append(Ref(source, str(int(text))))
    imdb = ids.get("Imdb")
    if imdb not in (None, ""):
        if not isinstance(imdb, str) or not _IMDB.match(imdb.strip()):
            raise ParseError(f"ExternalIds.Imdb: {imdb!r} is not an IMDb title id")
        refs.append(Ref(ExternalSource.IMDB, imdb.strip()))
    if not refs:
        raise ParseError("metadata.json has no TMDb or IMDb id: the film cannot be found")
    return Film(
        key=FilmKey(refs=tuple(refs)), title=clean_text(document.get("Title")) or slug, slug=slug
    )


def _slug(value: Any, where: str) -> str:
    """A slug as part of an edition's id ("<film>/<release>", at most 200 characters)."""
    slug = clean_text(value, max_length=1000)
    if len(slug) > SLUG_MAX:
        raise ParseError(f"{where}: the Slug is longer than {SLUG_MAX} characters")
    return slug


def parse_disc(document: Any, *, number: int, shared_from: str = "") -> Disc:
    """One discNN.json: its format, its features, and the film's audio and subtitles."""
    if not isinstance(document, dict) or not isinstance(document.get("Titles"), list):
        raise ParseError("not a TheDiscDb disc file (no Titles list)")
    fmt = edition_format(document.get("Format"), what="Format")
    index = document.get("Index")
    features: list[FeatureRecord] = []
    main_tracks: list[dict[str, Any]] | None = None
    for position, title in enumerate(document["Titles"]):
        if not isinstance(title, dict):
            raise ParseError(f"Titles[{position}] is not an object")
        item = title.get("Item")
        if not isinstance(item, dict):
            continue  # listed by MakeMKV, not identified by anyone
        name = clean_text(item.get("Title"))
        kind = item_type(item.get("Type"), what=f"Titles[{position}].Item.Type")
        tracks = [t for t in title.get("Tracks") or [] if isinstance(t, dict)]
        if kind == MAIN:
            if _PICTURE_IN_PICTURE.search(name):
                features.append(_feature(name, FeatureKind.OTHER, title, item))
                continue
            if main_tracks is None:
                main_tracks = tracks
            features.extend(_commentaries(tracks))
            continue
        if kind == EPISODE or not name or is_furniture(name):
            continue
        if kind is None:
            kind = feature_kind(name, default=FeatureKind.FEATURETTE)
        elif kind == FeatureKind.TRAILER and _TV_SPOTS.search(name):
            kind = FeatureKind.TV_SPOTS
        elif kind == FeatureKind.OTHER:
            kind = feature_kind(name, default=FeatureKind.OTHER)
        features.append(_feature(name, kind, title, item))
    return Disc(
        record=DiscRecord(
            number=index if isinstance(index, int) and index > 0 else number,
            name=clean_text(document.get("Name"), max_length=NAME_MAX),
            format=fmt,
            shared_from=shared_from,
        ),
        features=tuple(features),
        has_main=main_tracks is not None,
        audio=_audio(main_tracks or []),
        subtitles=_subtitles(main_tracks or []),
    )


def _feature(name: str, kind: str, title: dict[str, Any], item: dict[str, Any]) -> FeatureRecord:
    description = clean_text(item.get("Description"), max_length=1000)
    if _NOT_A_DESCRIPTION.match(description):
        description = ""
    return FeatureRecord(
        title=name,
        kind=kind,
        duration_seconds=duration_seconds(title.get("Duration")),
        description=description,
    )


def _track_type(track: dict[str, Any]) -> str:
    return TRACK_TYPES.get(str(track.get("Type", "")).strip().casefold(), "")


def _commentaries(tracks: list[dict[str, Any]]) -> list[FeatureRecord]:
    """The film's commentary tracks (audio, or subtitles read as text) as features."""
    found = []
    for track in tracks:
        description = clean_text(track.get("Description"))
        if _track_type(track) in {"audio", "subtitles"} and _COMMENTARY.search(description):
            found.append(FeatureRecord(title=description, kind=FeatureKind.COMMENTARY))
    return found


def _language(track: dict[str, Any]) -> tuple[str, str]:
    """(key, name) of a track's language; ("", "") when it has none or an undetermined one."""
    key = language_key(track.get("LanguageCode"), track.get("Language"))
    name = clean_text(track.get("Language"), max_length=SHORT_MAX)
    if not key or key in UNDETERMINED or not name:
        return "", ""
    return key, name


def _audio(tracks: list[dict[str, Any]]) -> tuple[str, ...]:
    """ "English DTS-HD Master Audio 5.1", each once; commentaries are features."""
    lines: dict[str, None] = {}
    for track in tracks:
        if _track_type(track) != "audio" or _COMMENTARY.search(str(track.get("Description"))):
            continue
        _, language = _language(track)
        channels = clean_text(track.get("AudioType"), max_length=SHORT_MAX)
        channels = re.sub(r"^surround\s+", "", channels, flags=re.IGNORECASE)
        words = [language, clean_text(track.get("Name"), max_length=SHORT_MAX), channels]
        if language:
            lines[" ".join(word for word in words if word)] = None
    return tuple(lines)


def _subtitles(tracks: list[dict[str, Any]]) -> tuple[str, ...]:
    """The subtitle languages, each once ("fre" and "fra" are one)."""
    languages: dict[str, str] = {}
    for track in tracks:
        if _track_type(track) != "subtitles" or _COMMENTARY.search(str(track.get("Description"))):
            continue
        key, name = _language(track)
        if key:
            languages.setdefault(key, name)
    return tuple(languages.values())


def parse_release(document: Any, discs: Sequence[Disc], film: Film, *, file: str) -> EditionRecord:
    """release.json with its discs, as an edition of the film."""
    if not isinstance(document, dict):
        raise ParseError("not a TheDiscDb release.json (not a JSON object)")
    slug = _slug(document.get("Slug"), "release.json")
    if not slug:
        raise ParseError("release.json has no Slug: the release has no id")
    if not discs:
        raise ParseError("no disc files (discNN.json): the release's format is unknown")
    fmt = best_format([disc.record.format for disc in discs])
    released = iso_date(document.get("ReleaseDate"), what="ReleaseDate")
    features: dict[tuple[str, str], FeatureRecord] = {}
    for disc in discs:
        for feature in disc.features:
            features.setdefault(feature_key(feature.kind, feature.title), feature)
    with_main = [disc for disc in discs if disc.has_main]
    main = next(
        (d for d in with_main if d.record.format == fmt), with_main[0] if with_main else None
    )
    groups = document.get("Groups") or []
    return EditionRecord(
        source=SOURCE,
        external_id=f"{film.slug}/{slug}",
        film=film.key,
        name=edition_name(document.get("Title"), film=film, released=released, fmt=fmt),
        format=fmt,
        file=file,
        gtin=gtin(document.get("Upc"), what="Upc"),
        release_date=released,
        country_code=locale_country(document.get("Locale")),
        region_code=clean_text(document.get("RegionCode"), max_length=12),
        disc_count=len(discs),
        audio_tracks=main.audio if main else (),
        subtitle_tracks=main.subtitles if main else (),
        packaging=", ".join(
            clean_text(group, max_length=40) for group in groups if isinstance(group, str)
        )[:120],
        features=tuple(features.values()),
        discs=tuple(disc.record for disc in discs),
    )


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[^\w]", "", "".join(c for c in text if not unicodedata.combining(c)))


def edition_name(value: Any, *, film: Film, released: Any, fmt: str) -> str:
    """The release's title as the edition's name: "2022 4K" is "4K" (the date has the year);
    a title that is only the film's ("Amelie", "2012") is the format's name."""
    name = clean_text(value, max_length=NAME_MAX)
    if released is not None:
        name = re.sub(rf"^{released.year}\s+(?=\S)", "", name)
    if not name or _folded(name) == _folded(film.title):
        return str(EditionFormat(fmt).label)
    return name


# --- Reading a release folder --------------------------------------------------------------


def read_json(path: Path, *, file: str) -> Any:
    """A JSON file; broken JSON or text names the file and the place."""
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise ParseError("the file is missing", file=file) from None
    except UnicodeDecodeError as error:
        raise ParseError(f"not valid UTF-8 ({error.reason})", file=file) from None
    except json.JSONDecodeError as error:
        raise ParseError(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            line=error.lineno,
            file=file,
        ) from None
    except RecursionError:
        raise ParseError("not valid JSON: nested too deeply", file=file) from None


def disc_files(folder: Path) -> list[tuple[int, Path]]:
    """The release folder's discNN.json / discNN.ref files by disc number."""
    found: dict[int, Path] = {}
    for path in sorted(folder.iterdir()):
        match = DISC_FILE.match(path.name)
        if match is None or not path.is_file():
            continue
        number = int(match[1])
        if number in found:
            raise ParseError(f"disc {number} is both {found[number].name} and {path.name}")
        found[number] = path
    return sorted(found.items())


def _referenced_disc(ref: Path, document: Any, *, file: str) -> tuple[Path, str]:
    """The disc file a .ref names, within the same `data/` tree, and how to name it."""
    if not isinstance(document, dict):
        raise ParseError("not a disc reference (not a JSON object)", file=file)
    release_path, disc = document.get("releasePath"), document.get("disc")
    if not isinstance(release_path, str) or not isinstance(disc, str):
        raise ParseError("a disc reference needs releasePath and disc", file=file)
    root = ref.parents[3]  # data/ (ref: data/<kind>/<film>/<release>/discNN.ref)
    target = (root / release_path / f"{disc}.json").resolve()
    if not re.fullmatch(r"disc\d+", disc) or not target.is_relative_to(root.resolve()):
        raise ParseError(f"the disc reference {release_path}/{disc} is not a disc", file=file)
    if not target.is_file():
        raise ParseError(f"it names {release_path}/{disc}.json, which is not there", file=file)
    return target, f"{release_path}/{disc}"


def load_release(folder: Path, *, display: Callable[[Path], str]) -> EditionRecord:
    """Read a release folder (with its film's metadata.json beside it) into a record; any
    file that cannot be used refuses the whole release, naming that file."""
    metadata = folder.parent / METADATA
    if not metadata.is_file():
        raise ParseError(
            "no metadata.json in the film's folder: the film is unknown",
            file=display(folder.parent),
        )
    try:
        film = parse_metadata(read_json(metadata, file=display(metadata)))
    except ParseError as error:
        error.file = error.file or display(metadata)
        raise
    discs = []
    for number, path in disc_files(folder):
        name = display(path)
        try:
            if path.suffix == ".ref":
                target, shared = _referenced_disc(path, read_json(path, file=name), file=name)
                name = display(target)  # what is wrong now is the other release's disc
                document = read_json(target, file=name)
                discs.append(parse_disc(document, number=number, shared_from=shared))
            else:
                discs.append(parse_disc(read_json(path, file=name), number=number))
        except ParseError as error:
            error.file = error.file or name
            raise
    release = folder / RELEASE
    name = display(release)
    try:
        return parse_release(read_json(release, file=name), discs, film, file=name)
    except ParseError as error:
        error.file = error.file or name
        raise
