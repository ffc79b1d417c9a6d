"""`manage.py ingest_tmdb PATH...`: import TMDb data.

PATH is the Kaggle "TMDB 5000" movies or credits CSV (plain or .gz, recognised by header and
name), a TMDb API document saved as .json (or .json.gz), or a directory holding either.
Movies are imported before credits whatever the order of the arguments, then the documents.
Every path is checked before anything is written.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from cinemeter.catalog.bulk import (
    BundleResult,
    TitleBundle,
    TitleCreditsRecord,
    UpsertResult,
    parts_summary,
    title_bundles_upsert,
    title_credits_upsert,
)
from cinemeter.ingest.command import ImportCommand
from cinemeter.ingest.errors import SourceFileError
from cinemeter.ingest.pipeline import ImportSession
from cinemeter.ingest.progress import Progress
from cinemeter.ingest.sources import tmdb

# A credits row or an API document carries a whole cast and crew (a hundred credits and
# people): smaller batches keep each batch's queries and memory about the size of a batch of
# 2,000 movie rows.
ROWS_PER_BATCH = {tmdb.MOVIES: 2000, tmdb.CREDITS: 100, "documents": 100}
DOCUMENT_SUFFIXES = (".json", ".json.gz")
CSV_SUFFIXES = (".csv", ".csv.gz")


@dataclass
class Plan:
    """The files of one run, in the order they are imported."""

    movies: list[Path] = field(default_factory=list)
    credits: list[Path] = field(default_factory=list)
    documents: list[Path] = field(default_factory=list)

    @property
    def files(self) -> list[Path]:
        return [*self.movies, *self.credits, *self.documents]


def plan_files(paths: list[Path]) -> Plan:
    """Sort the arguments into movies CSVs, credits CSVs and API documents, or fail clearly.

    A directory stands for its API documents and its tmdb_5000_*.csv files; other files in
    it are left alone. A file named on the command line must be one of those kinds.
    """
    plan = Plan()
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and _in_directory(p))
            if not found:
                raise SourceFileError(
                    path, "no TMDb API documents (.json) or tmdb_5000_*.csv files here"
                )
            for file in found:
                _add(plan, file)
        elif not path.exists():
            raise SourceFileError(path, "no such file or directory")
        else:
            _add(plan, path)
    return plan


def _in_directory(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(DOCUMENT_SUFFIXES) or (
        name.startswith("tmdb_5000_") and name.endswith(CSV_SUFFIXES)
    )


def _add(plan: Plan, path: Path) -> None:
    name = path.name.lower()
    if name.endswith(DOCUMENT_SUFFIXES):
        plan.documents.append(path)
    elif name.endswith(CSV_SUFFIXES):
        kind = tmdb.csv_kind(path)
        (plan.movies if kind == tmdb.MOVIES else plan.credits).append(path)
    else:
        raise SourceFileError(
            path,
            "not a file ingest_tmdb reads (the TMDB 5000 movies or credits .csv, "
            "TMDb API documents as .json, or a directory of them)",
        )


class Command(ImportCommand):
    help = (
        "Import TMDb data: the TMDB 5000 movies and credits CSVs (movies first) and TMDb API "
        "documents (.json files or directories of them)."
    )
    batch_unit = " of rows"
    source = "tmdb"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        self.add_paths(parser)
        self.add_batch_size(
            parser,
            default=None,
            help="Rows per batch (default: 2000 movie rows, 100 credits rows or documents).",
        )

    def files(self, options: dict[str, Any]) -> list[Path]:
        self.plan = plan_files(options["paths"])
        return self.plan.files

    def run(self, session: ImportSession, files: list[Path], options: dict[str, Any]) -> None:
        self.parts = BundleResult()
        self.fetched_at = session.run.started_at
        for path in self.plan.movies:
            self._set_batch(session, options, tmdb.MOVIES)
            session.write(self._movie_rows(session, path), self._write_bundles, path=path)
        for path in self.plan.credits:
            self._set_batch(session, options, tmdb.CREDITS)
            session.write(self._credit_rows(session, path), self._write_credits, path=path)
        if self.plan.documents:
            self._set_batch(session, options, "documents")
            folder = self.plan.documents[0].parent
            session.write(self._documents(session), self._write_bundles, path=folder)
        lines = parts_summary(self.parts.parts)
        if lines:
            self.stdout.write("Records written, by kind:\n" + "\n".join(lines))

    @staticmethod
    def _set_batch(session: ImportSession, options: dict[str, Any], kind: str) -> None:
        session.batch_size = options["batch_size"] or ROWS_PER_BATCH[kind]

    # --- reading: rows that cannot be parsed are rejected here, with their line ---------------

    def _movie_rows(self, session: ImportSession, path: Path) -> Iterator[TitleBundle]:
        rows = session.rows(
            path, required=tmdb.MOVIES_COLUMNS, delimiter=",", quoting=csv.QUOTE_MINIMAL
        )
        for row in rows:
            try:
                yield tmdb.parse_movie_row(row.values, line=row.line, fetched_at=self.fetched_at)
            except tmdb.RowError as error:
                session.reject(path, row.line, str(error), row=_row_text(row.values))

    def _credit_rows(self, session: ImportSession, path: Path) -> Iterator[TitleCreditsRecord]:
        rows = session.rows(
            path, required=tmdb.CREDITS_COLUMNS, delimiter=",", quoting=csv.QUOTE_MINIMAL
        )
        for row in rows:
            try:
                yield tmdb.parse_credits_row(row.values, line=row.line)
            except tmdb.RowError as error:
                session.reject(path, row.line, str(error), row=_row_text(row.values))

    def _documents(self, session: ImportSession) -> Iterator[TitleBundle]:
        progress = Progress("API documents", stream=session.stdout)
        try:
            for count, path in enumerate(self.plan.documents, start=1):
                if session.limit is not None and count > session.limit:
                    break
                progress.advance(1)
                try:
                    document = tmdb.read_document(path)
                    yield tmdb.parse_document(document, fetched_at=self.fetched_at)
                except tmdb.RowError as error:
                    session.reject(path, error.line or 1, str(error))
        finally:
            progress.close()

    # --- writing: one catalogue service per batch; the parts are tallied for the summary -------

    def _write_bundles(self, batch: list[TitleBundle]) -> UpsertResult:
        return self._tally(title_bundles_upsert(batch))

    def _write_credits(self, batch: list[TitleCreditsRecord]) -> UpsertResult:
        return self._tally(title_credits_upsert(batch))

    def _tally(self, result: BundleResult) -> BundleResult:
        for name, part in result.parts.items():
            self.parts.add_part(name, part)
        return result


def _row_text(values: dict[str, str]) -> str:
    """The start of a refused row for the rejects file (its id and title lead)."""
    first = [values.get(key, "") for key in ("id", "movie_id", "title")]
    return "\t".join(value for value in first if value)
