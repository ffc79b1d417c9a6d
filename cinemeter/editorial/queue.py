"""How the article services start the related-reading update without importing the task.

The task (`editorial.tasks.article_related_task`) imports the related computation, which the
services also use, so `EditorialConfig.ready()` registers the task here, as the community's
translation queue does. Without a registered task (a script, a shell) the update runs at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

RelatedTask = Callable[[list[int]], object]
_tasks: list[RelatedTask] = []


def related_task_register(task: RelatedTask) -> None:
    _tasks[:] = [task]


def related_enqueue(article_ids: Sequence[int]) -> None:
    """Queue the related-reading update for these articles (after the commit that changed
    them: the worker must see the change)."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    if _tasks:
        _tasks[0](ids)
        return
    from cinemeter.editorial.articles.related import related_update

    related_update(ids)


TranslateTask = Callable[[int, str], object]
_translate: list[TranslateTask] = []


def translate_task_register(task: TranslateTask) -> None:
    _translate[:] = [task]


def translate_enqueue(article_id: int, target: str) -> None:
    """Queue the translation of one article into `target` (no-op before registration)."""
    if _translate:
        _translate[0](article_id, target)
