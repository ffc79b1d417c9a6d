"""The embedded task queue: huey on a SQLite file under var/, run by the web workers.

See settings "Background tasks" for the Redis alternative and config/gunicorn.py for where the
embedded consumer starts.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from huey import SqliteHuey


class EmbeddedHuey(SqliteHuey):  # type: ignore[misc]  # huey ships no type information
    """SqliteHuey that makes its file's folder first: a fresh checkout has no var/ yet."""

    def __init__(self, *args: Any, filename: str, **kwargs: Any) -> None:
        Path(filename).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(*args, filename=filename, **kwargs)


_started = threading.Lock()


def embedded_consumer_start(queue: Any = None) -> Any:
    """Run the queue in threads of this process (a gunicorn worker); once per process.

    huey's consumer normally owns a process; `start()` runs its worker and scheduler threads
    without the signal handling that only a main thread may install. Returns the consumer
    (None when this process already runs one); `consumer.stop()` ends it.
    """
    if queue is None:
        from huey.contrib.djhuey import HUEY

        queue = HUEY
    if not isinstance(queue, SqliteHuey):
        raise TypeError("the embedded consumer runs a SQLite queue")
    if not _started.acquire(blocking=False):
        return None
    consumer = queue.create_consumer(workers=1, worker_type="thread", periodic=True)
    consumer.start()
    return consumer
