"""The rows IMDb repeats, folded: one person in several parts of one title (title.principals)
and one AKA listed with several types (title.akas) are merged so that every row of the group
carries the whole record.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from operator import itemgetter
from typing import TypeVar

from cinemeter.catalog.bulk import StagedAka, StagedCredit
from cinemeter.ingest.sources.imdb.values import AKA_KIND_LENGTH, CHARACTER_LENGTH, _text

# A group of repeated rows is flushed at this size whatever follows, so memory stays bounded
# even on a file that is not sorted by title.
FOLD_LIMIT = 10_000


T = TypeVar("T", StagedCredit, StagedAka)

# Both staged shapes start (line, title, ...) and their key is the four cells after the line.
_group = itemgetter(1)
_key = itemgetter(1, 2, 3, 4)


def _fold(records: Iterable[T], merge: Callable[[T, T], T]) -> Iterator[T]:
    """Within each run of rows of one title, give every row with the same key the merged
    value of them all; rows keep their own line and their order."""
    buffer: list[T] = []
    current: Hashable = None
    for record in records:
        if buffer and (_group(record) != current or len(buffer) >= FOLD_LIMIT):
            yield from _flush(buffer, merge)
            buffer = []
        current = _group(record)
        buffer.append(record)
    yield from _flush(buffer, merge)


def _flush(buffer: list[T], merge: Callable[[T, T], T]) -> Iterator[T]:
    merged: dict[Hashable, T] = {}
    for record in buffer:
        k = _key(record)
        merged[k] = merge(merged[k], record) if k in merged else record
    for record in buffer:
        value = merged[_key(record)]
        yield record if value is record else value._replace(line=record.line)


def _join(first: str, second: str, separator: str, length: int) -> str:
    parts = [part for text in (first, second) for part in text.split(separator) if part]
    return _text(separator.join(dict.fromkeys(parts)), length)


def _merge_credits(first: StagedCredit, second: StagedCredit) -> StagedCredit:
    orders = [o for o in (first.billing_order, second.billing_order) if o is not None]
    return first._replace(
        character=_join(first.character, second.character, " / ", CHARACTER_LENGTH),
        billing_order=min(orders) if orders else None,
    )


def fold_repeated_credits(records: Iterable[StagedCredit]) -> Iterator[StagedCredit]:
    """One person in several parts of a title (consecutive rows) as one credit on each row."""
    return _fold(records, _merge_credits)


def _merge_akas(first: StagedAka, second: StagedAka) -> StagedAka:
    return first._replace(kind=_join(first.kind, second.kind, ", ", AKA_KIND_LENGTH))


def fold_repeated_akas(records: Iterable[StagedAka]) -> Iterator[StagedAka]:
    """The same AKA listed twice for a title (with different types) as one, on each row."""
    return _fold(records, _merge_akas)
