"""The rejects file: one line per refused row, saying where it was and why."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from cinemeter.catalog.bulk import Rejection


class RejectsFile:
    """A TSV of (file, line, reason, row) opened lazily, so a clean run leaves no file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._handle: IO[str] | None = None
        self._writer: Any = None  # a csv writer (its type is private to _csv)

    def add(self, *, file: str, line: int, reason: str, row: str = "") -> None:
        self._open().writerow((file, line, reason, row[:500]))
        self.count += 1

    def add_many(self, file: str, refused: Sequence[Rejection]) -> None:
        """Several refused rows of one file in one call: a sample whose rows name people it
        does not contain refuses hundreds of thousands of credits. A rejection that names its
        own file (a batch of several files' records) is listed under that one."""
        if refused:
            self._open().writerows([(r.file or file, r.line, r.reason, "") for r in refused])
            self.count += len(refused)

    def _open(self) -> Any:
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", encoding="utf-8", newline="")
            self._writer = csv.writer(self._handle, delimiter="\t")
            self._writer.writerow(["file", "line", "reason", "row"])
        return self._writer

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()

    def __enter__(self) -> RejectsFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
