"""Articles for readers of other languages, with the community's translation machinery: its
language detection (in `services.draft_check`), its translators and its reader languages.

An article is written in one language. Once published, a translation into each other site
language is queued (when a machine translator is configured) and stored as an
`ArticleTranslation`; an edit forgets them. The page shows a reader the translation into
their language when one exists ("Translated from Dutch · View original"); the demo's are
written by people (backend "human") and shown whatever translator is configured.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils.translation import get_language, get_language_info

from cinemeter.community.messages.rendering import message_render
from cinemeter.community.translation.languages import site_languages
from cinemeter.community.translation.models import HUMAN_TRANSLATOR
from cinemeter.community.translation.services import reader_languages
from cinemeter.community.translation.translators import translator_get, translator_name
from cinemeter.core.page_cache import versions_bump
from cinemeter.core.writes import write_unit
from cinemeter.editorial.articles.models import Article, ArticleStatus, ArticleTranslation
from cinemeter.editorial.articles.subjects import article_about_refs
from cinemeter.editorial.page_keys import ARTICLES_KEY, about_key, article_key

logger = logging.getLogger(__name__)


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def reader_target(language: str, reader: object) -> str | None:
    """The language to show an article of `language` in for this reader, or None to show it
    as written."""
    target = get_language() or ""
    if not language or language in set(reader_languages(reader)) | {target}:
        return None
    return target


def translation_backends() -> list[str]:
    names = [HUMAN_TRANSLATOR]
    if translator_name() != "none":
        names.append(translator_name())
    return names


def best_translation(found: Sequence[ArticleTranslation]) -> ArticleTranslation | None:
    """A person's translation wins over a machine's."""
    return min(found, key=lambda t: t.backend != HUMAN_TRANSLATOR, default=None)


def translations_request(article: Article) -> None:
    """Queue a translation into each other site language, after the commit."""
    if translator_name() == "none" or not article.language:
        return
    from cinemeter.editorial.queue import translate_enqueue

    for target in site_languages():
        if target != article.language:
            transaction.on_commit(
                lambda target=target: translate_enqueue(article.pk, target),  # type: ignore[misc]
                robust=True,
            )


def article_translate(article_id: int, target: str) -> ArticleTranslation | None:
    """The background task's work: translate a published article's text and store it.
    Raises the translator's error for the task to retry."""
    translator = translator_get()
    article = Article.objects.filter(pk=article_id, status=ArticleStatus.PUBLISHED).first()
    if translator is None or article is None or article.language in {"", target}:
        return None
    existing = ArticleTranslation.objects.filter(
        article=article, language=target, backend=translator.name
    ).first()
    if existing is not None:
        return existing
    source = article.language
    headline = translator.translate(article.headline, source=source, target=target)
    standfirst = (
        translator.translate(article.standfirst, source=source, target=target)
        if article.standfirst
        else ""
    )
    body = translator.translate(article.body, source=source, target=target)
    try:
        with write_unit():
            if not Article.objects.filter(pk=article.pk, version=article.version).exists():
                return None  # edited meanwhile: that edit queues its own
            stored = ArticleTranslation.objects.create(
                article=article,
                language=target,
                backend=translator.name,
                source_language=source,
                headline=headline[:300],
                standfirst=standfirst[:600],
                body_html=message_render(body),
            )
            # Its page, the index and the home page, and the "Articles about …" panels of
            # its subjects show its headline in the reader's language.
            about = [about_key(kind, ref) for kind, ref in article_about_refs(article)]
            versions_bump([article_key(article.slug), ARTICLES_KEY, *about])
            return stored
    except IntegrityError:
        return ArticleTranslation.objects.filter(
            article=article, language=target, backend=translator.name
        ).first()
