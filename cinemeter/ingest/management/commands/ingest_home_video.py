"""`manage.py ingest_home_video PATH...`: import home-video editions and films' release links.

PATH is a file or a folder, read recursively: TheDiscDb release folders (`release.json`, its
`discNN.json` / `discNN.ref`, and the film's `metadata.json` beside), filmbrainz-seed release
files and Wikidata film items (`.json`). A file that cannot be read or imported (broken JSON,
a missing id, an unknown format, a film the catalogue lacks) is refused with its path and the
reason while the rest imports; a missing PATH stops the run before anything is written.
Docs: docs/releases.md, "Importing editions".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from cinemeter.catalog.bulk import parts_summary
from cinemeter.ingest.command import ImportCommand
from cinemeter.ingest.errors import SourceFileError
from cinemeter.ingest.pipeline import ImportSession
from cinemeter.ingest.progress import Progress
from cinemeter.ingest.sources.home_video import filmbrainz, thediscdb, wikidata
from cinemeter.ingest.sources.home_video.files import NOT_JSON, RELEASE_FOLDER, Unit, Walk
from cinemeter.ingest.sources.home_video.records import HomeVideoRecord, ParseError
from cinemeter.ingest.sources.home_video.writer import HomeVideoWriter

# A release carries up to a few dozen features: batches of this many keep a transaction short.
BATCH_SIZE = 50
KINDS = "filmbrainz releases, Wikidata items and TheDiscDb release folders"


class Command(ImportCommand):
    help = (
        "Import home-video editions from TheDiscDb folders and filmbrainz files, and films' "
        "release links from Wikidata items (files or folders, read recursively)."
    )
    source = "home_video"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        self.add_paths(parser)
        self.add_batch_size(
            parser, default=None, help=f"Releases or items per batch (default {BATCH_SIZE})."
        )

    def files(self, options: dict[str, Any]) -> list[Path]:
        paths: list[Path] = options["paths"]
        for path in paths:
            if not path.exists():
                raise SourceFileError(path, "no such file or directory")
        return paths

    def run(self, session: ImportSession, files: list[Path], options: dict[str, Any]) -> None:
        session.batch_size = options["batch_size"] or BATCH_SIZE
        self.writer = HomeVideoWriter()
        self.passed_over = 0
        session.write(self._records(session, files), self.writer, path=files[0])
        lines = parts_summary(self.writer.parts.parts)
        if self.writer.features_removed:
            lines.append(f"  features no longer listed, removed: {self.writer.features_removed:,}")
        if lines:
            self.stdout.write("Records written, by kind:\n" + "\n".join(lines))
        if self.writer.unmatched:
            self.stdout.write(
                "Not imported: "
                + ", ".join(f"{n:,} {why}" for why, n in self.writer.unmatched.items())
                + " (the rejects file names each)."
            )
        if self.passed_over:
            self.stdout.write(
                f"Passed over {self.passed_over:,} files in the folders that are not JSON "
                "(READMEs, licences, images, logs)."
            )

    def _records(self, session: ImportSession, paths: list[Path]) -> Iterator[HomeVideoRecord]:
        """Every unit under the paths as a record; a unit that cannot be read is refused."""
        seen: set[Path] = set()
        for path in paths:
            walk = Walk(path)
            progress = Progress(path.name, stream=session.stdout)
            try:
                for count, unit in enumerate(walk.units(seen=seen), start=1):
                    if session.limit is not None and count > session.limit:
                        break
                    progress.advance(1)
                    try:
                        yield _read(unit, walk)
                    except ParseError as error:
                        session.reject(error.file or unit.display, error.line, str(error))
            finally:
                progress.close()
            self.passed_over += walk.skipped


def _read(unit: Unit, walk: Walk) -> HomeVideoRecord:
    if unit.kind == RELEASE_FOLDER:
        return thediscdb.load_release(unit.path, display=walk.display)
    if unit.kind == NOT_JSON:
        raise ParseError(f"unknown format: not a JSON file (ingest_home_video reads {KINDS})")
    document = thediscdb.read_json(unit.path, file=unit.display)
    if filmbrainz.is_release(document):
        external_id = unit.path.name.removesuffix(unit.path.suffix)
        return filmbrainz.parse_release(document, external_id=external_id, file=unit.display)
    if wikidata.is_item(document):
        return wikidata.parse_item(document, file=unit.display)
    raise ParseError(f"unknown format: not one of the {KINDS}")
