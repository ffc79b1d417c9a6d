"""What importers hand the community app: plain frozen records, keyed by other databases' ids."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from cinemeter.catalog.bulk import Ref


@dataclass(frozen=True)
class VoteRecord:
    """One rating from a source: an imported member (by username) rates a title (by ref)."""

    member: str
    title: Ref
    value: Decimal
    line: int = 0  # where the record came from, for the rejects file


@dataclass(frozen=True)
class VoteRow:
    """One vote by row ids, for writers that already know them (`votes_write`: the demo's
    generated votes), with the moment it was cast (None: now)."""

    user_id: int
    title_id: int
    value: Decimal
    cast_at: datetime | None = None
