"""IMDb's Non-Commercial Datasets: parse each file's rows into catalogue records.

Pure functions, no database: one parser per file turns a `Row` into frozen records (or a
`Rejected` with the reason), and two stream folds merge the rows IMDb repeats. The
`ingest_imdb` command runs them through the pipeline and the catalogue's bulk services.

Conventions of the files (https://developer.imdb.com/non-commercial-datasets/): UTF-8,
tab-separated, a header row, no quoting, `\\N` for "no value", arrays comma-separated.

Title types map to our kinds as in `TITLE_KINDS`; `videoGame` and any type not listed there
are rejected with the reason. `tvEpisode` rows become records of kind "episode": they cannot be
written before title.episode names their show, so the command stages them. `isAdult` is not
imported (the catalogue has no field for it); such titles are imported like any other.

title.principals categories map to a department and a job (`CATEGORIES`):

| category | department | job |
|---|---|---|
| actor, actress, self | acting | "" (characters: the JSON list joined by " / ") |
| archive_footage, archive_sound | acting | "Archive footage" / "Archive sound" (with characters) |
| director | directing | "Director" |
| writer | writing | IMDb's job ("Screenplay", "Novel"...) or "Writer" |
| producer | production | IMDb's job ("Executive producer"...) or "Producer" |
| composer | sound | "Composer" |
| cinematographer | camera | "Director of Photography" |
| editor | editing | "Editor" |
| production_designer | art | "Production Designer" |
| casting_director | production | "Casting Director" |
| anything else | crew | IMDb's job, else the category in words ("Sound designer") |

IMDb's jobs are lower case ("screenplay"); their first letter is capitalised so "writer" and
the "Writer" of title.crew are one credit. `ordering` is the billing order. The archive
categories keep a job of their own so an actor's archive appearance is a second credit, not
a change to the first.

One person in several parts of one title is several principals rows (2025 files: one row per
character). `fold_repeated_credits` merges them: every such row carries the whole credit (all
characters, the first billing order), so whichever batch a row falls in writes the same thing.
`fold_repeated_akas` does the same for an AKA listed with several types.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property
from operator import itemgetter
from typing import TypeVar

from cinemeter.catalog.bulk import (
    Ref,
    StagedAka,
    StagedCredit,
    StagedCreditList,
    StagedPerson,
    StagedRating,
    StagedTitle,
)
from cinemeter.catalog.slugs import slug_text, title_slug_source
from cinemeter.ingest.readers import Row

SOURCE = "imdb"
NULL = "\\N"

# Field lengths of the catalogue's columns: longer values are cut, not refused.
TITLE_LENGTH = 300
NAME_LENGTH = 200
JOB_LENGTH = 100
CHARACTER_LENGTH = 500
AKA_KIND_LENGTH = 40
REGION_LENGTH = 4
LANGUAGE_LENGTH = 8

# Years the catalogue accepts (Title's check constraint; a person's year is a small integer).
TITLE_YEARS = (1870, 2200)
PERSON_YEARS = (0, 2200)
SMALL_INT_MAX = 32767  # season numbers are PositiveSmallIntegerField
INT_MAX = 2_147_483_647

# A group of repeated rows is flushed at this size whatever follows, so memory stays bounded
# even on a file that is not sorted by title.
FOLD_LIMIT = 10_000


@dataclass(frozen=True)
class Dataset:
    """One of IMDb's files: its name (without .tsv / .tsv.gz) and the columns we read."""

    name: str
    columns: tuple[str, ...]

    @property
    def filename(self) -> str:
        return f"{self.name}.tsv"

    @cached_property
    def pick(self) -> Callable[[dict[str, str]], tuple[str, ...]]:
        """A row's cells in `columns` order, picked in C (every row of a file goes through)."""
        getter = itemgetter(*self.columns)
        if len(self.columns) == 1:
            return lambda values: (getter(values),)
        return getter


NAME_BASICS = Dataset("name.basics", ("nconst", "primaryName", "birthYear", "deathYear"))
TITLE_BASICS = Dataset(
    "title.basics",
    (
        "tconst",
        "titleType",
        "primaryTitle",
        "originalTitle",
        "startYear",
        "endYear",
        "runtimeMinutes",
        "genres",
    ),
)
TITLE_EPISODE = Dataset(
    "title.episode", ("tconst", "parentTconst", "seasonNumber", "episodeNumber")
)
TITLE_AKAS = Dataset("title.akas", ("titleId", "title", "region", "language", "types"))
TITLE_RATINGS = Dataset("title.ratings", ("tconst", "averageRating", "numVotes"))
TITLE_CREW = Dataset("title.crew", ("tconst", "directors", "writers"))
TITLE_PRINCIPALS = Dataset(
    "title.principals", ("tconst", "ordering", "nconst", "category", "job", "characters")
)
# In import order: people and titles first, then what refers to them.
DATASETS = (
    NAME_BASICS,
    TITLE_BASICS,
    TITLE_EPISODE,
    TITLE_AKAS,
    TITLE_RATINGS,
    TITLE_CREW,
    TITLE_PRINCIPALS,
)
DATASET_NAMES = tuple(dataset.filename for dataset in DATASETS)


def dataset_for(filename: str) -> Dataset | None:
    """The dataset a file name is (`title.basics.tsv`, `title.basics.tsv.gz`), if any."""
    for dataset in DATASETS:
        if filename in (dataset.filename, f"{dataset.filename}.gz"):
            return dataset
    return None


TITLE_KINDS = {
    "movie": "movie",
    "short": "short",
    "tvShort": "short",
    "tvMovie": "tv_movie",
    "tvSeries": "series",
    "tvMiniSeries": "miniseries",
    "tvEpisode": "episode",
    "tvSpecial": "tv_special",
    "video": "video",
}
EPISODE = "episode"


@dataclass(frozen=True)
class Role:
    """What a principals category becomes: a department and a job."""

    department: str
    job: str = ""  # with `own_job`, only when IMDb's row has no job of its own
    own_job: bool = False  # IMDb's job text ("screenplay") is the credit's job


CATEGORIES = {
    "actor": Role("acting"),
    "actress": Role("acting"),
    "self": Role("acting"),
    "archive_footage": Role("acting", "Archive footage"),
    "archive_sound": Role("acting", "Archive sound"),
    "director": Role("directing", "Director"),
    "writer": Role("writing", "Writer", own_job=True),
    "producer": Role("production", "Producer", own_job=True),
    "composer": Role("sound", "Composer"),
    "cinematographer": Role("camera", "Director of Photography"),
    "editor": Role("editing", "Editor"),
    "production_designer": Role("art", "Production Designer"),
    "casting_director": Role("production", "Casting Director"),
}
ACTING = "acting"


@dataclass(frozen=True)
class Rejected:
    """A row that cannot become a record, and why (the rejects file says where)."""

    reason: str


@dataclass(frozen=True)
class EpisodeLink:
    """A title.episode row: which show an episode belongs to, and its numbers there."""

    ref: Ref
    show: Ref
    season_number: int | None
    episode_number: int | None
    line: int = 0


class _RowError(Exception):
    """A cell is unusable; the parser turns it into a `Rejected`."""


# --- cells -----------------------------------------------------------------------------------


def _cells(row: Row, dataset: Dataset) -> list[str | None]:
    return _values(dataset.pick(row.values))


def _values(cells: Sequence[str]) -> list[str | None]:
    if "\x00" in "".join(cells):
        raise _RowError("the row contains a NUL character")
    return [None if value == NULL else value for value in cells]


# 620,000 ids in the sample's seven files: one C-level match each, and the Ref built without
# the named tuple's Python-level __new__ (it only packs the two values).
_TITLE_ID = re.compile(r"tt[0-9]+").fullmatch
_NAME_ID = re.compile(r"nm[0-9]+").fullmatch
_new_tuple = tuple.__new__


def _id_error(value: str | None, column: str) -> _RowError:
    if not value:
        return _RowError(f"{column} is empty")
    return _RowError(f"{column} {value!r} is not an IMDb id")


def _checked_id(value: str | None, match: Callable[[str], object], column: str) -> str:
    """The id itself (for a staged row), if it is one."""
    if value and match(value):
        return value
    raise _id_error(value, column)


def _title_id(value: str | None, column: str = "tconst") -> Ref:
    if value and _TITLE_ID(value):
        return _new_tuple(Ref, (SOURCE, value))
    raise _id_error(value, column)


def _name_id(value: str | None, column: str = "nconst") -> Ref:
    if value and _NAME_ID(value):
        return _new_tuple(Ref, (SOURCE, value))
    raise _id_error(value, column)


def _int(value: str | None, column: str, low: int = 0, high: int = INT_MAX) -> int | None:
    if value is None or value == "":
        return None
    if not value.isascii() or not value.isdigit():
        raise _RowError(f"{column} {value!r} is not a whole number")
    number = int(value)
    if not low <= number <= high:
        raise _RowError(f"{column} {number} is outside {low}–{high}")
    return number


def _year(value: str | None, column: str, years: tuple[int, int]) -> int | None:
    if value is not None and (not value.isascii() or not value.isdigit()):
        raise _RowError(f"{column} {value!r} is not a year")
    return _int(value, column, *years)


def _text(value: str | None, length: int) -> str:
    if not value:
        return ""
    value = value.strip()
    return value if len(value) <= length else value[: length - 1] + "…"


def _required_text(value: str | None, column: str, length: int) -> str:
    text = _text(value, length)
    if not text:
        raise _RowError(f"{column} is empty")
    return text


def _list(value: str | None) -> list[str]:
    """An IMDb array cell ("Crime,Drama"); duplicates dropped, order kept."""
    if not value:
        return []
    items = value.split(",")
    if " " in value:
        items = [item.strip() for item in items]
    unique = dict.fromkeys(items)
    unique.pop("", None)
    return list(unique)


def _job(text: str | None) -> str:
    text = _text(text, JOB_LENGTH)
    return text[:1].upper() + text[1:]


def parse_characters(value: str | None) -> str:
    """IMDb's JSON list of characters (`["Maya","Herself"]`) as "Maya / Herself".

    Some copies of the file were re-written CSV-style (`"[""Self""]"`); that quoting is undone
    first. Anything that is not a JSON list of names is an error.
    """
    if not value:
        return ""
    text = value
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        text = text[1:-1].replace('""', '"')
    try:
        names = json.loads(text)
    except json.JSONDecodeError as error:
        raise _RowError(f"characters is not valid JSON ({error.msg}): {value[:80]!r}") from None
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise _RowError(f"characters is not a JSON list of names: {value[:80]!r}")
    unique = dict.fromkeys(name.strip() for name in names if name.strip())
    return _text(" / ".join(unique), CHARACTER_LENGTH)


R = TypeVar("R")


def _parse(row: Row, build: Callable[[Row], R]) -> R | Rejected:
    try:
        return build(row)
    except _RowError as error:
        return Rejected(str(error))


# --- one parser per file ---------------------------------------------------------------------


def parse_name(line: int, cells: Sequence[str]) -> StagedPerson | Rejected:
    """A name.basics row (its `NAME_BASICS` cells): a person with birth and death years."""
    try:
        return _name(line, cells)
    except _RowError as error:
        return Rejected(str(error))


def _name(line: int, cells: Sequence[str]) -> StagedPerson:
    nconst, name, born, died = _values(cells)
    birth_year = _year(born, "birthYear", PERSON_YEARS)
    death_year = _year(died, "deathYear", PERSON_YEARS)
    if birth_year is not None and death_year is not None and death_year < birth_year:
        raise _RowError(f"deathYear {death_year} is before birthYear {birth_year}")
    person = _checked_id(nconst, _NAME_ID, "nconst")
    text = _required_text(name, "primaryName", NAME_LENGTH)
    return _new_tuple(StagedPerson, (line, person, text, birth_year, death_year, slug_text(text)))


def parse_title(line: int, cells: Sequence[str]) -> StagedTitle | Rejected:
    """A title.basics row (its `TITLE_BASICS` cells): a film or show, or an episode (kind
    "episode") to be staged."""
    try:
        return _title(line, cells)
    except _RowError as error:
        return Rejected(str(error))


def _title(line: int, cells: Sequence[str]) -> StagedTitle:
    tconst, title_type, primary, original, start, end, runtime, genres = _values(cells)
    ref = _checked_id(tconst, _TITLE_ID, "tconst")
    if title_type not in TITLE_KINDS:
        if title_type == "videoGame":
            raise _RowError("titleType videoGame is not imported (video games are not films)")
        raise _RowError(f"titleType {title_type!r} is not a type Cinemeter imports")
    year = _year(start, "startYear", TITLE_YEARS)
    end_year = _year(end, "endYear", TITLE_YEARS)
    if year is not None and end_year is not None and end_year < year:
        raise _RowError(f"endYear {end_year} is before startYear {year}")
    title = _required_text(primary, "primaryTitle", TITLE_LENGTH)
    return _new_tuple(
        StagedTitle,
        (
            line,
            ref,
            TITLE_KINDS[title_type],
            title,
            _text(original, TITLE_LENGTH) or title,
            year,
            end_year,
            _int(runtime, "runtimeMinutes"),
            tuple(_list(genres)),
            slug_text(title_slug_source(title, year)),
        ),
    )


def parse_episode(row: Row) -> EpisodeLink | Rejected:
    """A title.episode row: the episode's show and its season and episode numbers."""
    return _parse(row, _episode)


def _episode(row: Row) -> EpisodeLink:
    tconst, parent, season, episode = _cells(row, TITLE_EPISODE)
    ref = _title_id(tconst)
    show = _title_id(parent, "parentTconst")
    if show == ref:
        raise _RowError("the episode is its own show")
    return EpisodeLink(
        ref=ref,
        show=show,
        season_number=_int(season, "seasonNumber", 0, SMALL_INT_MAX),
        episode_number=_int(episode, "episodeNumber"),
        line=row.line,
    )


def parse_aka(line: int, cells: Sequence[str]) -> StagedAka | Rejected:
    """A title.akas row (its `TITLE_AKAS` cells): a title in a region or language; `kind`
    is IMDb's types."""
    try:
        return _aka(line, cells)
    except _RowError as error:
        return Rejected(str(error))


def _aka(line: int, cells: Sequence[str]) -> StagedAka:
    title_id, name, region, language, types = _values(cells)
    title = _checked_id(title_id, _TITLE_ID, "titleId")
    if region and len(region) > REGION_LENGTH:
        raise _RowError(f"region {region!r} is not a region code")
    if language and len(language) > LANGUAGE_LENGTH:
        raise _RowError(f"language {language!r} is not a language code")
    # Several types are separated by \x02 inside the cell.
    kinds = [kind.strip() for kind in (types or "").split("\x02") if kind.strip()]
    name = _required_text(name, "title", TITLE_LENGTH)
    kind = _text(", ".join(kinds), AKA_KIND_LENGTH)
    return _new_tuple(StagedAka, (line, title, name, region or "", language or "", kind))


# IMDb's averages all look like this: checked by one C-level match, no Decimal made.
_PLAIN_RATING = re.compile(r"[0-9]\.[0-9]|10\.0").fullmatch


def parse_rating(line: int, cells: Sequence[str]) -> StagedRating | Rejected:
    """A title.ratings row (its `TITLE_RATINGS` cells): IMDb's weighted average (1–10) and
    its number of votes."""
    try:
        return _rating(line, cells)
    except _RowError as error:
        return Rejected(str(error))


def _rating(line: int, cells: Sequence[str]) -> StagedRating:
    tconst, average, votes = _values(cells)
    title = _checked_id(tconst, _TITLE_ID, "tconst")
    if average is None:
        raise _RowError("averageRating is empty")
    if not _PLAIN_RATING(average):
        average = _rating_value(average)
    count = _int(votes, "numVotes")
    return _new_tuple(StagedRating, (line, title, SOURCE, average, count or 0))


def _rating_value(average: str) -> str:
    """An average in any other spelling ("7", "7.25"), checked and given one decimal."""
    try:
        value = Decimal(average)
    except InvalidOperation:
        raise _RowError(f"averageRating {average!r} is not a number") from None
    if not value.is_finite() or not 0 <= value <= 10:
        raise _RowError(f"averageRating {average} is outside 0–10")
    return str(value.quantize(Decimal("0.1")))


def parse_crew(line: int, cells: Sequence[str]) -> list[StagedCreditList] | Rejected:
    """A title.crew row (its `TITLE_CREW` cells) as its directors' "Director" and writers'
    "Writer" credits, one staged list each (none when the cell is empty)."""
    try:
        return _crew(line, cells)
    except _RowError as error:
        return Rejected(str(error))


def _crew(line: int, cells: Sequence[str]) -> list[StagedCreditList]:
    tconst, directors, writers = _values(cells)
    title = _checked_id(tconst, _TITLE_ID, "tconst")
    return [
        (line, title, _people(cell, column), dept, job)
        for column, cell, dept, job in (
            ("directors", directors, "directing", "Director"),
            ("writers", writers, "writing", "Writer"),
        )
        if cell
    ]


# A plain list of IMDb person ids, as almost every crew cell is: one C-level match for it.
_NAME_IDS = re.compile(r"nm[0-9]+(?:,nm[0-9]+)*").fullmatch


def _people(cell: str, column: str) -> str:
    """A crew cell as "nm1,nm2" (checked; spaces, empty items and repeats dropped)."""
    if _NAME_IDS(cell) and ("," not in cell or len(set(cell.split(","))) == cell.count(",") + 1):
        return cell
    return ",".join(_checked_id(nconst, _NAME_ID, column) for nconst in _list(cell))


def parse_principal(line: int, cells: Sequence[str]) -> StagedCredit | Rejected:
    """A title.principals row (its `TITLE_PRINCIPALS` cells): one credit, department and
    job per `CATEGORIES`."""
    try:
        return _principal(line, cells)
    except _RowError as error:
        return Rejected(str(error))


def _principal(line: int, cells: Sequence[str]) -> StagedCredit:
    tconst, ordering, nconst, category, job, characters = _values(cells)
    title = _checked_id(tconst, _TITLE_ID, "tconst")
    person = _checked_id(nconst, _NAME_ID, "nconst")
    if not category:
        raise _RowError("category is empty")
    role = CATEGORIES.get(category)
    if role is None:  # a category IMDb may add later: kept as a crew job, not lost
        role = Role("crew", category.replace("_", " ").capitalize(), own_job=True)
    acting = role.department == ACTING
    return _new_tuple(
        StagedCredit,
        (
            line,
            title,
            person,
            role.department,
            (_job(job) if role.own_job else "") or role.job,
            parse_characters(characters) if acting else "",
            _int(ordering, "ordering"),
        ),
    )


# --- folding repeated rows -------------------------------------------------------------------

T = TypeVar("T", StagedCredit, StagedAka)

# Both staged shapes start (line, title, ...) and their key is the four cells after the line.
_group = itemgetter(1)
_key = itemgetter(1, 2, 3, 4)


def _fold(records: Iterable[T], merge: Callable[[T, T], T]) -> Iterator[T]:
    """Within each run of rows of one title, give every row with the same key the merged
    value of them all; rows keep their own line and their order."""
    buffer: list[T] = []
    current: Hashable = None
    for record in records:
        if buffer and (_group(record) != current or len(buffer) >= FOLD_LIMIT):
            yield from _flush(buffer, merge)
            buffer = []
        current = _group(record)
        buffer.append(record)
    yield from _flush(buffer, merge)


def _flush(buffer: list[T], merge: Callable[[T, T], T]) -> Iterator[T]:
    merged: dict[Hashable, T] = {}
    for record in buffer:
        k = _key(record)
        merged[k] = merge(merged[k], record) if k in merged else record
    for record in buffer:
        value = merged[_key(record)]
        yield record if value is record else value._replace(line=record.line)


def _join(first: str, second: str, separator: str, length: int) -> str:
    parts = [part for text in (first, second) for part in text.split(separator) if part]
    return _text(separator.join(dict.fromkeys(parts)), length)


def _merge_credits(first: StagedCredit, second: StagedCredit) -> StagedCredit:
    orders = [o for o in (first.billing_order, second.billing_order) if o is not None]
    return first._replace(
        character=_join(first.character, second.character, " / ", CHARACTER_LENGTH),
        billing_order=min(orders) if orders else None,
    )


def fold_repeated_credits(records: Iterable[StagedCredit]) -> Iterator[StagedCredit]:
    """One person in several parts of a title (consecutive rows) as one credit on each row."""
    return _fold(records, _merge_credits)


def _merge_akas(first: StagedAka, second: StagedAka) -> StagedAka:
    return first._replace(kind=_join(first.kind, second.kind, ", ", AKA_KIND_LENGTH))


def fold_repeated_akas(records: Iterable[StagedAka]) -> Iterator[StagedAka]:
    """The same AKA listed twice for a title (with different types) as one, on each row."""
    return _fold(records, _merge_akas)
