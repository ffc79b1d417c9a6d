"""Generated soundtrack albums: a score album for a share of the movies, a songs album for a
smaller share, each with 1–4 releases whose tracklists share recordings.

A score has its cues in film order; the first release (an LP before 1986, else a CD) holds
some of them, always the main and end titles. Later releases, in date order, are chosen
among an expanded edition (every cue of the first release and more, among them alternate
takes: the tracks it adds), a vinyl reissue (the first release's cues, at times a cue or two
left out for the sides' length: what it drops), a remaster (the same cues) and a digital
release (the latest tracklist). A songs album gathers songs by bands, a deluxe edition adds
bonus songs. The same cue is the same `Recording` on every release, so the site's matching
finds what each release adds and drops. Composers are names, except for the films whose
director also wrote the score (linked to the catalogue's person).

`album_rows` is pure: a film, its own random stream and the first free ids in, rows out.
"""

from __future__ import annotations

import hashlib
import json
import random
import string
from dataclasses import dataclass, field
from typing import Any

from cinemeter.catalog.slugs import numbered, slug_base
from cinemeter.releases.editions.matching import feature_key
from cinemeter.releases.music.models import AlbumRelation
from cinemeter.scale import names
from cinemeter.scale.catalogue import RELEASE_YEAR_LAST
from cinemeter.scale.films import Film, day_in, gtin, precision_pick

SCORE_SHARE = 0.08
SONGS_SHARE = 0.03
FIRST_ALBUM_YEAR = 1950  # older films get no album
MOST_RELEASES = 4
MOST_TRACKS = 40
DIRECTOR_COMPOSES = 0.1

ALBUM_COLUMNS = (
    "id",
    "title",
    "slug",
    "is_soundtrack",
    "is_compilation",
    "artist_credit_id",
    "first_release_date",
    "date_precision",
    "note",
)
ALBUM_TITLE_COLUMNS = ("album_id", "title_id", "relation")
ALBUM_CREDIT_COLUMNS = ("album_id", "person_id", "name", "role", "order")
RELEASE_COLUMNS = (
    "id",
    "album_id",
    "title",
    "slug",
    "label_id",
    "catalogue_number",
    "barcode",
    "release_date",
    "date_precision",
    "country_code",
    "status",
    "packaging",
    "edition_note",
)
MEDIUM_COLUMNS = ("release_id", "position", "format", "name")
RECORDING_COLUMNS = ("id", "title", "artist_credit_id", "length_ms", "first_release_text")
TRACK_COLUMNS = (
    "release_id",
    "medium_position",
    "position",
    "number",
    "title",
    "length_ms",
    "artist_credit_id",
    "recording_id",
)
CREDIT_COLUMNS = ("id", "key", "text")
CREDIT_NAME_COLUMNS = ("credit_id", "order", "name", "join_phrase", "person_id")

CD, VINYL, DIGITAL = "CD", '12" Vinyl', "Digital Media"
# Later releases: (kind, earliest year, years after the first release at least).
LATER = (("expanded", 1995, 5), ("reissue", 2012, 10), ("remaster", 1995, 8), ("digital", 2008, 1))
SONG_LATER = (("deluxe", 1998, 2), ("reissue", 2012, 10))
CUE_PATTERNS = ("{n}", "The {n}", "{a} {n}", "{n} and {m}", "{a} {n} Theme", "Escape to the {n}")


def credit_key(names_: list[tuple[str, str, int | None]]) -> str:
    """The artist credit's key as `music.services.artist_credit_get` computes it (name, join
    phrase, person, no MusicBrainz id), so the site's writers find these rows again."""
    raw = json.dumps([[n, j, p, None] for n, j, p in names_], ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass
class Credits:
    """Artist credits made so far, by key: one row per distinct credit, shared."""

    next_id: int
    ids: dict[str, int] = field(default_factory=dict)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    names: list[tuple[Any, ...]] = field(default_factory=list)

    def get(self, names_: list[tuple[str, str, int | None]]) -> int:
        key = credit_key(names_)
        if key not in self.ids:
            self.ids[key] = self.next_id
            self.rows.append((self.next_id, key, "".join(n + j for n, j, _ in names_).strip()))
            self.names.extend(
                (self.next_id, order, n, j, p) for order, (n, j, p) in enumerate(names_)
            )
            self.next_id += 1
        return self.ids[key]


@dataclass
class AlbumIds:
    album: int
    release: int
    recording: int


@dataclass
class AlbumRows:
    albums: list[tuple[Any, ...]] = field(default_factory=list)
    title_links: list[tuple[Any, ...]] = field(default_factory=list)
    credits: list[tuple[Any, ...]] = field(default_factory=list)
    releases: list[tuple[Any, ...]] = field(default_factory=list)
    media: list[tuple[Any, ...]] = field(default_factory=list)
    recordings: list[tuple[Any, ...]] = field(default_factory=list)
    tracks: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass(frozen=True)
class Cue:
    """One recording: its place in the film's order, title, length and credit."""

    place: int
    title: str
    length_ms: int
    recording_id: int
    credit_id: int | None = None
    first_release: str = ""  # a song that came out before, on the band's own record


@dataclass
class Pools:
    """What albums draw from: labels, composers and bands, popular ones more often."""

    labels: list[int]
    composers: list[str]
    bands: list[str]
    taken_slugs: set[str]

    @staticmethod
    def weights(count: int) -> list[float]:
        return [1 / (n + 1) ** 0.8 for n in range(count)]


def _title_unique(rnd: random.Random, seen: set[tuple[str, str]], pattern: str = "") -> str:
    while True:
        text = (pattern or rnd.choice(CUE_PATTERNS)).format(
            a=rnd.choice(names.ADJECTIVES), n=rnd.choice(names.NOUNS), m=rnd.choice(names.NOUNS)
        )
        key = feature_key("track", text)
        if key not in seen:
            seen.add(key)
            return text


def _length(rnd: random.Random, low: int = 35, high: int = 420) -> int:
    return int(min(high, max(low, rnd.lognormvariate(4.9, 0.6)))) * 1000 + rnd.randint(0, 999)


def _score_cues(rnd: random.Random, ids: AlbumIds, credit: int) -> tuple[list[Cue], list[Cue]]:
    """(the first release's cues, the cues only later releases have), in film order."""
    first_count = rnd.randint(10, 26)
    total = min(MOST_TRACKS, first_count + rnd.randint(4, 14))
    seen: set[tuple[str, str]] = set()
    titles = [_title_unique(rnd, seen, "Main Title")]
    titles += [_title_unique(rnd, seen) for _ in range(total - 2)]
    titles.append(_title_unique(rnd, seen, "End Credits"))
    chosen = {0, total - 1, *rnd.sample(range(1, total - 1), first_count - 2)}
    cues = []
    for place, title in enumerate(titles):
        cues.append(Cue(place, title, _length(rnd), ids.recording, credit))
        ids.recording += 1
    first = [c for c in cues if c.place in chosen]
    extra = [c for c in cues if c.place not in chosen]
    # Some "new" cues of an expanded edition are alternate takes of released ones.
    for n, cue in enumerate(rnd.sample(first, min(3, len(first)))):
        if len(first) + len(extra) >= MOST_TRACKS or n >= rnd.randint(0, 3):
            break
        extra.append(
            Cue(cue.place, f"{cue.title} (Alternate)", _length(rnd), ids.recording, credit)
        )
        ids.recording += 1
    extra.sort(key=lambda c: (c.place, c.title))
    return first, extra


Placed = tuple[int, int, str, Cue]  # (medium, position, printed number, cue)


# What one disc holds, in milliseconds: a CD's 79 minutes, an LP's two sides of 22.
CAPACITY_MS = {CD: 79 * 60_000, VINYL: 44 * 60_000}


def _discs(fmt: str, cues: list[Cue]) -> list[list[Cue]]:
    """The cues in order, filled disc by disc up to what a disc of the format holds (a
    digital release is one medium)."""
    capacity = CAPACITY_MS.get(fmt)
    discs: list[list[Cue]] = [[]]
    length = 0
    for cue in cues:
        if capacity is not None and discs[-1] and length + cue.length_ms > capacity:
            discs.append([])
            length = 0
        discs[-1].append(cue)
        length += cue.length_ms
    return discs


def _media(
    release_id: int, fmt: str, cues: list[Cue]
) -> tuple[list[tuple[Any, ...]], list[Placed]]:
    """The release's media and (medium, position, number, cue) for each track; a record's
    tracks are numbered by side (A1, A2, ... B1, ...), half of them on each."""
    media: list[tuple[Any, ...]] = []
    placed: list[Placed] = []
    for m, part in enumerate(_discs(fmt, cues)):
        media.append((release_id, m + 1, fmt, ""))
        half = -(-len(part) // 2)
        for n, cue in enumerate(part, start=1):
            if fmt == VINYL:
                side = string.ascii_uppercase[m * 2 + (n > half)]
                number = f"{side}{n if n <= half else n - half}"
            else:
                number = str(n)
            placed.append((m + 1, n, number, cue))
    return media, placed


def _later(
    rnd: random.Random, kinds: tuple[tuple[str, int, int], ...], first: int, count: int
) -> list[tuple[int, str]]:
    """Up to `count` later releases as (year, kind), in date order."""
    picked: list[tuple[int, str]] = []
    for kind, earliest, gap in rnd.sample(kinds, len(kinds)):
        low = max(earliest, first + gap)
        if len(picked) < count and low <= RELEASE_YEAR_LAST:
            picked.append((rnd.randint(low, RELEASE_YEAR_LAST), kind))
    return sorted(picked)


@dataclass
class _Album:
    """One album being made: what its releases draw their tracks from."""

    id: int
    title: str
    year: int
    score: bool
    first: list[Cue]
    extra: list[Cue]
    first_day: tuple[str, str]


def album_rows(
    rnd: random.Random,
    film: Film,
    relation: str,
    *,
    pools: Pools,
    credits: Credits,
    ids: AlbumIds,
) -> AlbumRows:
    """One album of `film` (its score or its songs) with its releases, media, recordings and
    tracks."""
    rows = AlbumRows()
    album = _album(rnd, film, relation, pools=pools, credits=credits, ids=ids, rows=rows)
    later_count = sum(rnd.random() < 0.1 + 0.4 * film.popularity for _ in range(MOST_RELEASES - 1))
    kinds = LATER if album.score else SONG_LATER
    latest = album.first
    slugs: set[str] = set()
    later = sorted(
        (day_in(rnd, year, precision_pick(rnd, year)), kind)
        for year, kind in _later(rnd, kinds, album.year, later_count)
    )
    for day, kind in [(album.first_day, "first"), *later]:
        cues, fmt, note = _release_tracks(rnd, kind, album, latest)
        if kind in {"expanded", "deluxe", "digital"}:
            latest = cues
        _release(
            rnd,
            album,
            (cues, fmt, note, day),
            pools=pools,
            slugs=slugs,
            release_id=ids.release,
            rows=rows,
        )
        ids.release += 1
    ids.album += 1
    return rows


def _album(
    rnd: random.Random,
    film: Film,
    relation: str,
    *,
    pools: Pools,
    credits: Credits,
    ids: AlbumIds,
    rows: AlbumRows,
) -> _Album:
    """The album's own rows (album, title link, credits, recordings) and what its releases
    need."""
    score = relation == AlbumRelation.SCORE
    year = max(film.year, FIRST_ALBUM_YEAR)
    if score:
        person: int | None = None
        if film.directors and rnd.random() < DIRECTOR_COMPOSES:
            person, composer = film.directors[0]
        else:
            weights = Pools.weights(len(pools.composers))
            composer = rnd.choices(pools.composers, weights=weights)[0]
        credit = credits.get([(composer, "", person)])
        first, extra = _score_cues(rnd, ids, credit)
        title = f"{film.name} (Original Motion Picture Score)"
        rows.credits.append((ids.album, person, composer, "Composer", 0))
        if rnd.random() < 0.4:
            conductor = names.person_name(rnd.randrange(2_000))
            rows.credits.append((ids.album, None, conductor, "Conductor", 1))
    else:
        credit = credits.get([("Various Artists", "", None)])
        first, extra = _songs(rnd, ids, pools, credits, year)
        title = f"{film.name} (Original Motion Picture Soundtrack)"
        supervisor = names.person_name(rnd.randrange(2_000))
        rows.credits.append((ids.album, None, supervisor, "Music Supervisor", 0))
    base = slug_base(f"{title} {year}", "album", length=200)
    slug = numbered(base, pools.taken_slugs)
    pools.taken_slugs.add(slug)
    first_day = day_in(rnd, year, precision_pick(rnd, year))
    note = "" if rnd.random() < 0.7 else f"Music from {film.name} ({film.year})."
    rows.albums.append((ids.album, title, slug, True, not score, credit, *first_day, note))
    rows.title_links.append((ids.album, film.id, relation))
    rows.recordings += [
        (c.recording_id, c.title, c.credit_id, c.length_ms, c.first_release)
        for c in [*first, *extra]
    ]
    return _Album(ids.album, title, year, score, first, extra, first_day)


def _release(
    rnd: random.Random,
    album: _Album,
    made: tuple[list[Cue], str, str, tuple[str, str]],
    *,
    pools: Pools,
    slugs: set[str],
    release_id: int,
    rows: AlbumRows,
) -> None:
    """One release's row, its media and its tracks."""
    cues, fmt, note, (day, precision) = made
    media, placed = _media(release_id, fmt, cues)
    formats = " ".join(dict.fromkeys(m[2] for m in media))
    base = slug_base(f"{formats} {day[:4]} {note}", "release", length=100)
    slug = numbered(base, slugs)
    slugs.add(slug)
    label = rnd.choice(pools.labels)
    physical = fmt != DIGITAL
    rows.releases.append(
        (
            release_id,
            album.id,
            album.title,
            slug,
            label if physical or rnd.random() < 0.5 else None,
            f"{label % 97 + 3:02d}{rnd.randint(100, 9_999)}" if physical else "",
            gtin(rnd, 12 if rnd.random() < 0.5 else 13) if physical else "",
            day,
            precision,
            rnd.choice(("US", "US", "DE", "GB", "JP")) if physical else "XW",
            "official",
            {CD: "Jewel Case", VINYL: "Gatefold Cover"}.get(fmt, ""),
            note,
        )
    )
    rows.media += media
    # A score's tracks are credited as the album is; a song to its band.
    rows.tracks += [
        (
            release_id,
            medium,
            position,
            printed,
            cue.title,
            cue.length_ms,
            None if album.score else cue.credit_id,
            cue.recording_id,
        )
        for medium, position, printed, cue in placed
    ]


def _release_tracks(
    rnd: random.Random, kind: str, album: _Album, latest: list[Cue]
) -> tuple[list[Cue], str, str]:
    """The cues a release of this kind carries, its format and its edition note: the first
    on an LP before 1986, else a CD."""
    first, extra = album.first, album.extra
    if kind == "first":
        return first, VINYL if album.year < 1986 else CD, ""
    if kind in {"expanded", "deluxe"}:
        cues = sorted([*first, *extra], key=lambda c: (c.place, c.title))[:MOST_TRACKS]
        if kind == "deluxe":
            return cues, CD, "deluxe edition"
        copies = rnd.choice((1_000, 1_500, 2_000, 3_000, 5_000))
        return cues, CD, f"expanded edition, limited to {copies:,} copies"
    if kind == "reissue":
        middle = first[1:-1]
        dropped = set(rnd.sample(middle, min(len(middle), rnd.choice((0, 0, 1, 2)))))
        cues = [c for c in first if c not in dropped]
        records = len(_discs(VINYL, cues))
        note = {1: "reissue on vinyl", 2: "reissue on double vinyl"}.get(
            records, f"reissue on {records} LPs"
        )
        return cues, VINYL, note
    if kind == "remaster":
        return first, CD, "remastered"
    return latest, DIGITAL, ""


def _songs(
    rnd: random.Random, ids: AlbumIds, pools: Pools, credits: Credits, year: int
) -> tuple[list[Cue], list[Cue]]:
    """(the songs of the first release, the deluxe edition's bonus songs)."""
    seen: set[tuple[str, str]] = set()
    weights = Pools.weights(len(pools.bands))
    songs = []
    for place in range(rnd.randint(10, 18) + rnd.randint(2, 5)):
        band = rnd.choices(pools.bands, weights=weights)[0]
        title = _title_unique(rnd, seen, rnd.choice(("{a} {n}", "{n}", "{n} and {m}")))
        before = ""
        if rnd.random() < 0.2:
            before = f"{rnd.choice(names.ADJECTIVES)} {rnd.choice(names.NOUNS)} ({year - 1})"
        credit = credits.get([(band, "", None)])
        songs.append(Cue(place, title, _length(rnd, 150, 360), ids.recording, credit, before))
        ids.recording += 1
    bonus = rnd.randint(2, 5)
    return songs[:-bonus], songs[-bonus:]


def composer_names(count: int) -> list[str]:
    """Made-up composers, one per name."""
    return [names.person_name(7 * n + 3) for n in range(count)]


def band_names(count: int) -> list[str]:
    patterns = ("The {a} {n}s", "{a} {n}", "{n} {m}", "The {n}s")
    return [
        patterns[n % len(patterns)].format(
            a=names.ADJECTIVES[n % len(names.ADJECTIVES)],
            n=names.NOUNS[(n // len(names.ADJECTIVES)) % len(names.NOUNS)],
            m=names.NOUNS[(n * 7 + 3) % len(names.NOUNS)],
        )
        for n in range(count)
    ]
