"""Editors, articles and a small catalogue for the editorial tests, through the services."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import Group

from cinemeter.accounts.models import User
from cinemeter.catalog.models import Person, Title
from cinemeter.editorial.articles import services
from cinemeter.editorial.articles.models import Article
from cinemeter.editorial.permissions import EDITORS, PUBLISHERS, roles_ensure
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import PersonFactory, TitleFactory


def editor_make(username: str, *, publisher: bool) -> User:
    # A browser test's database is flushed between tests, taking the roles' groups (made by a
    # data migration) with it: make sure they are there.
    roles_ensure()
    user = MemberFactory.create(username=username)
    user.groups.add(Group.objects.get(name=PUBLISHERS if publisher else EDITORS))
    return User.objects.get(pk=user.pk)


def film(name: str, year: int = 1996) -> Title:
    return TitleFactory.create(title=name, year=year)


def person(name: str) -> Person:
    return PersonFactory.create(name=name)


def article(
    author: User,
    headline: str = "A headline",
    body: str = "Some words about a film.",
    *,
    tags: str = "",
    publish: bool = False,
    dated: datetime | None = None,
    **fields: Any,
) -> Article:
    created = services.article_create(
        author=author,
        draft=services.ArticleDraft(
            headline=headline, body=body, tag_refs=tags, confirmed=True, **fields
        ),
    )
    if publish:
        created = services.article_transition(
            article_id=created.pk, by=author, action=services.Action.PUBLISH, dated=dated
        )
    return created
