"""TMDb: the Kaggle "TMDB 5000" CSV files and TMDb API documents, as catalogue records.

Pure parsing and mapping, no database: `parse_movie_row` and `parse_credits_row` take one row
of tmdb_5000_movies.csv / tmdb_5000_credits.csv, `parse_document` one API response (movie or
TV details fetched with append_to_response=credits,videos,images,release_dates, plus
external_ids for TV). Anything that cannot be imported raises `RowError` whose message is
the reason written to the rejects file.

Mapping decisions (the site's genre and department names are IMDb's, so a film imported from
both sources does not get the same genre twice):

- Genres: TMDb names equal to IMDb's pass through (Action, Drama, Music ...); the others are
  mapped by `GENRES`: "Science Fiction" is "Sci-Fi"; TV's combined genres split ("Action &
  Adventure", "Sci-Fi & Fantasy"); "TV Movie" is not a genre but the kind tv_movie; the
  obsolete "Foreign" marker is dropped.
- Departments: TMDb's crew departments map onto `Department` by `DEPARTMENTS` (Lighting
  joins Camera, as IMDb's "camera and electrical department" does); an unknown one is Crew.
  Cast entries are acting credits; one actor in several roles is one credit whose
  characters are joined with " / ".
- Ratings: vote_average / vote_count become the "tmdb_movie" (or "tmdb_tv") rating; a title
  nobody voted on gets none rather than "0.0".
- Runtime: minutes as a float ("162.0") rounded to whole minutes; 0 means unknown.
- Release types 1-6 map onto `ReleaseType` (2, a limited theatrical run, is "theatrical"
  noted "Limited"); video sites YouTube and Vimeo onto `VideoProvider` (others are
  skipped); video types by `VIDEO_KINDS`. Images are remote URLs of TMDb's originals,
  attributed to TMDb, at most `IMAGES_PER_KIND` of each kind per title.
- An empty cell is "TMDb does not say" (a credits row without crew imports its cast); a
  cell that is not valid JSON, a missing id, a non-numeric number refuse the whole row.

The package by concern: `files` reads the files, `documents` turns rows and documents into
records, `mapping` holds TMDb's vocabulary as the site's (`GENRES`, `DEPARTMENTS`, release
types, videos), `values` cleans or refuses each value.
"""

from cinemeter.ingest.sources.tmdb.documents import (
    parse_credits_row,
    parse_document,
    parse_movie_row,
)
from cinemeter.ingest.sources.tmdb.files import (
    CREDITS,
    CREDITS_COLUMNS,
    MOVIES,
    MOVIES_COLUMNS,
    csv_kind,
    read_document,
)
from cinemeter.ingest.sources.tmdb.mapping import DEPARTMENTS, GENRES, site_genres
from cinemeter.ingest.sources.tmdb.values import RowError

__all__ = [
    "CREDITS",
    "CREDITS_COLUMNS",
    "DEPARTMENTS",
    "GENRES",
    "MOVIES",
    "MOVIES_COLUMNS",
    "RowError",
    "csv_kind",
    "parse_credits_row",
    "parse_document",
    "parse_movie_row",
    "read_document",
    "site_genres",
]
