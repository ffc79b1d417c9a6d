"""Reads about votes: a member's own vote on a title, and the vote panel after a vote; one
query each.
"""

from __future__ import annotations

from decimal import Decimal

from cinemeter.catalog.models import Title, TitleScore
from cinemeter.catalog.selectors import MemberScore, member_score
from cinemeter.community.votes import sql


def own_vote(member_id: int, title_id: int) -> Decimal | None:
    """A member's vote on a title, or None: one query through the unique (user, title) index
    (the title page's own-vote panel, `community.panels`)."""
    return sql.vote_read(member_id, title_id)  # plain SQL: on every member's title page


def vote_panel(*, title: Title, own: Decimal | None) -> MemberScore:
    """The title's score as it stands after a vote (one query), with the member's vote."""
    return member_score(TitleScore.objects.filter(title=title).first(), own)
