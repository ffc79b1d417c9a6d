"""Reads for the member pages; each runs a fixed number of queries whatever the data size.

The profile lives here rather than in accounts because it shows votes, and accounts may not
import the community app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from cinemeter.accounts.models import User
from cinemeter.community.models import VOTE_VALUES, Message, Vote
from cinemeter.community.selectors_messages import member_recent_messages

RECENT_VOTES = 10
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


@dataclass(frozen=True)
class MemberProfile:
    member: User
    histogram: VoteHistogram
    recent_votes: list[Vote]
    recent_messages: list[Message] = field(default_factory=list)


def member_profile(username: str) -> MemberProfile:
    """A member's public page: four queries (member, vote histogram, recent votes and messages).

    Accounts that have not confirmed their address yet are not shown: until then nobody
    knows they are real.
    """
    member = get_object_or_404(
        User.objects.filter(Q(is_active=True) | Q(is_imported=True)), username__iexact=username
    )
    # One GROUP BY over the member's votes (the unique (user, title) index serves the filter).
    counts = dict(
        Vote.objects.filter(user=member).order_by().values_list("value").annotate(Count("id"))
    )
    recent = list(
        Vote.objects.filter(user=member)
        .select_related("title")
        .order_by("-created_at", "-id")[:RECENT_VOTES]
    )
    return MemberProfile(
        member=member,
        histogram=VoteHistogram.from_counts(counts),
        recent_votes=recent,
        recent_messages=member_recent_messages(member),
    )
