"""The editorial app's background tasks (huey), at the app's top level so their queued names
stay stable and every process registers them when Django starts (`CoreConfig.ready()`
imports each app's `tasks`).

- `articles_publish_due_task`: each minute, publishes the scheduled articles whose time has
  come (where no consumer runs, `editorial.middleware` does it on the next request).
- `article_related_task`: brings the related-reading lists up to date after a publication,
  an edit or a withdrawal (queued after the commit by the services).
- `article_translate_task`: one article into one other site language.
All three are idempotent: run twice, they change nothing the second time.
"""

from __future__ import annotations

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cinemeter.community.translation.translators import TranslatorError
from cinemeter.editorial.articles.related import related_update
from cinemeter.editorial.articles.services import articles_publish_due
from cinemeter.editorial.articles.translation import article_translate

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def articles_publish_due_task() -> None:
    published = articles_publish_due()
    if published:
        logger.info("published scheduled articles %s", published)


@db_task(retries=3, retry_delay=30)  # type: ignore[untyped-decorator]
def article_related_task(article_ids: list[int]) -> None:
    related_update(article_ids)


@db_task(  # type: ignore[untyped-decorator]
    retries=settings.TRANSLATION_TASK_RETRIES,
    retry_delay=settings.TRANSLATION_TASK_RETRY_DELAY,
)
def article_translate_task(article_id: int, target: str) -> None:
    try:
        article_translate(article_id, target)
    except TranslatorError as error:
        logger.error("translating article %s into %s failed: %s", article_id, target, error)
        raise
