"""`manage.py ingest_musicbrainz PATH...`: import MusicBrainz release groups and releases.

PATH is a ws/2 lookup of a release or a release group saved as .json or .xml, a JSON Lines
file (.jsonl: one entity per line, as in MusicBrainz's JSON dumps), any of them gzipped, or
a folder, read recursively: its files of other kinds (a README) are skipped and listed, its
hidden files ignored. A path that does not exist stops the run before anything is written;
a file that cannot be read or is no MusicBrainz release or release group is rejected with
its name and the reason, and the rest is imported.

Each lookup file is one batch (a JSON Lines file one batch per `--batch-size` lines), and
each document is written whole or not at all. What the importer reads and how it maps it:
`ingest.sources.musicbrainz`; how it writes: `releases.music.upserts`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from cinemeter.catalog.bulk import BundleResult, parts_summary
from cinemeter.ingest.command import ImportCommand
from cinemeter.ingest.errors import SourceFileError
from cinemeter.ingest.pipeline import ImportSession
from cinemeter.ingest.progress import Progress
from cinemeter.ingest.sources import musicbrainz
from cinemeter.releases.music.records import AlbumBundle
from cinemeter.releases.music.upserts import album_bundles_upsert

DOCUMENTS_PER_BATCH = 50
REFUSALS_SHOWN = 20


def plan_files(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The files to read, in order and each once, and the folders' files that are skipped."""
    files: dict[Path, None] = {}
    skipped: list[Path] = []
    for path in paths:
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in found.relative_to(path).parts):
                    continue
                if musicbrainz.file_kind(found) is None:
                    skipped.append(found)
                else:
                    files.setdefault(found, None)
        elif path.exists():
            files.setdefault(path, None)  # of any kind: one that is not read is rejected
        else:
            raise SourceFileError(path, "no such file or directory")
    if not files:
        raise SourceFileError(
            paths[0], "no MusicBrainz files here (.json, .jsonl or .xml, plain or .gz)"
        )
    return list(files), [path for path in skipped if path not in files]


class Command(ImportCommand):
    help = (
        "Import MusicBrainz ws/2 release and release-group lookups (.json, .xml) and JSON "
        "Lines dumps (.jsonl), plain or gzipped, or folders of them (read recursively)."
    )
    batch_unit = " of documents"
    source = "musicbrainz"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        self.add_paths(parser)
        self.add_batch_size(
            parser,
            default=DOCUMENTS_PER_BATCH,
            help=f"Documents of a JSON Lines file per batch (default {DOCUMENTS_PER_BATCH}).",
        )

    def files(self, options: dict[str, Any]) -> list[Path]:
        files, self.skipped = plan_files(options["paths"])
        return files

    def run(self, session: ImportSession, files: list[Path], options: dict[str, Any]) -> None:
        session.batch_size = options["batch_size"]
        self.parts = BundleResult()
        self.cleaned: Counter[str] = Counter()
        self.refusals: list[str] = []
        progress = Progress("MusicBrainz documents", stream=session.stdout)
        try:
            for path in files:
                result = session.write(
                    self._bundles(session, path, progress), self._write, path=path
                )
                self.refusals += [f"{path}, line {r.line}: {r.reason}" for r in result.rejections]
        finally:
            progress.close()
        self._summary()

    def _bundles(
        self, session: ImportSession, path: Path, progress: Progress
    ) -> Iterator[AlbumBundle]:
        for item in musicbrainz.documents(path, limit=session.limit):
            progress.advance(1)
            if isinstance(item, musicbrainz.DocumentError):
                session.reject(path, item.line, str(item))
                self.refusals.append(f"{path}, line {item.line}: {item}")
            else:
                yield item

    def _write(self, batch: list[AlbumBundle]) -> BundleResult:
        result = album_bundles_upsert(batch)
        refused = {r.line for r in result.rejections}
        for bundle in batch:
            if bundle.line not in refused:
                self.cleaned.update(bundle.cleaned)
        for name, part in result.parts.items():
            self.parts.add_part(name, part)
        return result

    def _summary(self) -> None:
        lines = parts_summary(self.parts.parts)
        if lines:
            self.stdout.write("Records written, by kind:\n" + "\n".join(lines))
        if self.cleaned:
            counted = ", ".join(f"{name} {n:,}" for name, n in sorted(self.cleaned.items()))
            self.stdout.write(f"Unusable values dropped (stored empty): {counted}")
        if self.skipped:
            names = ", ".join(str(p) for p in self.skipped[:REFUSALS_SHOWN])
            more = len(self.skipped) - REFUSALS_SHOWN
            self.stdout.write(
                f"Skipped {len(self.skipped):,} file(s) that are not .json, .jsonl or .xml: "
                f"{names}{f' and {more:,} more' if more > 0 else ''}"
            )
        if self.refusals:
            shown = "\n".join(f"  {line}" for line in self.refusals[:REFUSALS_SHOWN])
            more = len(self.refusals) - REFUSALS_SHOWN
            self.stdout.write(
                f"Rejected:\n{shown}" + (f"\n  ... and {more:,} more" if more > 0 else "")
            )
