"""Reads for the member pages and the vote panel; each runs a fixed number of queries.

The profile lives here rather than in accounts because it shows votes, and accounts may not
import the community app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from cinemeter.accounts.models import User
from cinemeter.catalog.histogram import VoteHistogram
from cinemeter.catalog.models import Title, TitleScore
from cinemeter.catalog.selectors import MemberScore, member_score
from cinemeter.community.messages.selectors import member_recent_messages
from cinemeter.community.models import Message, Vote

RECENT_VOTES = 10


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


def own_vote(title_id: int, member_id: int) -> Decimal | None:
    """A member's vote on a title, or None: one query through the unique (user, title) index.

    Registered with `catalog.selectors.own_vote_lookup_register`, so the title page shows it.
    """
    value: Decimal | None = (
        Vote.objects.filter(user_id=member_id, title_id=title_id)
        .values_list("value", flat=True)
        .first()
    )
    return value


def vote_panel(*, title: Title, own: Decimal | None) -> MemberScore:
    """The title's score as it stands after a vote (one query), with the member's vote."""
    return member_score(TitleScore.objects.filter(title=title).first(), own)
