"""What importers hand the community app: plain frozen records, keyed by other databases' ids."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cinemeter.catalog.bulk import Ref


@dataclass(frozen=True)
class VoteRecord:
    """One rating from a source: an imported member (by username) rates a title (by ref)."""

    member: str
    title: Ref
    value: Decimal
    line: int = 0  # where the record came from, for the rejects file
