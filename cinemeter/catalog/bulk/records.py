"""What importers hand the catalogue: plain frozen records, keyed by other databases' ids.

Sources parse their files into these; `cinemeter.catalog.bulk` writes them. Empty values
("" or None) mean "this source does not say", never "erase what another source said".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple


class Ref(NamedTuple):
    """An id in another database: ("imdb", "tt0116225"), ("tmdb_movie", "10061").

    A named tuple, not a dataclass: importers hash millions of them, and a tuple's hash and
    equality run in C.
    """

    source: str
    value: str

    def __str__(self) -> str:
        return f"{self.source}:{self.value}"


@dataclass(frozen=True)
class TitleRecord:
    ref: Ref
    kind: str
    title: str
    original_title: str = ""
    year: int | None = None
    end_year: int | None = None
    runtime_minutes: int | None = None
    plot: str = ""
    tagline: str = ""
    release_date: datetime.date | None = None
    original_language: str = ""
    genres: tuple[str, ...] = ()
    countries: tuple[tuple[str, str], ...] = ()  # (ISO code, name)
    # Further ids the source gives for the same title (a TMDb document's IMDb id): they
    # resolve the record to a title another source brought in, and are recorded on it.
    other_refs: tuple[Ref, ...] = ()
    line: int = 0  # where the record came from, for the rejects file

    @property
    def refs(self) -> tuple[Ref, ...]:
        return (self.ref, *self.other_refs)


@dataclass(frozen=True)
class PersonRecord:
    ref: Ref
    name: str
    birth_year: int | None = None
    death_year: int | None = None
    birth_date: datetime.date | None = None
    death_date: datetime.date | None = None
    birth_place: str = ""
    biography: str = ""
    other_refs: tuple[Ref, ...] = ()
    line: int = 0

    @property
    def refs(self) -> tuple[Ref, ...]:
        return (self.ref, *self.other_refs)


@dataclass(frozen=True)
class CreditRecord:
    title: Ref
    person: Ref
    department: str
    job: str = ""
    character: str = ""
    billing_order: int | None = None
    line: int = 0


@dataclass(frozen=True)
class RatingRecord:
    title: Ref
    source: str
    value: Decimal
    votes: int
    fetched_at: datetime.datetime
    line: int = 0


@dataclass
class Rejection:
    line: int
    reason: str
    # The file to blame when a batch mixes records of several files (a folder of home-video
    # releases); empty: the file the whole batch came from.
    file: str = ""


@dataclass
class UpsertResult:
    """What one batch did: rows created, updated, left unchanged, and refused (with why)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    def reject(self, line: int, reason: str, *, file: str = "") -> None:
        self.rejected += 1
        self.rejections.append(Rejection(line, reason, file))
