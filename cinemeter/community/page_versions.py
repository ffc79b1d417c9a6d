"""Which cached pages and panels a community write changes: `cinemeter.core.page_cache` keys.

A vote changes its title's score panel; a message its title's reviews panel. A member's vote
and message counts are shown beside each of their messages, so a change to those counts
changes the reviews panel of every title where the member has written. The home page's
recent reviews show messages of any title, so whatever changes one title's reviews panel
changes them too: both helpers below add `RECENT_REVIEWS_KEY` to the keys they name. A
writer gathers every key it changes and bumps them in one sorted call (`versions_bump`), so
two writers lock the version rows in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable

from cinemeter.catalog.models import Title
from cinemeter.catalog.page_keys import title_score_key
from cinemeter.community.messages.models import Message

# The home page's recent reviews (`community.home.reviews`): messages of every title.
RECENT_REVIEWS_KEY = "recent-reviews"


def title_messages_key(slug: str) -> str:
    """The reviews & comments of one title (the title page's reviews panel)."""
    return f"title-messages:{slug}"


def _slugs(title_ids: Iterable[int]) -> list[str]:
    ids = set(title_ids)
    if not ids:
        return []
    return list(Title.objects.filter(pk__in=ids).values_list("slug", flat=True))


def score_keys(title_ids: Iterable[int]) -> list[str]:
    """The score panels of these titles."""
    return [title_score_key(slug) for slug in _slugs(title_ids)]


def messages_keys(title_ids: Iterable[int]) -> list[str]:
    """The reviews panels of these titles, and the home page's recent reviews."""
    keys = [title_messages_key(slug) for slug in _slugs(title_ids)]
    return [*keys, RECENT_REVIEWS_KEY] if keys else []


def member_messages_keys(user_id: int, *, has_messages: bool = True) -> list[str]:
    """The reviews panels of the titles this member has written on (their counts are shown
    there), and the home page's recent reviews (their name, vote and text are shown there);
    `has_messages=False` (the member's count says none) skips the lookup."""
    if not has_messages:
        return []
    # The slugs by join: one query on the vote path, not one for ids and one for slugs.
    slugs = Message.objects.filter(author_id=user_id).values_list("title__slug", flat=True)
    keys = [title_messages_key(slug) for slug in set(slugs)]
    return [*keys, RECENT_REVIEWS_KEY] if keys else []
