"""`manage.py ingest_movielens DIR`: import a MovieLens dataset from GroupLens.

DIR holds either the ml-latest layout (movies.csv, links.csv, ratings.csv, as in "MovieLens
Latest Small") or MovieLens 100K's (u.item, u.data, u.genre); each file may be gzipped. The
layout is recognised by its files, and every file is checked before anything is written.
Movies come first: a movie resolves to the title another source brought in through its
IMDb or TMDb link, else by name and year, else becomes a new title. Then each rating becomes
the vote of an imported member ("movielens-<userId>", an account that cannot log in); a
rating whose movie or member is unknown is rejected with the reason.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.core.management.base import CommandParser

from cinemeter.accounts.services import imported_members_ensure
from cinemeter.catalog.bulk import Ref, UpsertResult, titles_upsert_or_match
from cinemeter.community.votes.records import VoteRecord
from cinemeter.community.votes.services import votes_import
from cinemeter.ingest.command import ImportCommand
from cinemeter.ingest.errors import SourceFileError
from cinemeter.ingest.pipeline import ImportSession
from cinemeter.ingest.readers import Row, read_rows
from cinemeter.ingest.sources import movielens
from cinemeter.ingest.sources.movielens import RowError

T = TypeVar("T")

LATEST_FILES = ("movies.csv", "links.csv", "ratings.csv")
ML_100K_FILES = ("u.item", "u.data")


@dataclass(frozen=True)
class Dataset:
    """The files of one MovieLens folder, by role."""

    layout: movielens.Layout
    movies: Path
    ratings: Path
    links: Path | None = None  # ml-latest only
    genres: Path | None = None  # ml-100k's u.genre, when present

    @property
    def files(self) -> list[Path]:
        return [p for p in (self.genres, self.links, self.movies, self.ratings) if p is not None]


def _find(directory: Path, name: str) -> Path | None:
    for candidate in (directory / name, directory / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    return None


def _require(directory: Path, names: Iterable[str], layout: str) -> list[Path]:
    found = []
    for name in names:
        path = _find(directory, name)
        if path is None:
            raise SourceFileError(
                directory / name, f"no such file (the {layout} layout needs it; .gz will do)"
            )
        found.append(path)
    return found


def dataset_in(directory: Path) -> Dataset:
    """Recognise the folder's layout by its files, or say clearly what is missing."""
    if not directory.is_dir():
        raise SourceFileError(directory, "not a directory")
    if _find(directory, "u.item") or _find(directory, "u.data"):
        item, data = _require(directory, ML_100K_FILES, "MovieLens 100K")
        return Dataset(movielens.ML_100K, item, data, genres=_find(directory, "u.genre"))
    if any(_find(directory, name) for name in LATEST_FILES):
        movies, links, ratings = _require(directory, LATEST_FILES, "MovieLens ml-latest")
        return Dataset(movielens.LATEST, movies, ratings, links=links)
    raise SourceFileError(
        directory,
        "no MovieLens files here (movies.csv, links.csv and ratings.csv; or u.item and u.data)",
    )


# How each file is read: reader options and the columns it must have.
# utf-8-sig: UTF-8 that also reads a file a spreadsheet saved with a byte-order mark.
CSV: dict[str, Any] = {"delimiter": ",", "quoting": csv.QUOTE_MINIMAL, "encoding": "utf-8-sig"}
U_ITEM: dict[str, Any] = {
    "delimiter": "|",
    "encoding": "latin-1",
    "fieldnames": movielens.U_ITEM_FIELDS,
    "required": movielens.U_ITEM_FIELDS,
}
U_DATA: dict[str, Any] = {
    "delimiter": "\t",
    "fieldnames": movielens.U_DATA_FIELDS,
    "required": movielens.U_DATA_FIELDS,
}
U_GENRE: dict[str, Any] = {
    "delimiter": "|",
    "encoding": "latin-1",
    "fieldnames": movielens.U_GENRE_FIELDS,
    "required": movielens.U_GENRE_FIELDS,
}


def _genres(path: Path | None) -> tuple[str, ...]:
    """u.genre's names (a small reference file, read whole), or the published list."""
    if path is None:
        return movielens.ML_100K_GENRES
    try:
        names = movielens.genre_names(row.values for row in read_rows(path, **U_GENRE))
    except (RowError, KeyError) as error:
        raise SourceFileError(path, f"not a genre list ({error})") from None
    if len(names) != len(movielens.ML_100K_GENRES):
        raise SourceFileError(
            path, f"{len(names)} genres, but u.item has {len(movielens.ML_100K_GENRES)} flags"
        )
    return names


def _check_headers(dataset: Dataset) -> None:
    """Open every file and read its first row: a wrong header or a broken file stops the run
    before anything is written."""
    checks: list[tuple[Path | None, Mapping[str, Any]]] = [
        (dataset.links, {**CSV, "required": movielens.LINKS_COLUMNS}),
        (dataset.movies, {**CSV, "required": movielens.MOVIES_COLUMNS}),
        (dataset.ratings, {**CSV, "required": movielens.RATINGS_COLUMNS}),
    ]
    if dataset.layout is movielens.ML_100K:
        checks = [(dataset.movies, U_ITEM), (dataset.ratings, U_DATA)]
    for path, options in checks:
        if path is not None:
            next(read_rows(path, **options), None)


class Command(ImportCommand):
    help = (
        "Import a MovieLens dataset folder (ml-latest layout: movies.csv, links.csv, "
        "ratings.csv; or MovieLens 100K: u.item, u.data): movies as titles, ratings as votes "
        "of imported members."
    )
    batch_unit = " of rows"
    source = "movielens"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("directory", type=Path, metavar="DIR")
        self.add_batch_size(
            parser, default=None, help="Rows per batch (default: the pipeline's 2000)."
        )

    def files(self, options: dict[str, Any]) -> list[Path]:
        self.dataset = dataset_in(options["directory"])
        self.genres = _genres(self.dataset.genres)
        _check_headers(self.dataset)
        return self.dataset.files

    def run(self, session: ImportSession, files: list[Path], options: dict[str, Any]) -> None:
        if options["batch_size"] is not None:
            session.batch_size = options["batch_size"]
        dataset = self.dataset
        if dataset.layout is movielens.ML_100K:
            items = self._parsed(
                session,
                dataset.movies,
                U_ITEM,
                lambda row: movielens.item_record(row.values, row.line, self.genres),
            )
            session.write(items, titles_upsert_or_match, path=dataset.movies)
            ratings = self._parsed(
                session,
                dataset.ratings,
                U_DATA,
                lambda row: movielens.vote_record(
                    row.values, row.line, layout=movielens.ML_100K, user="user_id", movie="item_id"
                ),
            )
        else:
            links = self._links(session, dataset.links) if dataset.links else {}
            movies = self._parsed(
                session,
                dataset.movies,
                {**CSV, "required": movielens.MOVIES_COLUMNS},
                lambda row: movielens.movie_record(row.values, row.line, links),
            )
            session.write(movies, titles_upsert_or_match, path=dataset.movies)
            ratings = self._parsed(
                session,
                dataset.ratings,
                {**CSV, "required": movielens.RATINGS_COLUMNS},
                lambda row: movielens.vote_record(row.values, row.line),
            )
        session.write(ratings, _write_votes, path=dataset.ratings)
        if options["dry_run"]:
            self.stdout.write(
                "Dry run: every batch was rolled back, the movies' too, so ratings of movies "
                "this run would have added count as rejected."
            )

    def _links(self, session: ImportSession, path: Path) -> dict[str, tuple[Ref, ...]]:
        """links.csv as movieId -> (IMDb, TMDb) refs. One short entry per movie, so it is held
        in memory while movies.csv streams past; ratings, the big file, are never held."""
        return dict(
            self._parsed(
                session,
                path,
                {**CSV, "required": movielens.LINKS_COLUMNS},
                lambda row: movielens.link_refs(row.values),
            )
        )

    @staticmethod
    def _parsed(
        session: ImportSession,
        path: Path,
        options: Mapping[str, Any],
        parse: Callable[[Row], T],
    ) -> Iterator[T]:
        """The file's rows parsed one by one; a row that does not parse is rejected."""
        delimiter = options["delimiter"]
        for row in session.rows(path, **options):
            try:
                yield parse(row)
            except RowError as error:
                session.reject(path, row.line, str(error), row=delimiter.join(row.values.values()))


def _write_votes(batch: list[VoteRecord]) -> UpsertResult:
    """One batch of ratings: the members it names exist first (imported accounts), then
    their votes; both in the batch's transaction."""
    imported_members_ensure({record.member for record in batch})
    return votes_import(batch)
