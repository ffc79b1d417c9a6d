"""The task queue (huey) made lossless, and the embedded consumer that the web workers run.

Without REDIS_URL the queue is a SQLite file under var/ and each gunicorn worker runs a
consumer in threads (config/gunicorn.py); with it the queue lives in Redis and `make worker`
(`manage.py run_huey`) consumes it. Whichever runs, huey's queues take a task off before they
resolve or run it, so on their own they lose a task whose name no process knows, one that
failed its last retry (only its error result stays) and one running when its process died.
The queue classes here keep all three (`cinemeter.core.task_store`): a task that cannot run is
kept as failed, logged with its id and reason and listed and retried by `manage.py tasks`; a
running task is journalled and queued again when its consumer is gone.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from huey import MemoryHuey, RedisHuey, SqliteHuey
from huey.consumer import Consumer

from cinemeter.core import task_store

logger = logging.getLogger(__name__)


class LosslessQueueMixin:
    """What every queue class of the project adds to huey's: nothing taken off the queue is
    dropped. Mixed in before the huey class; `self` is a huey.Huey.
    """

    storage: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        huey: Any = self
        # Public hooks: post_execute sees every outcome (also a lock or a timeout, which send
        # no error signal); startup runs in each consumer worker, embedded or `run_huey`.
        huey.post_execute(name="cinemeter-keep-failed")(self._keep_final_failure)
        huey.on_startup(name="cinemeter-recover")(self._recover)

    def dequeue(self) -> Any:
        """huey's dequeue, keeping a task it cannot resolve instead of dropping it."""
        huey: Any = self
        data = self.storage.dequeue()
        if data is None:
            return None
        try:
            return huey.deserialize_task(data)
        except Exception as error:
            task_store.failed_keep(huey, data, reason=f"{type(error).__name__}: {error}")
            return None

    def execute(self, task: Any, timestamp: Any = None) -> Any:
        """Run a task with a journal entry that outlives this process if it dies mid-task.

        Retries are queued (or scheduled) inside huey's execute, so forgetting the entry
        afterwards never opens a window in which the task is nowhere.
        """
        huey: Any = self
        task_store.journal_put(huey, task)
        try:
            result = super().execute(task, timestamp)  # type: ignore[misc]
        except BaseException as error:
            # An error in huey itself (storage gone, an interrupt): keep the task.
            task_store.failed_keep(
                huey, huey.serialize_task(task), reason=f"{type(error).__name__}: {error}"
            )
            task_store.journal_forget(huey, task)
            raise
        task_store.journal_forget(huey, task)
        return result

    def _keep_final_failure(self, task: Any, value: Any, exception: Exception | None) -> None:
        if exception is not None and not task.retries:
            huey: Any = self
            reason = f"{type(exception).__name__}: {exception}"
            task_store.failed_keep(huey, huey.serialize_task(task), reason=reason)

    def _recover(self) -> None:
        task_store.journal_recover(self)


class EmbeddedHuey(LosslessQueueMixin, SqliteHuey):  # type: ignore[misc]  # huey is untyped
    """The SQLite queue under var/; makes the file's folder first (a fresh checkout has none)."""

    def __init__(self, *args: Any, filename: str, **kwargs: Any) -> None:
        Path(filename).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(*args, filename=filename, **kwargs)


class RedisQueueHuey(LosslessQueueMixin, RedisHuey):  # type: ignore[misc]
    """The Redis queue that `make worker` consumes when REDIS_URL is set."""


class MemoryQueueHuey(LosslessQueueMixin, MemoryHuey):  # type: ignore[misc]
    """The test suite's queue (immediate mode), with the same keeping as the real ones."""


class EmbeddedConsumer(Consumer):  # type: ignore[misc]
    """huey's consumer as threads of a process that someone else owns (a gunicorn worker).

    huey's `Consumer.start()` installs SIGTERM, SIGINT and SIGHUP handlers over the process's
    own; in a gunicorn worker that replaced gunicorn's graceful stop and reload, so workers
    ignored both until they were killed. `start` here only starts the threads: gunicorn keeps
    its signals and calls `stop(graceful=True)` from its `worker_exit` hook.
    """

    def start(self) -> None:
        names = sorted(self.huey._registry._registry)
        # huey prints its command list one line each, even when empty; one line says it all.
        logger.info("task consumer started in process with tasks: %s", ", ".join(names) or "-")
        self.scheduler.start()
        for _, worker in self.worker_threads:
            worker.start()


_started = threading.Lock()


def embedded_consumer_start(queue: Any = None, *, shutdown_timeout: float = 8.0) -> Any:
    """Run the queue in threads of this process (a gunicorn worker); once per process.

    Returns the consumer (None when this process already runs one). `consumer.stop(
    graceful=True)` lets a running task finish for up to `shutdown_timeout` seconds; one that
    runs longer is journalled and runs again after the restart.
    """
    if queue is None:
        from huey.contrib.djhuey import HUEY

        queue = HUEY
    if not isinstance(queue, SqliteHuey):
        raise TypeError("the embedded consumer runs a SQLite queue")
    if not _started.acquire(blocking=False):
        return None
    consumer = EmbeddedConsumer(
        queue, workers=1, worker_type="thread", periodic=True, shutdown_timeout=shutdown_timeout
    )
    consumer.start()
    return consumer
