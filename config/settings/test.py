"""Settings for the test suite: the database comes from DATABASE_URL like everywhere else.

`make test` runs the suite once on SQLite (an in-memory test database) and once on PostgreSQL.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

from .base import *

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The suite never runs collectstatic; WhiteNoise need not look for its output.
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once, in the test's thread and transaction (huey's in-memory immediate mode).
HUEY = {
    "huey_class": "cinemeter.core.tasks.MemoryQueueHuey",
    "name": "cinemeter-test",
    "immediate": True,
}
TASKS_EMBEDDED = False
TRANSLATOR_BACKEND = "none"
TRANSLATOR_BACKOFF = 0.01
# Tests publish due articles themselves (tests/editorial/test_scheduling.py turns it on).
EDITORIAL_DUE_CHECK_SECONDS = None
