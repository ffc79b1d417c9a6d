"""What to read under the paths `ingest_home_video` is given, one unit at a time.

A path is a file or a folder, read recursively in name order. A folder holding
`release.json` is a TheDiscDb release (read with its discs and its film's metadata.json);
any other `.json` file is one document (a filmbrainz release or a Wikidata item, told apart
by their content). Other files met in a folder (READMEs, licences, covers, MakeMKV logs) are
passed over and counted; a file named on the command line that is not JSON is an unknown
format. A unit found twice (a folder and a file inside it) is read once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cinemeter.ingest.sources.home_video.thediscdb import DISC_FILE, METADATA, RELEASE

RELEASE_FOLDER, DOCUMENT, NOT_JSON = "release folder", "document", "not json"


@dataclass(frozen=True)
class Unit:
    """One thing to import: a release folder or a JSON document, and how to name it."""

    kind: str
    path: Path
    display: str


@dataclass
class Walk:
    """Finds the units under one argument; counts what it passed over."""

    argument: Path
    skipped: int = 0
    _seen: set[Path] = field(default_factory=set)

    def display(self, path: Path) -> str:
        """The path from the argument's own name on: "thediscdb-sample/data/movie/..."."""
        pairs = ((path, self.argument.parent), (path.resolve(), self.argument.resolve().parent))
        for candidate, base in pairs:
            if candidate.is_relative_to(base):
                return str(candidate.relative_to(base))
        return str(path)

    def units(self, *, seen: set[Path]) -> Iterator[Unit]:
        self._seen = seen
        if self.argument.is_file():
            yield from self._file(self.argument, named=True)
            return
        for folder, dirs, files in os.walk(self.argument):
            dirs.sort()
            here = Path(folder)
            if RELEASE in files:
                yield from self._once(Unit(RELEASE_FOLDER, here, self.display(here / RELEASE)))
                dirs[:] = []  # a release folder holds discs, not more releases
                continue
            for name in sorted(files):
                if name == METADATA:
                    continue  # read with each release of its film
                yield from self._file(here / name, named=False)

    def _file(self, path: Path, *, named: bool) -> Iterator[Unit]:
        if path.name in (RELEASE, METADATA) or DISC_FILE.match(path.name):
            # A TheDiscDb file stands for its release (metadata.json: its film's releases).
            folders = (
                sorted(p for p in path.parent.iterdir() if (p / RELEASE).is_file())
                if path.name == METADATA
                else [path.parent]
            )
            for folder in folders:
                yield from self._once(Unit(RELEASE_FOLDER, folder, self.display(folder / RELEASE)))
            return
        if path.suffix.lower() == ".json":
            yield from self._once(Unit(DOCUMENT, path, self.display(path)))
        elif named:
            yield from self._once(Unit(NOT_JSON, path, self.display(path)))
        else:
            self.skipped += 1

    def _once(self, unit: Unit) -> Iterator[Unit]:
        key = unit.path.resolve()
        if key not in self._seen:
            self._seen.add(key)
            yield unit
