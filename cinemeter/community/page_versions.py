"""Which cached pages a community write changes: `cinemeter.core.page_cache` versions.

A vote or message changes its title's page; a member's vote and message counts are shown
beside each of their messages, so a change to those counts changes every title page where
the member has written.
"""

from __future__ import annotations

from collections.abc import Iterable

from cinemeter.catalog.models import Title
from cinemeter.community.messages.models import Message
from cinemeter.core.page_cache import title_key, versions_bump


def title_pages_bump(title_ids: Iterable[int]) -> None:
    ids = set(title_ids)
    if ids:
        slugs = Title.objects.filter(pk__in=ids).values_list("slug", flat=True)
        versions_bump(title_key(slug) for slug in slugs)


def member_pages_bump(user_id: int, *, has_messages: bool = True) -> None:
    """The pages of the titles this member has written on (their counts are shown there);
    `has_messages=False` (the member's count says none) skips the lookup."""
    if not has_messages:
        return
    title_pages_bump(Message.objects.filter(author_id=user_id).values_list("title_id", flat=True))
