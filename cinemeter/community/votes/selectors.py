"""Reads about votes: the vote panel after a vote, in one query. (A member's own vote on a
title is `votes.sql.vote_read`, plain SQL: it runs on every member's title page.)
"""

from __future__ import annotations

from decimal import Decimal

from cinemeter.catalog.models import Title, TitleScore
from cinemeter.catalog.selectors import MemberScore, member_score


def vote_panel(*, title: Title, own: Decimal | None) -> MemberScore:
    """The title's score as it stands after a vote (one query), with the member's vote."""
    return member_score(TitleScore.objects.filter(title=title).first(), own)
