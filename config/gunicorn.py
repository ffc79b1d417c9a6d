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
