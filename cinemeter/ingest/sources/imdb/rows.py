"""One parser per IMDb file: a row (its dataset's cells) as a staged record, or an
`EpisodeLink`, or the `Rejected` that says why not. Title types and principals categories map
as the package's docstring tables them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
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
from cinemeter.ingest.sources.imdb.files import TITLE_EPISODE, Dataset
from cinemeter.ingest.sources.imdb.values import (
    _NAME_ID,
    _TITLE_ID,
    AKA_KIND_LENGTH,
    LANGUAGE_LENGTH,
    NAME_LENGTH,
    PERSON_YEARS,
    REGION_LENGTH,
    SMALL_INT_MAX,
    SOURCE,
    TITLE_LENGTH,
    TITLE_YEARS,
    _checked_id,
    _int,
    _job,
    _list,
    _new_tuple,
    _required_text,
    _RowError,
    _text,
    _title_id,
    _values,
    _year,
    parse_characters,
)

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


def _cells(row: Row, dataset: Dataset) -> list[str | None]:
    return _values(dataset.pick(row.values))


R = TypeVar("R")


def _parse(row: Row, build: Callable[[Row], R]) -> R | Rejected:
    try:
        return build(row)
    except _RowError as error:
        return Rejected(str(error))


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
