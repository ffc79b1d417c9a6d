"""The members' score of a title: its votes tallied, so no page averages the vote rows.

The votes themselves belong to the community app, which the catalogue may not import; the
tally lives here so the title page reads it with the title, and the community's vote services
move it through `cinemeter.catalog.scores` in the transaction that writes the votes.
"""

from __future__ import annotations

from decimal import Decimal
from functools import reduce
from operator import add

from django.db import models
from django.db.models import F, Q

from cinemeter.catalog.models.titles import Title

# A vote is 0.5 to 5 stars in half steps (as MovieLens and most rating widgets use); the
# tally counts in half stars, 1 to 10, so sums and averages stay exact integers.
HALF_STARS = range(1, 11)
VOTE_VALUES = tuple(Decimal(halves) / 2 for halves in HALF_STARS)


def histogram_field(halves: int) -> str:
    """The column counting votes of `halves` half stars: 7 -> "stars_3_5"."""
    return f"stars_{halves // 2}_{5 if halves % 2 else 0}"


HISTOGRAM_FIELDS = tuple(histogram_field(halves) for halves in HALF_STARS)


class TitleScore(models.Model):
    """The tally of every member vote on one title: count, sum and one count per value; and
    how many messages members posted on it.

    One row per title that has ever been voted on (none means no votes). Written only by
    `cinemeter.catalog.scores`, called by the community's vote services in the transaction
    that writes the votes, and by `manage.py recount`. The database checks that the
    histogram adds up to the count and the sum, so a half-applied change cannot be stored.
    """

    title = models.OneToOneField(
        Title, on_delete=models.CASCADE, primary_key=True, related_name="score"
    )
    vote_count = models.PositiveIntegerField(default=0)
    # The sum of all votes in half stars (a 3.5 counts 7): an integer, so the average is exact.
    half_star_sum = models.PositiveBigIntegerField(default=0)
    stars_0_5 = models.PositiveIntegerField(default=0)
    stars_1_0 = models.PositiveIntegerField(default=0)
    stars_1_5 = models.PositiveIntegerField(default=0)
    stars_2_0 = models.PositiveIntegerField(default=0)
    stars_2_5 = models.PositiveIntegerField(default=0)
    stars_3_0 = models.PositiveIntegerField(default=0)
    stars_3_5 = models.PositiveIntegerField(default=0)
    stars_4_0 = models.PositiveIntegerField(default=0)
    stars_4_5 = models.PositiveIntegerField(default=0)
    stars_5_0 = models.PositiveIntegerField(default=0)
    # Messages posted on the title, whatever their state (a deleted one leaves a placeholder),
    # moved by the community's message services: at 0 the title page's reviews need no query.
    # A database default, so the vote statements that insert a tally need not name it.
    message_count = models.PositiveIntegerField(default=0, db_default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(vote_count=reduce(add, (F(name) for name in HISTOGRAM_FIELDS))),
                name="titlescore_histogram_adds_up_to_count",
            ),
            models.CheckConstraint(
                condition=Q(
                    half_star_sum=reduce(
                        add,
                        (F(histogram_field(halves)) * halves for halves in HALF_STARS),
                    )
                ),
                name="titlescore_histogram_adds_up_to_sum",
            ),
        ]

    def __str__(self) -> str:
        return f"title {self.title_id}: {self.vote_count} votes"

    @property
    def average(self) -> Decimal | None:
        """The mean vote in stars as a Decimal (no float rounding); None without votes."""
        if not self.vote_count:
            return None
        return Decimal(self.half_star_sum) / (2 * self.vote_count)

    @property
    def counts(self) -> dict[Decimal, int]:
        """How many votes each value from 0.5 to 5 has."""
        return {
            value: getattr(self, name)
            for value, name in zip(VOTE_VALUES, HISTOGRAM_FIELDS, strict=True)
        }
