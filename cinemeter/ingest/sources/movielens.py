"""MovieLens (GroupLens Research): its movies as catalogue titles, its ratings as votes.

Pure parsing and mapping, no database. Two layouts are read:

- "latest" (ml-latest-small, ml-latest, ml-25m ...): UTF-8 CSV files with a header row:
  movies.csv (movieId, "Title (year)", pipe-separated genres), links.csv (movieId, imdbId
  without "tt", tmdbId) and ratings.csv (userId, movieId, 0.5-5 stars in half steps).
  movieId is MovieLens's own id, the one movielens.org shows: Ref("movielens", "849").
- "100k" (ml-100k, 1998): headerless files: u.item (pipe-separated, Latin-1: id, title,
  dates, an IMDb search URL, 19 genre flags in u.genre's order) and u.data (tab-separated:
  user, item, 1-5 stars, timestamp). Its item and user numbers are its own, not ml-latest's
  (its item 2 is GoldenEye, ml-latest's 2 is Jumanji), so they are kept apart:
  Ref("movielens", "ml-100k:2") and member "movielens-100k-196".

Every function here raises RowError with a reason the rejects file can show.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from cinemeter.catalog.bulk import Ref, TitleRecord, article_first
from cinemeter.community.votes.records import VoteRecord

SOURCE = "movielens"

MOVIES_COLUMNS = ("movieId", "title", "genres")
LINKS_COLUMNS = ("movieId", "imdbId", "tmdbId")
RATINGS_COLUMNS = ("userId", "movieId", "rating", "timestamp")

# ml-100k's genres, in the order of its u.genre file and of u.item's flag columns.
ML_100K_GENRES = (
    "unknown",
    "Action",
    "Adventure",
    "Animation",
    "Children's",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Fantasy",
    "Film-Noir",
    "Horror",
    "Musical",
    "Mystery",
    "Romance",
    "Sci-Fi",
    "Thriller",
    "War",
    "Western",
)
U_GENRE_FIELDS = ("name", "index")
U_ITEM_FIELDS = (
    "movie_id",
    "title",
    "release_date",
    "video_release_date",
    "imdb_url",
    *(f"genre_{index}" for index in range(len(ML_100K_GENRES))),
)
U_DATA_FIELDS = ("user_id", "item_id", "rating", "timestamp")

# MovieLens's genre names that differ from the IMDb-style names the site uses. Most are the
# same ("Sci-Fi", "Film-Noir"); IMAX is a screen format, not a genre; the placeholders mean
# "no genre".
GENRES: Mapping[str, str | None] = {
    "Children": "Family",
    "Children's": "Family",
    "IMAX": None,
    "(no genres listed)": None,
    "unknown": None,
}

MIN_RATING = Decimal("0.5")
MAX_RATING = Decimal(5)
MAX_TITLE_LENGTH = 300
YEARS = range(1870, 2201)  # what the catalogue's title_year_plausible constraint accepts


class RowError(ValueError):
    """One row cannot be used; the message is the reason the rejects file records."""


@dataclass(frozen=True)
class Layout:
    """One numbering of MovieLens ids: how its movies and users are named here."""

    name: str
    movie_prefix: str
    member_prefix: str

    def movie_ref(self, movie_id: str) -> Ref:
        return Ref(SOURCE, f"{self.movie_prefix}{movie_id}")

    def member(self, user_id: str) -> str:
        return f"{self.member_prefix}{user_id}"


LATEST = Layout("latest", movie_prefix="", member_prefix="movielens-")
ML_100K = Layout("100k", movie_prefix="ml-100k:", member_prefix="movielens-100k-")


# --- values ---------------------------------------------------------------------------------


def parse_id(value: str, column: str) -> str:
    """A MovieLens id: a positive whole number, normalised ("007" -> "7")."""
    value = value.strip()
    if not value:
        raise RowError(f"{column} is empty")
    if not value.isascii() or not value.isdigit() or int(value) == 0:
        raise RowError(f"{column} {value!r} is not a positive whole number")
    return str(int(value))


def parse_rating(value: str) -> Decimal:
    """Stars from 0.5 to 5 in half steps; ml-100k's whole stars 1-5 are the same values."""
    text = value.strip()
    if not text:
        raise RowError("rating is empty")
    try:
        rating = Decimal(text)
    except InvalidOperation:
        raise RowError(f"rating {text!r} is not a number") from None
    if not rating.is_finite():
        raise RowError(f"rating {text!r} is not a number")
    if not MIN_RATING <= rating <= MAX_RATING:
        raise RowError(f"rating {text} is outside 0.5-5")
    if (rating * 2) % 1:
        raise RowError(f"rating {text} is not a half step")
    return rating.quantize(Decimal("0.1"))


def site_genres(names: Iterable[str]) -> tuple[str, ...]:
    """MovieLens genre names as the site's (IMDb-style) names, in order, without repeats."""
    mapped: dict[str, None] = {}
    for name in names:
        name = name.strip()  # noqa: PLW2901 - the cleaned name
        if not name:
            continue
        genre = GENRES.get(name, name)
        if genre:
            mapped[genre] = None
    return tuple(mapped)


@dataclass(frozen=True)
class ParsedTitle:
    title: str
    original_title: str = ""
    year: int | None = None
    end_year: int | None = None
    kind: str = "movie"


_TRAILING_GROUP = re.compile(r"^(?P<rest>.*\S)\s*\((?P<inner>[^()]*)\)$")
_YEARS = re.compile(r"^(?P<year>\d{4})(?:\s*[-–]\s*(?P<end>\d{4})?)?$")
_KIND_MARKS = {"V": "video", "TV": "tv_movie"}


def _peel(text: str) -> tuple[str, str] | None:
    """ "Seven (a.k.a. Se7en)" -> ("Seven", "a.k.a. Se7en"); None without a trailing group."""
    match = _TRAILING_GROUP.match(text)
    return (match["rest"], match["inner"].strip()) if match else None


def parse_title(text: str) -> ParsedTitle:
    """Split MovieLens's title line into the title, the original title, year(s) and kind.

    "City of Lost Children, The (Cité des enfants perdus, La) (1995)" is "The City of Lost
    Children", originally "La Cité des enfants perdus", 1995. A trailing "(V)" marks a video;
    a span of years "(2006–2007)" a series. "(a.k.a. ...)" names are dropped: they are
    neither the title nor the original title.
    """
    rest = " ".join(text.split())
    kind, year, end_year = "movie", None, None
    peeled = _peel(rest)
    if peeled and peeled[1] in _KIND_MARKS:
        rest, kind = peeled[0], _KIND_MARKS[peeled[1]]
        peeled = _peel(rest)
    if peeled and (years := _YEARS.match(peeled[1])):
        rest, year = peeled[0], int(years["year"])
        if "-" in peeled[1] or "–" in peeled[1]:
            kind = "series"
            end_year = int(years["end"]) if years["end"] else None
        peeled = _peel(rest)
    original = ""
    for _ in range(2):  # at most "(a.k.a. ...) (original)"
        if not peeled:
            break
        rest, inner = peeled
        if inner.lower().startswith("a.k.a."):
            pass
        elif not original:
            original = article_first(inner)
        peeled = _peel(rest)
    title = article_first(rest)
    if not title:
        raise RowError("the title is empty")
    if len(title) > MAX_TITLE_LENGTH:
        raise RowError(f"the title is longer than {MAX_TITLE_LENGTH} characters")
    for value in (year, end_year):
        if value is not None and value not in YEARS:
            raise RowError(f"year {value} is not plausible")
    if end_year is not None and year is not None and end_year < year:
        raise RowError(f"the years {year}-{end_year} run backwards")
    return ParsedTitle(title, original[:MAX_TITLE_LENGTH], year, end_year, kind)


# --- ml-latest layout -----------------------------------------------------------------------


def link_refs(values: Mapping[str, str]) -> tuple[str, tuple[Ref, ...]]:
    """A links.csv row: the movieId and its IMDb ("tt" + 7 digits) and TMDb movie ids."""
    movie_id = parse_id(values["movieId"], "movieId")
    refs = []
    if values["imdbId"].strip():
        refs.append(Ref("imdb", f"tt{int(parse_id(values['imdbId'], 'imdbId')):07d}"))
    if values["tmdbId"].strip():
        refs.append(Ref("tmdb_movie", parse_id(values["tmdbId"], "tmdbId")))
    return movie_id, tuple(refs)


def movie_record(
    values: Mapping[str, str], line: int, links: Mapping[str, tuple[Ref, ...]]
) -> TitleRecord:
    """A movies.csv row, with the ids links.csv gives for it, as a title record."""
    movie_id = parse_id(values["movieId"], "movieId")
    parsed = parse_title(values["title"])
    return TitleRecord(
        ref=LATEST.movie_ref(movie_id),
        kind=parsed.kind,
        title=parsed.title,
        original_title=parsed.original_title,
        year=parsed.year,
        end_year=parsed.end_year,
        genres=site_genres(values["genres"].split("|")),
        other_refs=links.get(movie_id, ()),
        line=line,
    )


def vote_record(
    values: Mapping[str, str],
    line: int,
    *,
    layout: Layout = LATEST,
    user: str = "userId",
    movie: str = "movieId",
) -> VoteRecord:
    """A ratings.csv (or, with ml-100k's layout and column names, u.data) row as a vote."""
    return VoteRecord(
        member=layout.member(parse_id(values[user], user)),
        title=layout.movie_ref(parse_id(values[movie], movie)),
        value=parse_rating(values["rating"]),
        line=line,
    )


# --- ml-100k layout -------------------------------------------------------------------------


def genre_names(rows: Iterable[Mapping[str, str]]) -> tuple[str, ...]:
    """u.genre's "name|index" lines as the names in index order."""
    by_index: dict[int, str] = {}
    for values in rows:
        index = values["index"].strip()
        if not index.isdigit():
            raise RowError(f"genre index {index!r} is not a number")
        by_index[int(index)] = values["name"].strip()
    if sorted(by_index) != list(range(len(by_index))):
        raise RowError("the genre indexes are not 0, 1, 2 ...")
    return tuple(by_index[index] for index in range(len(by_index)))


def item_record(
    values: Mapping[str, str], line: int, genres: Sequence[str] = ML_100K_GENRES
) -> TitleRecord:
    """A u.item row as a title record. Its IMDb URL is a title search, not an id."""
    movie_id = parse_id(values["movie_id"], "movie id")
    if values["title"].strip().lower() == "unknown":
        raise RowError("the title is MovieLens's placeholder 'unknown', not a film")
    parsed = parse_title(values["title"])
    year = parsed.year
    release = values["release_date"].strip()
    if year is None and re.fullmatch(r"\d{1,2}-[A-Za-z]{3}-\d{4}", release):
        year = int(release[-4:]) if int(release[-4:]) in YEARS else None
    flags = [values[f"genre_{index}"].strip() for index in range(len(genres))]
    if any(flag not in ("0", "1") for flag in flags):
        raise RowError("a genre flag is not 0 or 1")
    return TitleRecord(
        ref=ML_100K.movie_ref(movie_id),
        kind=parsed.kind,
        title=parsed.title,
        original_title=parsed.original_title,
        year=year,
        end_year=parsed.end_year,
        genres=site_genres(name for name, flag in zip(genres, flags, strict=True) if flag == "1"),
        line=line,
    )
