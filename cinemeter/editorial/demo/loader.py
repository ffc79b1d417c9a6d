"""Loads the demo articles (articles.json, the project's own words; the facts are public)
through the article services: an editor of the demo ("filmdesk", a publishing editor who
cannot log in), each article created, tagged and published at its own date, the Dutch one with
a translation written by a person, then the related reading computed for all of them.

Idempotent: an article whose slug exists is left alone; the related lists are computed again.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group

from cinemeter.accounts.models import User
from cinemeter.community.messages.rendering import message_render
from cinemeter.community.translation.models import HUMAN_TRANSLATOR
from cinemeter.core.writes import write_unit
from cinemeter.editorial.articles import services
from cinemeter.editorial.articles.models import Article, ArticleTranslation
from cinemeter.editorial.articles.related import related_rebuild
from cinemeter.editorial.permissions import PUBLISHERS, roles_ensure

DATA_FILE = Path(__file__).with_name("articles.json")


def _editor(username: str) -> User:
    roles_ensure()
    editor, created = User.objects.get_or_create(username=username)
    if created:
        editor.set_unusable_password()
        editor.save(update_fields=["password"])
    editor.groups.add(Group.objects.get(name=PUBLISHERS))
    # has_perm caches what it found; the groups just changed.
    return User.objects.get(pk=editor.pk)


def _translate(article: Article, language: str, text: dict[str, str]) -> None:
    with write_unit():
        ArticleTranslation.objects.get_or_create(
            article=article,
            language=language,
            backend=HUMAN_TRANSLATOR,
            defaults={
                "source_language": article.language,
                "headline": text["headline"],
                "standfirst": text.get("standfirst", ""),
                "body_html": message_render(text["body"]),
            },
        )


def demo_articles_load(data_file: Path = DATA_FILE) -> int:
    """Create the demo articles that are missing; returns how many were created."""
    data: dict[str, Any] = json.loads(data_file.read_text(encoding="utf-8"))
    editor = _editor(data["editor"])
    created = 0
    for item in data["articles"]:
        article = Article.objects.filter(slug=item["slug"]).first()
        if article is None:
            article = services.article_create(
                author=editor,
                draft=services.ArticleDraft(
                    headline=item["headline"],
                    standfirst=item.get("standfirst", ""),
                    body=item["body"],
                    tag_refs=", ".join(item["tags"]),
                    slug=item["slug"],
                    language=item.get("language", ""),
                    confirmed=True,  # the project's own words, checked once by hand
                ),
            )
            services.article_transition(
                article_id=article.pk,
                by=editor,
                action=services.Action.PUBLISH,
                dated=datetime.fromisoformat(item["published"]),
            )
            created += 1
        for language, text in item.get("translations", {}).items():
            _translate(article, language, text)
    related_rebuild()
    return created
