"""gunicorn settings for `make run`; the bind address and worker count come from the command.

Signals keep gunicorn's meaning with the embedded task queue (its consumer runs as threads and
installs no handlers): TERM stops accepting at once, finishes the requests and the running
task within `graceful_timeout` and exits; HUP replaces the workers; INT stops at once.
"""

import os

wsgi_app = "config.wsgi:application"
worker_class = "sync"
# Sync workers with persistent database connections: SQLite reads never leave the process.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "10"))
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

        # The task gets the grace less the time the worker needs to finish a request and go;
        # one that runs longer is journalled and runs again after the restart.
        worker.task_consumer = embedded_consumer_start(  # type: ignore[attr-defined]
            shutdown_timeout=max(graceful_timeout - 2, 1)
        )


def worker_exit(server: object, worker: object) -> None:
    """Let a running task finish before the worker goes."""
    consumer = getattr(worker, "task_consumer", None)
    if consumer is not None:
        consumer.stop(graceful=True)
