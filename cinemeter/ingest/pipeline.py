"""The import pipeline every source runs through.

A source parses rows into records; the pipeline groups them in batches and hands each batch to
a catalogue service inside its own transaction, together with the ImportRun counts, so a run
killed at any moment leaves whole batches and counts that match them. `--dry-run` runs every
batch and rolls it back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar, Unpack

from django.conf import settings
from django.db import connection
from django.utils import timezone

from cinemeter.catalog.bulk import UpsertResult
from cinemeter.core.page_cache import CATALOGUE, versions_bump
from cinemeter.core.processes import process_identity, process_is_alive
from cinemeter.core.writes import write_unit
from cinemeter.ingest.errors import SourceFileError
from cinemeter.ingest.models import ImportRun, ImportStatus
from cinemeter.ingest.progress import Progress, TextStream
from cinemeter.ingest.readers import FileFormat, Row, read_fields, width_error
from cinemeter.ingest.rejects import RejectsFile

T = TypeVar("T")

BATCH_SIZE = 2000
# Progress moves every this many rows: a call per row costs more than parsing a short row.
PROGRESS_STEP = 1000
# The ImportRun columns every batch adds to, in the order `_count` gives them.
COUNTS = ("read", "created", "updated", "unchanged", "rejected")


# What one batch did; the catalogue's bulk services return it.
WriteResult = UpsertResult


class _RollBackError(Exception):
    """Raised inside a dry-run batch to undo it."""


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def import_runs_interrupted_mark() -> int:
    """Mark "interrupted" every running ImportRun whose process is gone; returns how many."""
    stale = [
        run.pk
        for run in ImportRun.objects.filter(status=ImportStatus.RUNNING).only("pk", "process")
        if run.process and not process_is_alive(run.process)
    ]
    if not stale:
        return 0
    return ImportRun.objects.filter(pk__in=stale, status=ImportStatus.RUNNING).update(
        status=ImportStatus.INTERRUPTED,
        finished_at=timezone.now(),
        error="its process stopped before the run finished; run the import again",
    )


class ImportSession:
    """One ImportRun: opens it, counts into it, and closes it as succeeded or failed."""

    def __init__(
        self,
        *,
        source: str,
        files: Sequence[Path],
        stdout: TextStream,
        limit: int | None = None,
        dry_run: bool = False,
        batch_size: int = BATCH_SIZE,
        rejects_dir: Path | None = None,
    ) -> None:
        self.source = source
        self.files = list(files)
        self.stdout = stdout
        self.limit = limit
        self.dry_run = dry_run
        self.batch_size = batch_size
        self.rejects_dir = rejects_dir or Path(settings.INGEST_REJECTS_DIR)
        self.run: ImportRun
        self.rejects: RejectsFile

    def __enter__(self) -> ImportSession:
        import_runs_interrupted_mark()
        self.run = ImportRun.objects.create(
            process=process_identity(),
            source=self.source,
            files=[str(path) for path in self.files],
            options={"limit": self.limit, "dry_run": self.dry_run},
            started_at=timezone.now(),
        )
        stamp = self.run.started_at.strftime("%Y%m%d-%H%M%S")
        self.rejects = RejectsFile(self.rejects_dir / f"{self.source}-{stamp}-{self.run.pk}.tsv")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.rejects.close()
        if error is None:
            status = ImportStatus.DRY_RUN if self.dry_run else ImportStatus.SUCCEEDED
        else:
            status = ImportStatus.FAILED
        ImportRun.objects.filter(pk=self.run.pk).update(
            status=status,
            finished_at=timezone.now(),
            error=str(error) if error else "",
            rejects_file=str(self.rejects.path) if self.rejects.count else "",
        )
        self.run.refresh_from_db()

    # --- reading ---------------------------------------------------------------------------

    def rows(
        self, path: Path, *, required: Sequence[str], **form: Unpack[FileFormat]
    ) -> Iterator[Row]:
        """The file's rows (up to --limit) keyed by column, with progress; malformed rows are
        rejected here."""
        header, rows = self.fields(path, required=required, **form)
        for line, fields in rows:
            yield Row(line, dict(zip(header, fields, strict=True)))

    def fields(
        self, path: Path, *, required: Sequence[str], **form: Unpack[FileFormat]
    ) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
        """The file's header, and its rows (up to --limit) as (line, fields) with progress;
        rows with the wrong number of fields are rejected here. The header is read now."""
        rows = read_fields(path, required=required, **form)
        _, header = next(rows)
        if self.limit is not None:
            rows = islice(rows, self.limit)
        return header, self._counted(path, len(header), rows)

    def _counted(
        self, path: Path, width: int, rows: Iterator[tuple[int, list[str]]]
    ) -> Iterator[tuple[int, list[str]]]:
        progress = Progress(path.name, stream=self.stdout)
        count = 0
        try:
            for count, (line, fields) in enumerate(rows, start=1):
                if count % PROGRESS_STEP == 0:
                    progress.advance(PROGRESS_STEP)
                if len(fields) != width:
                    self.reject(path, line, width_error(width, fields))
                    continue
                yield line, fields
        finally:
            progress.advance(count % PROGRESS_STEP)
            progress.close()

    def reject(self, path: Path | str, line: int, reason: str, row: str = "") -> None:
        """Record a refused row; counted into the run with the next committed batch. A path
        is listed by its name; a string (a path within a folder tree) as it is."""
        name = path if isinstance(path, str) else path.name
        self.rejects.add(file=name, line=line, reason=reason, row=row)
        self._pending_rejects += 1

    _pending_rejects = 0

    # --- writing ---------------------------------------------------------------------------

    def write(
        self,
        records: Iterable[T],
        writer: Callable[[list[T]], WriteResult],
        *,
        path: Path,
        read_per_record: int = 1,
    ) -> WriteResult:
        """Write records batch by batch; each batch and its counts commit together."""
        total = WriteResult()
        for batch in batched(records, self.batch_size):
            result = self._write_batch(batch, writer, read_per_record)
            self.rejects.add_many(path.name, result.rejections)
            total.created += result.created
            total.updated += result.updated
            total.unchanged += result.unchanged
            total.rejected += result.rejected
        self._flush_rejects()
        return total

    def _write_batch(
        self, batch: list[T], writer: Callable[[list[T]], WriteResult], read_per_record: int
    ) -> WriteResult:
        pending, self._pending_rejects = self._pending_rejects, 0
        read = len(batch) * read_per_record
        try:
            with write_unit():  # counters, then page versions: the global lock order
                result = writer(batch)
                self._count(result, read=read, pending_rejects=pending)
                if result.created or result.updated:
                    # Cached pages show the catalogue as it was; one bump per batch renews them.
                    versions_bump([CATALOGUE])
                if self.dry_run:
                    raise _RollBackError
        except _RollBackError:
            # The counts rolled back with the batch; keep them on the run all the same.
            self._count(result, read=read, pending_rejects=pending)
        return result

    def _count(self, result: WriteResult, *, read: int, pending_rejects: int) -> None:
        """Add a batch to the run's counts; rows rejected before the batch count as read."""
        counts = (
            read + pending_rejects,
            result.created,
            result.updated,
            result.unchanged,
            result.rejected + pending_rejects,
        )
        with connection.cursor() as cursor:
            cursor.execute(_add_counts_sql(), [*counts, self.run.pk])

    def _flush_rejects(self) -> None:
        """Count rejects of rows that never reached a batch (a file of only bad rows)."""
        pending, self._pending_rejects = self._pending_rejects, 0
        if pending:
            self._count(WriteResult(), read=0, pending_rejects=pending)


@cache
def _add_counts_sql() -> str:
    """UPDATE adding a batch's counts to its run (parameters: the counts, then the run's id).

    Hand-written because it runs for every batch: building the ORM's F() update cost more
    than running it.
    """
    quote = connection.ops.quote_name
    added = ", ".join(f"{quote(name)} = {quote(name)} + %s" for name in COUNTS)
    # Names come from this module and the model's metadata; values are parameters.
    return f"UPDATE {quote(ImportRun._meta.db_table)} SET {added} WHERE {quote('id')} = %s"  # noqa: S608


def require_files(directory: Path, names: Iterable[str], *, any_of: bool = True) -> list[Path]:
    """The named files found in `directory` (plain or .gz), or a clear error if none are."""
    if not directory.is_dir():
        raise SourceFileError(directory, "not a directory")
    found = []
    for name in names:
        for candidate in (directory / name, directory / f"{name}.gz"):
            if candidate.is_file():
                found.append(candidate)
                break
    if not found and any_of:
        raise SourceFileError(directory, f"none of {', '.join(names)} is here")
    return found


def describe(run: ImportRun) -> str:
    """The one-paragraph summary a command prints at the end of a run."""
    parts: list[Any] = [
        f"{run.get_status_display()}: read {run.read:,}",
        f"created {run.created:,}",
        f"updated {run.updated:,}",
        f"unchanged {run.unchanged:,}",
        f"rejected {run.rejected:,}",
    ]
    text = ", ".join(parts) + f" (import run {run.pk})."
    if run.rejects_file:
        text += f"\nRejected rows and reasons: {run.rejects_file}"
    return text
