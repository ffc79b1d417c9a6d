"""Background tasks (huey). Embedded by default; a Redis-backed worker when REDIS_URL is set
(settings "Background tasks").

At the app's top level on purpose: huey names a queued task by its function's module and name
("cinemeter.community.tasks.message_translate_task"), so tasks already queued keep resolving,
and every process registers it when Django starts (`CoreConfig.ready()` imports each app's `tasks`).
`CommunityConfig.ready()` hands the task to `translation.queue`, through which the services
queue it.
"""

from __future__ import annotations

import logging

from django.conf import settings
from huey.contrib.djhuey import db_task

from cinemeter.community.translation.services import message_translate
from cinemeter.community.translation.translators import TranslatorError

logger = logging.getLogger(__name__)


# huey ships no type information.
@db_task(  # type: ignore[untyped-decorator]
    retries=settings.TRANSLATION_TASK_RETRIES,
    retry_delay=settings.TRANSLATION_TASK_RETRY_DELAY,
)
def message_translate_task(message_id: int, target: str) -> None:
    """Translate a message; on failure log it and let huey try again later.

    Idempotent: a translation already stored for the message, language and translator is
    kept and the translator is not asked again, so a task queued twice, or run again after a
    stop cut it off (cinemeter.core.task_store), stores one translation.
    """
    try:
        message_translate(message_id, target)
    except TranslatorError as error:
        logger.error("translating message %s into %s failed: %s", message_id, target, error)
        raise
