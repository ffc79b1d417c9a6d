"""How the translation services queue the translation task without importing it.

The task (`cinemeter.community.tasks.message_translate_task`) imports the translation services
to do its work, so the services may not import the task back: that was an import circle.
`CommunityConfig.ready()` imports the task module and registers the task here, which also makes
every process that starts Django know the task, so every consumer can run every queued one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

# (message id, target language): queues the translation; huey hands back a result handle.
TranslateTask = Callable[[int, str], object]
_tasks: list[TranslateTask] = []


def translate_task_register(task: TranslateTask) -> None:
    _tasks[:] = [task]


def translate_enqueue(message_id: int, target: str) -> None:
    """Queue the translation of one message into `target`."""
    if not _tasks:
        raise ImproperlyConfigured("no translation task: CommunityConfig.ready() registers it")
    _tasks[0](message_id, target)
