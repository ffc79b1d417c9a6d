"""Which cached pages and panels a community write changes: `cinemeter.core.page_cache` keys.

A vote changes its title's score panel; a message its title's reviews panel. A member's vote
and message counts are shown beside each of their messages, so a change to those counts
changes the reviews panel of every title where the member has written.
"""

from __future__ import annotations

from collections.abc import Iterable

from cinemeter.catalog.models import Title
from cinemeter.catalog.page_keys import title_score_key
from cinemeter.community.models import Message
from cinemeter.core.page_cache import versions_bump


def title_messages_key(slug: str) -> str:
    """The reviews & comments of one title (the title page's reviews panel)."""
    return f"title-messages:{slug}"


def title_pages_bump(title_ids: Iterable[int]) -> None:
    ids = set(title_ids)
    if ids:
        slugs = Title.objects.filter(pk__in=ids).values_list("slug", flat=True)
        versions_bump(
            key for slug in slugs for key in (title_score_key(slug), title_messages_key(slug))
        )


def member_pages_bump(user_id: int, *, has_messages: bool = True) -> None:
    """The pages of the titles this member has written on (their counts are shown there);
    `has_messages=False` (the member's count says none) skips the lookup."""
    if not has_messages:
        return
    title_pages_bump(Message.objects.filter(author_id=user_id).values_list("title_id", flat=True))
