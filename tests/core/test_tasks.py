"""The task queue: the embedded consumer (threads of a web worker that leave the worker's
signals alone) and the keeping of tasks huey alone would drop: unknown names, last retries
that failed, tasks cut off by a stop."""

import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cinemeter.core import processes, task_store, tasks
from cinemeter.core.tasks import EmbeddedHuey, embedded_consumer_start

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def queue_file(tmp_path):
    return str(tmp_path / "fresh" / "tasks.sqlite3")


@pytest.fixture
def fresh_start(monkeypatch):
    monkeypatch.setattr(tasks, "_started", threading.Lock())


def test_the_embedded_queue_runs_tasks_in_background_threads(queue_file, fresh_start):
    huey = EmbeddedHuey("embedded-test", filename=queue_file)
    assert Path(queue_file).parent.is_dir()  # a fresh checkout has no var/ yet
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


def test_the_embedded_consumer_leaves_the_process_signals_alone(queue_file, fresh_start, caplog):
    """gunicorn's TERM (graceful stop), HUP (reload) and INT stay gunicorn's."""
    huey = EmbeddedHuey("signals-test", filename=queue_file)
    watched = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
    before = {signum: signal.getsignal(signum) for signum in watched}
    with caplog.at_level(logging.INFO):
        consumer = embedded_consumer_start(huey)
    try:
        assert {signum: signal.getsignal(signum) for signum in watched} == before
    finally:
        consumer.stop(graceful=True)
    assert "The following commands are available" not in caplog.text
    assert "task consumer started" in caplog.text


def test_a_task_no_process_knows_is_kept_logged_and_can_run_later(queue_file, caplog):
    web = EmbeddedHuey("unknown-test", filename=queue_file)
    later = web.task(name="later_task")(lambda value: value)
    later(7)  # queued by a process that knows the task
    worker = EmbeddedHuey("unknown-test", filename=queue_file)  # an older process: no such task
    with caplog.at_level(logging.ERROR):
        assert worker.dequeue() is None
    assert worker.pending_count() == 0
    [failed] = task_store.failed_list(worker)
    assert failed.name == "tests.core.test_tasks.later_task"
    assert "not found in TaskRegistry" in failed.reason
    assert failed.id in caplog.text
    assert "not found in TaskRegistry" in caplog.text

    ran = []
    # The new code knows it (a lambda, not `ran.append`: huey names a task by its module).
    worker.task(name="later_task")(lambda value: ran.append(value))  # noqa: PLW0108
    assert task_store.failed_retry(worker, failed.id)
    assert task_store.failed_list(worker) == []
    worker.execute(worker.dequeue())
    assert ran == [7]


def test_a_task_that_fails_its_last_retry_is_kept_and_retried_with_full_retries(queue_file):
    huey = EmbeddedHuey("failing-test", filename=queue_file)
    calls = []

    @huey.task(retries=1)
    def flaky(value):
        calls.append(value)
        if len(calls) < 3:
            raise RuntimeError("translator down")
        return value

    flaky(5)
    huey.execute(huey.dequeue())  # fails, one retry left: queued again, not kept
    assert task_store.failed_list(huey) == []
    huey.execute(huey.dequeue())  # the last retry fails: kept
    [failed] = task_store.failed_list(huey)
    assert failed.reason == "RuntimeError: translator down"
    assert "(5,)" in failed.arguments
    assert huey.pending_count() == 0

    assert task_store.failed_retry(huey, failed.id)
    task = huey.dequeue()
    assert task.retries == 1  # its task's full number again
    huey.execute(task)
    assert calls == [5, 5, 5]
    assert task_store.failed_list(huey) == []


def test_a_running_task_is_journalled_until_it_ends(queue_file):
    huey = EmbeddedHuey("journal-test", filename=queue_file)
    seen: list[str] = []

    @huey.task()
    def look():
        seen.extend(entry["id"] for entry in task_store.journal_entries(huey))

    handle = look()
    huey.execute(huey.dequeue())
    assert seen == [handle.id]
    assert task_store.journal_entries(huey) == []


def _dead_process_identity():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.2)"])
    identity = processes.process_identity(process.pid)
    process.wait(timeout=10)
    return identity


def test_a_task_cut_off_by_a_stop_runs_again_when_a_consumer_starts(queue_file, caplog):
    huey = EmbeddedHuey("recover-test", filename=queue_file)
    ran: list[str] = []
    work = huey.task(name="work")(ran.append)
    cut_off, running_elsewhere = work.s("cut off"), work.s("still running")
    task_store.journal_put(huey, cut_off)
    task_store.journal_put(huey, running_elsewhere)
    # The first one's process is gone; the second's (this one) still runs it.
    dead = _dead_process_identity()
    record = task_store._decode(huey.storage.peek_data(task_store.JOURNAL_PREFIX + cut_off.id))
    record["owner"] = dead
    huey.storage.put_data(task_store.JOURNAL_PREFIX + cut_off.id, task_store._encode(record))

    with caplog.at_level(logging.WARNING):
        assert task_store.journal_recover(huey) == 1
    assert cut_off.id in caplog.text
    assert task_store.journal_recover(huey) == 0  # taken once
    huey.execute(huey.dequeue())
    assert ran == ["cut off"]
    assert [entry["id"] for entry in task_store.journal_entries(huey)] == [running_elsewhere.id]


def test_every_consumer_worker_recovers_as_it_starts(queue_file, fresh_start):
    huey = EmbeddedHuey("startup-test", filename=queue_file)
    done = threading.Event()
    work = huey.task(name="work")(done.set)
    signature = work.s()
    task_store.journal_put(huey, signature)
    record = task_store._decode(huey.storage.peek_data(task_store.JOURNAL_PREFIX + signature.id))
    record["owner"] = _dead_process_identity()
    huey.storage.put_data(task_store.JOURNAL_PREFIX + signature.id, task_store._encode(record))
    consumer = embedded_consumer_start(huey)
    try:
        assert done.wait(timeout=10)
    finally:
        consumer.stop(graceful=True)


def test_the_tasks_command_lists_retries_and_forgets_failed_tasks(capsys):
    from huey.contrib.djhuey import HUEY

    first = task_store.failed_keep(HUEY, HUEY.serialize_task(_probe.s(1)), reason="Boom: one")
    second = task_store.failed_keep(HUEY, HUEY.serialize_task(_probe.s(2)), reason="Boom: two")
    try:
        call_command("tasks")
        listing = capsys.readouterr().out
        assert "failed: 2" in listing
        assert "Boom: one" in listing
        assert first in listing
        call_command("tasks", "--retry", first)  # immediate mode in tests: runs at once
        assert _probe_ran == [1]
        call_command("tasks", "--forget", second)
        assert task_store.failed_list(HUEY) == []
        with pytest.raises(CommandError, match="no failed task nope"):
            call_command("tasks", "--retry", "nope")
    finally:
        for task in task_store.failed_list(HUEY):
            task_store.failed_forget(HUEY, task.id)


_probe_ran: list[int] = []


def _probe_function(value: int) -> None:
    _probe_ran.append(value)


def _register_probe():
    from huey.contrib.djhuey import HUEY

    return HUEY.task(name="tests_core_probe")(_probe_function)


_probe = _register_probe()


@pytest.mark.parametrize("redis", [False, True], ids=["embedded", "redis"])
def test_every_task_module_is_registered_whenever_django_starts(tmp_path, redis):
    """Each way the queue runs knows every task: web workers (embedded), `run_huey` with
    Redis (a plain Django start, before its own discovery) and, above, immediate mode."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECRET_KEY": "x",
        "DATABASE_URL": "sqlite:///:memory:",
        "TASKS_QUEUE_FILE": str(tmp_path / "tasks.sqlite3"),
        "REDIS_URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14") if redis else "",
    }
    code = (
        "import django; django.setup();"
        "from huey.contrib.djhuey import HUEY;"
        "print(type(HUEY).__name__, *sorted(HUEY._registry._registry))"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    names = out.stdout.split()
    assert names[0] == ("RedisQueueHuey" if redis else "EmbeddedHuey")
    assert "cinemeter.community.tasks.message_translate_task" in names
    # Any app's tasks module, also one added later, is found without being named anywhere.
    for module in ROOT.glob("cinemeter/*/tasks.py"):
        dotted = f"cinemeter.{module.parent.name}.tasks."
        if "@db_task" in module.read_text() or "@task" in module.read_text():
            assert any(name.startswith(dotted) for name in names), dotted
