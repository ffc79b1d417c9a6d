"""A bar chart of votes per value (0.5 to 5 stars), laid out for an inline SVG.

Drawn on the title page from the title's tally and on a member's profile from their votes;
here, in the lower of the two apps, so both can use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cinemeter.catalog.models import VOTE_VALUES

# The histogram's drawing box, in SVG user units.
CHART_WIDTH = 300
CHART_HEIGHT = 120
CHART_LABELS = 18  # room under the bars for the values


@dataclass(frozen=True)
class HistogramBar:
    value: Decimal
    count: int
    x: float
    y: float
    width: float
    height: float

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class VoteHistogram:
    """How often a member gave each value from 0.5 to 5, laid out as bars of an SVG chart."""

    bars: list[HistogramBar]
    total: int
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT + CHART_LABELS
    baseline: int = CHART_HEIGHT

    @classmethod
    def from_counts(cls, counts: dict[Decimal, int]) -> VoteHistogram:
        most = max(counts.values(), default=0)
        slot = CHART_WIDTH / len(VOTE_VALUES)
        bars = []
        for index, value in enumerate(VOTE_VALUES):
            count = counts.get(value, 0)
            # Tallest bar fills the box; a value given at least once stays visible.
            height = max(2.0, CHART_HEIGHT * count / most) if count else 0.0
            bars.append(
                HistogramBar(
                    value=value,
                    count=count,
                    x=round(index * slot + 2, 2),
                    y=round(CHART_HEIGHT - height, 2),
                    width=round(slot - 4, 2),
                    height=round(height, 2),
                )
            )
        return cls(bars=bars, total=sum(counts.values()))
