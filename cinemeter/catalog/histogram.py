"""A bar chart of votes per value (0.5 to 5 stars), laid out for an inline SVG.

Drawn on the title page from the title's tally and on a member's profile from their votes;
here, in the lower of the two apps, so both can use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cinemeter.catalog.models import VOTE_VALUES

# The histogram's drawing box, in SVG user units: the bars' area, the room on the left for the
# vertical axis (its title and the largest count) and below for the values and the axis title.
CHART_WIDTH = 300
CHART_HEIGHT = 110
AXIS_LEFT = 34
AXIS_BOTTOM = 32


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
    """How often members gave each value from 0.5 to 5, laid out as the bars of an SVG chart
    with both axes labelled: the values (stars) below, the number of votes on the left."""

    bars: list[HistogramBar]
    total: int
    most: int = 0
    width: int = AXIS_LEFT + CHART_WIDTH
    height: int = CHART_HEIGHT + AXIS_BOTTOM
    left: int = AXIS_LEFT
    baseline: int = CHART_HEIGHT

    @property
    def values_y(self) -> int:
        return self.baseline + 13

    @property
    def axis_title_y(self) -> int:
        return self.height - 2

    @property
    def middle_x(self) -> float:
        return self.left + CHART_WIDTH / 2

    @property
    def middle_y(self) -> float:
        return self.baseline / 2

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
                    x=round(AXIS_LEFT + index * slot + 2, 2),
                    y=round(CHART_HEIGHT - height, 2),
                    width=round(slot - 4, 2),
                    height=round(height, 2),
                )
            )
        return cls(bars=bars, total=sum(counts.values()), most=most)
