"""Reads for the member pages; each runs a fixed number of queries.

The profile lives here rather than in accounts because it shows votes, and accounts may not
import the community app.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from cinemeter.accounts.models import User
from cinemeter.catalog.histogram import VoteHistogram
from cinemeter.community.messages.models import Message
from cinemeter.community.messages.selectors import member_recent_messages
from cinemeter.community.votes.models import Vote

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
