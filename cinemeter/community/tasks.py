"""Background tasks (huey). Embedded by default; a Redis-backed worker when REDIS_URL is set
(settings "Background tasks").

At the app's top level on purpose: huey names a queued task by its function's module and name
("cinemeter.community.tasks.message_translate_task"), so tasks already queued keep resolving,
and `manage.py run_huey` finds `<app>.tasks` by itself. `CommunityConfig.ready()` imports this
module and hands the task to `translation.queue`, through which the services queue it.
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
    """Translate a message; on failure log it and let huey try again later."""
    try:
        message_translate(message_id, target)
    except TranslatorError as error:
        logger.error("translating message %s into %s failed: %s", message_id, target, error)
        raise
