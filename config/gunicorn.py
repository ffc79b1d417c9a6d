"""gunicorn settings for `make run`; the bind address and worker count come from the command."""

import os

wsgi_app = "config.wsgi:application"
worker_class = "sync"
# Sync workers with persistent database connections: SQLite reads never leave the process.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
preload_app = True


def post_worker_init(worker: object) -> None:
    """Without REDIS_URL each worker also runs the translation queue (settings.TASKS_EMBEDDED);
    with it, `make worker` does.
    """
    from django.conf import settings

    if settings.TASKS_EMBEDDED:
        from cinemeter.core.tasks import embedded_consumer_start

        worker.task_consumer = embedded_consumer_start()  # type: ignore[attr-defined]


def worker_exit(server: object, worker: object) -> None:
    """Let a running task finish before the worker goes (a stopped one is retried later)."""
    consumer = getattr(worker, "task_consumer", None)
    if consumer is not None:
        consumer.stop(graceful=True)
