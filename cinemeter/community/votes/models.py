"""Members' votes on titles."""

from django.conf import settings
from django.db import models
from django.db.models import Q

# 0.5, 1.0, ... 5.0: defined by the catalogue, whose title tallies count votes per value.
from cinemeter.catalog.models import VOTE_VALUES
from cinemeter.core.models import BaseModel

__all__ = ["VOTE_VALUES", "Vote"]


class Vote(BaseModel):
    """One member's rating of one title, 0.5 to 5 stars in half steps.

    Written by `cinemeter.community.votes.services` only (the vote form and importers), which keep
    the title's tally (`catalog.TitleScore`), the member's `vote_count` and the "votes" site
    counter exact in the same transaction. A member or title with votes cannot be deleted
    until its votes are (PROTECT), so no cascade moves a count behind the services' back.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="votes",
        # The unique (user, title) constraint's index already serves lookups by member.
        db_index=False,
    )
    title = models.ForeignKey(
        "catalog.Title",
        on_delete=models.PROTECT,
        related_name="votes",
        db_index=False,  # indexed by name in Meta.indexes
    )
    value = models.DecimalField(max_digits=2, decimal_places=1)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["title"], name="vote_title_idx")]
        constraints = [
            models.UniqueConstraint(fields=["user", "title"], name="vote_one_per_member_per_title"),
            models.CheckConstraint(
                condition=Q(value__in=VOTE_VALUES), name="vote_value_half_steps"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value}★ by user {self.user_id} for title {self.title_id}"
