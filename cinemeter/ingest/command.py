"""The shared shape of the `ingest_*` management commands."""

from __future__ import annotations

from abc import abstractmethod
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from cinemeter.ingest.errors import SourceFileError
from cinemeter.ingest.pipeline import ImportSession, describe
from cinemeter.search.indexer import index_repair


class ImportCommand(BaseCommand):
    """Parses --limit / --dry-run, runs one ImportSession, and turns bad input into one line.

    Subclasses set `source`, declare their positional arguments, and implement
    `files(options)` (the files the run will read, checked before anything is written) and
    `run(session, files, options)`.
    """

    source: str
    # What --batch-size counts, for the message that refuses a bad one (" of rows").
    batch_unit = ""

    def add_batch_size(self, parser: CommandParser, *, default: int | None, help: str) -> None:
        """The --batch-size option; `handle` refuses a value under 1 before reading a file."""
        parser.add_argument("--batch-size", type=int, default=default, metavar="N", help=help)

    @staticmethod
    def add_paths(parser: CommandParser) -> None:
        """One or more files or folders to read."""
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit",
            type=int,
            default=None,
            metavar="N",
            help="Read at most N rows of each file.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Parse and write everything, then roll it back; report what would change.",
        )

    @abstractmethod
    def files(self, options: dict[str, Any]) -> list[Path]: ...

    @abstractmethod
    def run(self, session: ImportSession, files: list[Path], options: dict[str, Any]) -> None: ...

    def handle(self, *args: Any, **options: Any) -> None:
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError("--limit must be a positive number of rows.")
        batch_size = options.get("batch_size")
        if batch_size is not None and batch_size < 1:
            raise CommandError(f"--batch-size must be a positive number{self.batch_unit}.")
        _bounded_sqlite_memory()
        try:
            files = self.files(options)
            with ImportSession(
                source=self.source,
                files=files,
                stdout=self.stdout,
                limit=options["limit"],
                dry_run=options["dry_run"],
            ) as session:
                self.run(session, files, options)
        except SourceFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(describe(session.run))
        if not options["dry_run"]:
            # The bulk writers skip the per-row index upkeep; the index catches up once here.
            fixed = index_repair()
            self.stdout.write(
                f"Search index: {fixed['missing']:,} added, {fixed['stale']:,} renewed, "
                f"{fixed['extra']:,} removed."
            )


def _bounded_sqlite_memory() -> None:
    """Keep an import's memory flat on SQLite: the web's settings map up to 128 MB of the
    database file and cache 64 MB of pages, which an import would fill as the file grows
    (its peak memory would then follow the file's size). Batches need neither."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA mmap_size=0")
            cursor.execute("PRAGMA cache_size=-8192")  # 8 MB
