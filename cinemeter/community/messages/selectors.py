"""Reads for messages: the title page's section, a member's recent messages and
permission-checked fetches. Each runs a fixed number of queries.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.shortcuts import get_object_or_404
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from cinemeter.accounts.models import User
from cinemeter.catalog.localize import localized_title_subquery
from cinemeter.catalog.models import Image, ImageKind, Title
from cinemeter.community.messages.models import (
    HelpfulMark,
    Message,
    MessageStatus,
)
from cinemeter.community.translation.models import MessageTranslation
from cinemeter.community.translation.services import reader_translations
from cinemeter.community.votes.models import Vote

MESSAGE_SORTS = {
    "newest": ("-created_at", "-id"),
    "helpful": ("-helpful_count", "-created_at", "-id"),
}
RECENT_MESSAGES = 5


def _visible_to(messages: QuerySet[Message], viewer: User | AnonymousUser) -> QuerySet[Message]:
    """Published, hidden (shown as a placeholder) and deleted messages for everyone; held ones
    for their author, and everything for staff.
    """
    if viewer.is_authenticated and viewer.is_staff:
        return messages
    shown = Q(status__in=(MessageStatus.PUBLISHED, MessageStatus.HIDDEN))
    if viewer.is_authenticated:
        shown |= Q(author_id=viewer.pk)
    return messages.filter(shown)


@dataclass(frozen=True)
class MessagesSection:
    """One page of a title's messages, each annotated with `author_vote` (the author's vote
    on this title, or None) and `marked_helpful` (the viewer marked it).
    """

    title: Title
    messages: Sequence[Message]
    sort: str
    page: int
    has_next: bool
    # The reader's-language translations of the messages that need one, by message id.
    translations: Mapping[int, list[MessageTranslation]] = field(default_factory=dict)

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.has_next else None


def title_messages(
    title: Title, viewer: User | AnonymousUser, *, sort: str = "newest", page: int = 1
) -> MessagesSection:
    """A page of the title's messages in one query, whatever the page or the number of authors.

    The author and the replied-to message's author come by join, the author's vote on the
    title and the viewer's helpful mark by correlated subqueries that the unique
    (user, title) and (message, user) indexes answer. One row more than a page tells whether
    there is a next page, so no COUNT over the title's messages runs on every view.
    """
    sort = sort if sort in MESSAGE_SORTS else "newest"
    page = max(page, 1)
    size = settings.MESSAGES_PAGE_SIZE
    messages = (
        _visible_to(Message.objects.filter(title=title), viewer)
        .select_related("author", "parent", "parent__author")
        .annotate(
            author_vote=Subquery(
                Vote.objects.filter(title_id=title.pk, user_id=OuterRef("author_id")).values(
                    "value"
                )[:1]
            )
        )
        .order_by(*MESSAGE_SORTS[sort])
    )
    if viewer.is_authenticated:
        messages = messages.annotate(
            marked_helpful=Exists(
                HelpfulMark.objects.filter(message_id=OuterRef("pk"), user_id=viewer.pk)
            )
        )
    rows = list(messages[(page - 1) * size : page * size + 1])
    return MessagesSection(
        title=title,
        messages=rows[:size],
        sort=sort,
        page=page,
        has_next=len(rows) > size,
        translations=reader_translations(rows[:size], viewer),
    )


def message_page_number(message: Message) -> int:
    """Which page of its title's newest-first list a message is on, as visitors see the list
    (for permalinks; a held message's author may find it a page later).
    """
    newer = Message.objects.filter(
        Q(created_at__gt=message.created_at) | Q(created_at=message.created_at, id__gt=message.pk),
        title_id=message.title_id,
        status__in=(MessageStatus.PUBLISHED, MessageStatus.HIDDEN),
    ).count()
    return int(newer // settings.MESSAGES_PAGE_SIZE + 1)


def member_recent_messages(member: User) -> list[Message]:
    """A member's latest published messages with their titles: one query."""
    return list(
        Message.objects.filter(
            author=member, status=MessageStatus.PUBLISHED, deleted_at__isnull=True
        )
        .select_related("title")
        .order_by("-created_at", "-id")[:RECENT_MESSAGES]
    )


def message_get(pk: int) -> Message:
    return get_object_or_404(Message.objects.select_related("title", "author"), pk=pk)


def message_for_author(pk: int, user: User) -> Message:
    """The message, if this member wrote it; 403 otherwise (the services refuse deleted ones)."""
    message = message_get(pk)
    if message.author_id is None or message.author_id != user.pk:
        raise PermissionDenied(_("Only the author may change this message."))
    return message


HOME_REVIEWS = 5


def recent_reviews(limit: int = HOME_REVIEWS) -> list[Message]:
    """The latest published reviews (not replies) of any title, for the home page, in two
    queries: the messages with their author, title, the author's vote on it (`author_vote`)
    and the title's name in the reader's language; then the titles' posters. Each message
    gets `excerpt`, its text as plain words."""
    localized = localized_title_subquery(title="title_id")
    messages = (
        Message.objects.filter(
            status=MessageStatus.PUBLISHED, deleted_at__isnull=True, parent__isnull=True
        )
        .select_related("author", "title")
        .annotate(
            author_vote=Subquery(
                Vote.objects.filter(
                    title_id=OuterRef("title_id"), user_id=OuterRef("author_id")
                ).values("value")[:1]
            )
        )
        .order_by("-created_at", "-id")
    )
    if localized is not None:
        messages = messages.annotate(title_localized=localized)
    found: list[Message] = list(messages[:limit])
    posters = Image.objects.filter(kind=ImageKind.POSTER).order_by("order", "id")
    titles = [m.title for m in found]
    prefetch_related_objects(titles, Prefetch("images", queryset=posters, to_attr="posters"))
    for message in found:
        message.title.localized_title = getattr(message, "title_localized", None)  # type: ignore[attr-defined]
        message.excerpt = html.unescape(strip_tags(message.html))  # type: ignore[attr-defined]
    return found
