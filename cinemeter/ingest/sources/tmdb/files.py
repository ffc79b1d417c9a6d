"""TMDb's files: which TMDB 5000 CSV a file is (`csv_kind`, checked by its header before a
run writes anything), and one API document read from a .json or .json.gz file
(`read_document`). The command reads the CSV rows themselves through its import session.
"""

from __future__ import annotations

import csv
import gzip
import json
import zlib
from pathlib import Path
from typing import Any

from cinemeter.ingest.errors import SourceFileError
from cinemeter.ingest.readers import open_text
from cinemeter.ingest.sources.tmdb.values import RowError

MOVIES_COLUMNS = (
    "id",
    "title",
    "original_title",
    "overview",
    "tagline",
    "release_date",
    "runtime",
    "original_language",
    "genres",
    "production_countries",
    "production_companies",
    "vote_average",
    "vote_count",
)
CREDITS_COLUMNS = ("movie_id", "cast", "crew")
MOVIES, CREDITS = "movies", "credits"


def csv_kind(path: Path) -> str:
    """MOVIES or CREDITS, from the file's header (and name); a clear error for anything else.

    The header is checked here, before a run writes anything, so a wrong file fails whole.
    """
    header = _csv_header(path)
    name = path.name.lower()
    required: tuple[str, ...]
    if {"movie_id", "cast", "crew"} & set(header) or "credits" in name:
        kind, required = CREDITS, CREDITS_COLUMNS
    elif {"genres", "vote_count", "production_companies"} & set(header) or "movies" in name:
        kind, required = MOVIES, MOVIES_COLUMNS
    else:
        found = ", ".join(header[:8]) or "nothing"
        raise SourceFileError(
            path, f"not a TMDB 5000 movies or credits CSV (header: {found})", line=1
        )
    missing = [column for column in required if column not in header]
    if missing:
        raise SourceFileError(
            path,
            f"the header of a TMDB 5000 {kind} file lacks {', '.join(missing)} "
            f"(found: {', '.join(header)})",
            line=1,
        )
    return kind


def _csv_header(path: Path) -> list[str]:
    try:
        with open_text(path) as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError as error:
        raise SourceFileError(path, f"not valid UTF-8 ({error.reason})", line=1) from None
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise SourceFileError(path, f"the gzip data is truncated or corrupt ({error})") from None
    except csv.Error as error:
        raise SourceFileError(path, f"malformed header ({error})", line=1) from None
    if not header:
        raise SourceFileError(path, "the file is empty (no header row)")
    return [column.strip().lstrip("\ufeff") for column in header]


def read_document(path: Path) -> Any:
    """One API document from a .json (or .json.gz) file; a broken one is a RowError."""
    try:
        with open_text(path) as handle:
            return json.load(handle)
    except UnicodeDecodeError as error:
        raise RowError(f"not valid UTF-8 ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise RowError(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            line=error.lineno,
        ) from None
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise RowError(f"the gzip data is truncated or corrupt ({error})") from None
    except RecursionError:
        raise RowError("not valid JSON: nested too deeply") from None
