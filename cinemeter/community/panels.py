"""The community's panels on the catalogue's pages: on the title page the member's own vote
and the reviews & comments, on the home page the recent reviews. Registered in
`CommunityConfig.ready()` through `cinemeter.core.panels`, so the catalogue renders them
without importing this app.

Both are personal (rendered for every request, with the request): the own vote is one
query; the reviews show the viewer's own helpful marks, held messages and edit links. A
title nobody has written on (most of them) costs no query at all: the title's maintained
message count, read with the page's brief, says so.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from cinemeter.catalog.models import VOTE_VALUES, Title
from cinemeter.catalog.page_keys import MEMBER_SCORES
from cinemeter.catalog.pages.home import PAGE as HOME_PAGE
from cinemeter.catalog.pages.home import HomeSubject
from cinemeter.catalog.pages.title import PAGE, TitleSubject
from cinemeter.community.messages.forms import MessageForm
from cinemeter.community.messages.selectors import (
    MESSAGE_SORTS,
    MessagesSection,
    recent_reviews,
    title_messages,
)
from cinemeter.community.messages.services import PASTE_WARNING
from cinemeter.community.page_versions import RECENT_REVIEWS_KEY, title_messages_key
from cinemeter.community.translation.services import (
    message_readings,
    message_translations_backfill,
)
from cinemeter.community.votes.sql import vote_read
from cinemeter.core.panels import Panel, panel_register


def _own_vote(subject: TitleSubject, request: HttpRequest) -> Decimal | None:
    """The reader's vote on the page's title, asked once per request."""
    if not request.user.is_authenticated:
        return None
    asked: dict[str, Decimal | None] = request.__dict__.setdefault("own_votes", {})
    if subject.slug not in asked:
        asked[subject.slug] = vote_read(request.user.pk, subject.brief.id)
    return asked[subject.slug]


def own_vote(subject: TitleSubject, request: HttpRequest | None) -> dict[str, Any]:
    """The vote form with the member's vote marked, or the invitation to log in."""
    assert request is not None  # a personal panel  # noqa: S101
    return {
        "slug": subject.slug,
        "user": request.user,
        "own_vote": _own_vote(subject, request),
        "vote_values": VOTE_VALUES,
        "login_url": reverse("catalog:title", args=[subject.slug]),
    }


def own_vote_variant(subject: TitleSubject, request: HttpRequest) -> str:
    """Per title (the form posts to it), visitors see one form, members one of eleven (no
    vote, or one of the ten values)."""
    if not request.user.is_authenticated:
        return f"{subject.slug}:visitor"
    return f"{subject.slug}:member:{_own_vote(subject, request)}"


def _messages_page(request: HttpRequest) -> int:
    value = request.GET.get("messages_page", "1")
    return int(value) if value.isdigit() else 1


def reviews(subject: TitleSubject, request: HttpRequest | None) -> dict[str, Any]:
    """A page of the title's messages with their readings (original or translation)."""
    assert request is not None  # a personal panel  # noqa: S101
    brief = subject.brief
    title = Title(pk=brief.id, slug=brief.slug, title=brief.name)
    sort = request.GET.get("messages_sort", "newest")
    page = _messages_page(request)
    if brief.message_count:
        section = title_messages(title, request.user, sort=sort, page=page)
        readings = message_readings(
            section.messages, section.translations, request.user, request.GET
        )
        message_translations_backfill(readings, section.messages)
    else:  # nobody has written on this title: nothing to read
        sort = sort if sort in MESSAGE_SORTS else "newest"
        section = MessagesSection(
            title=title, messages=[], sort=sort, page=max(page, 1), has_next=False
        )
        readings = []
    login = reverse("accounts:login")
    member = request.user.is_authenticated
    return {
        "section": section,
        "entries": list(zip(section.messages, readings, strict=True)),
        "login_url": f"{login}?next={quote(request.path + '#messages', safe='/')}",
        "sorts": list(MESSAGE_SORTS),
        "user": request.user,
        # Staff moderate in place; other moderators use the queue (no permission queries here).
        "staff": member and request.user.is_staff,
        "form": MessageForm() if member else None,
        "paste_warning": PASTE_WARNING,
        "paste_min": settings.PASTE_GUARD_MIN_LENGTH,
    }


def reviews_variant(subject: TitleSubject, request: HttpRequest) -> str | None:
    """A title nobody wrote on shows the same to every member (the compose form) and to every
    visitor (the invitation to log in); with messages the panel is the reader's own."""
    if subject.brief.message_count:
        return None
    sort = request.GET.get("messages_sort", "newest")
    who = "member" if request.user.is_authenticated else "visitor"
    return f"empty:{who}:{sort if sort in MESSAGE_SORTS else 'newest'}:{_messages_page(request)}"


def _no_keys(_subject: TitleSubject) -> list[str]:
    return []


def _messages_keys(subject: TitleSubject) -> list[str]:
    return [title_messages_key(subject.slug)]


def community_panels_register() -> None:
    own_vote_template = "community/panels/own_vote.html"
    reviews_template = "community/messages/section.html"
    for name, slot, order, template, context, keys, variant in (
        ("own_vote", "score", 20, own_vote_template, own_vote, _no_keys, own_vote_variant),
        ("reviews", "main", 90, reviews_template, reviews, _messages_keys, reviews_variant),
    ):
        panel_register(
            Panel(
                name=f"community.{name}",
                page=PAGE,
                template=template,
                context=context,
                keys=keys,
                slot=slot,
                order=order,
                personal=True,
                variant=variant,
            )
        )


def home_reviews(_subject: HomeSubject, _request: HttpRequest | None) -> dict[str, Any]:
    """The latest reviews of any title with their film: the same for every reader."""
    return {"reviews": recent_reviews()}


def _home_reviews_keys(_subject: HomeSubject) -> list[str]:
    # Messages (post, edit, delete, moderation, an author leaving) and the authors' votes.
    return [RECENT_REVIEWS_KEY, MEMBER_SCORES]


def community_home_panels_register() -> None:
    panel_register(
        Panel(
            name="community.home.reviews",
            page=HOME_PAGE,
            template="community/panels/home_reviews.html",
            context=home_reviews,
            keys=_home_reviews_keys,
            slot="aside",
            order=10,
        )
    )
