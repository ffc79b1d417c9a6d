"""Where the queue keeps the tasks it must not lose: in its own key-value store (the `kv` table
of the SQLite queue file, the results hash in Redis), so they travel with the queue, its
backups included, and need neither the site's database nor a migration.

- The journal: one entry per running task, with its serialized message and the process that
  runs it. A consumer starting up queues again every entry whose process is gone (a stop
  that outlived gunicorn's grace, a crash, a kill). Tasks are idempotent, so a task that did
  finish its work before its process died merely runs twice.
- Failed tasks: a message no process can resolve (an unknown task name), a task whose last
  retry failed, or one huey itself failed to run. Each is logged with its id and reason and
  kept until `manage.py tasks --retry ID` queues it again (or `--forget ID` drops it).
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from huey.constants import EmptyData

from cinemeter.core.processes import process_identity, process_is_alive

logger = logging.getLogger(__name__)

JOURNAL_PREFIX = "cinemeter:running:"
FAILED_PREFIX = "cinemeter:failed:"


def _encode(record: dict[str, Any]) -> bytes:
    return json.dumps(record).encode()


def _decode(raw: bytes) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(raw)
    return record


def _items(huey: Any, prefix: str) -> list[dict[str, Any]]:
    """The records under `prefix` (Redis hands keys back as bytes, SQLite as text)."""
    found = []
    for key, raw in huey.storage.result_items().items():
        name = key.decode() if isinstance(key, bytes) else str(key)
        if name.startswith(prefix):
            found.append(_decode(raw))
    return found


def _data(record: dict[str, Any]) -> bytes:
    return base64.b64decode(record["data"])


# --- The journal of running tasks ---------------------------------------------------------


def journal_put(huey: Any, task: Any) -> None:
    record = {
        "id": task.id,
        "name": type(task).__name__,
        "owner": process_identity(),
        "started_at": timezone.now().isoformat(),
        "data": base64.b64encode(huey.serialize_task(task)).decode(),
    }
    huey.storage.put_data(JOURNAL_PREFIX + task.id, _encode(record))


def journal_forget(huey: Any, task: Any) -> None:
    huey.storage.delete_data(JOURNAL_PREFIX + task.id)


def journal_entries(huey: Any) -> list[dict[str, Any]]:
    return _items(huey, JOURNAL_PREFIX)


def journal_recover(huey: Any) -> int:
    """Queue again every journalled task whose process is gone; returns how many.

    Each consumer worker calls this as it starts; `pop_data` is atomic in both stores, so two
    workers starting together queue a task once.
    """
    recovered = 0
    for record in journal_entries(huey):
        if process_is_alive(record["owner"]):
            continue
        raw = huey.storage.pop_data(JOURNAL_PREFIX + record["id"])
        if raw is EmptyData:  # another worker took it
            continue
        huey.storage.enqueue(_data(record), 0)
        recovered += 1
        logger.warning(
            "task %s (%s) was cut off when its process %s stopped; queued again",
            record["id"],
            record["name"],
            record["owner"],
        )
    return recovered


# --- Failed tasks --------------------------------------------------------------------------


@dataclass(frozen=True)
class FailedTask:
    """One kept task: its id, name, arguments (as text), why it failed and when."""

    id: str
    name: str
    arguments: str
    reason: str
    failed_at: str


def _describe(huey: Any, data: bytes) -> tuple[str, str, str]:
    """(id, name, arguments) of a serialized message, as far as it can be read."""
    try:
        message = huey.serializer.deserialize(data)
        return str(message.id), str(message.name), f"{message.args!r} {message.kwargs!r}"
    except Exception:
        return f"unreadable-{timezone.now().timestamp():.6f}", "?", "?"


def failed_keep(huey: Any, data: bytes, *, reason: str) -> str:
    """Keep a task that could not run and log it; returns its id."""
    task_id, name, arguments = _describe(huey, data)
    record = {
        "id": task_id,
        "name": name,
        "arguments": arguments,
        "reason": reason,
        "failed_at": timezone.now().isoformat(),
        "data": base64.b64encode(data).decode(),
    }
    huey.storage.put_data(FAILED_PREFIX + task_id, _encode(record))
    logger.error(
        "task %s (%s) failed and is kept: %s; `manage.py tasks --retry %s` runs it again",
        task_id,
        name,
        reason,
        task_id,
    )
    return task_id


def failed_list(huey: Any) -> list[FailedTask]:
    tasks = []
    for record in _items(huey, FAILED_PREFIX):
        del record["data"]
        tasks.append(FailedTask(**record))
    return sorted(tasks, key=lambda task: task.failed_at)


def failed_retry(huey: Any, task_id: str) -> bool:
    """Queue a kept task again with its task's full number of retries; False if no such task.

    A message whose task is still unknown is queued as it is (and kept again if no process
    knows it by the time it is taken).
    """
    raw = huey.storage.pop_data(FAILED_PREFIX + task_id)
    if raw is EmptyData:
        return False
    data = _data(_decode(raw))
    try:
        task = huey.deserialize_task(data)
    except Exception:
        huey.storage.enqueue(data, 0)
        return True
    task.retries = type(task).default_retries
    huey.enqueue(task)
    return True


def failed_forget(huey: Any, task_id: str) -> bool:
    return bool(huey.storage.delete_data(FAILED_PREFIX + task_id))
