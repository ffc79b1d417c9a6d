"""The embedded task queue: a SQLite file the web process both fills and works off in its
own threads, so translations run in the background with no server to start."""

import threading

from cinemeter.core import tasks
from cinemeter.core.tasks import EmbeddedHuey, embedded_consumer_start


def test_the_embedded_queue_runs_tasks_in_background_threads(tmp_path, monkeypatch):
    monkeypatch.setattr(tasks, "_started", threading.Lock())
    huey = EmbeddedHuey("embedded-test", filename=str(tmp_path / "fresh" / "tasks.sqlite3"))
    assert (tmp_path / "fresh").is_dir()  # a fresh checkout has no var/ yet
    ran_in = []

    @huey.task()
    def remember(value):
        ran_in.append(threading.current_thread().name)
        return value * 2

    result = remember(21)  # enqueued: returns at once, nothing has run in this thread
    consumer = embedded_consumer_start(huey)
    try:
        assert result.get(blocking=True, timeout=10) == 42
        assert ran_in
        assert ran_in[0] != threading.current_thread().name
        assert embedded_consumer_start(huey) is None  # one consumer per process
    finally:
        consumer.stop(graceful=True)
