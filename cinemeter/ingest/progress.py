"""Progress of a long import: a tqdm bar on a terminal, plain periodic lines otherwise."""

from __future__ import annotations

import time
from typing import Any, Protocol

from tqdm import tqdm


class TextStream(Protocol):
    """Where progress goes: a file, sys.stdout, or a management command's OutputWrapper."""

    def write(self, text: str, /) -> Any: ...

    def isatty(self) -> bool: ...


class Progress:
    """Counts rows for one file; `interval` seconds apart it prints a line when not a tty."""

    def __init__(
        self, label: str, *, stream: TextStream, total: int | None = None, interval: float = 10.0
    ) -> None:
        self.label = label
        self.stream = stream
        self.count = 0
        self.interval = interval
        self.started = time.monotonic()
        self._last_line = self.started
        self._bar: tqdm[Any] | None = None
        if stream.isatty():
            self._bar = tqdm(total=total, desc=label, unit=" rows", unit_scale=True, file=stream)

    def advance(self, rows: int) -> None:
        self.count += rows
        if self._bar is not None:
            self._bar.update(rows)
            return
        now = time.monotonic()
        if now - self._last_line >= self.interval:
            self._last_line = now
            self.stream.write(f"{self.label}: {self.count:,} rows, {self.rate():,.0f} rows/s\n")

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.count / elapsed if elapsed > 0 else 0.0

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        self.stream.write(f"{self.label}: {self.count:,} rows, {self.rate():,.0f} rows/s, done\n")
