"""The site's settings for the write-fault server, plus a way to open SQLite read-only.

The test process runs as root on CI machines, where `chmod` cannot make a file read-only, so
a database "made read-only" is emulated as SQLite itself does it for a file it may not write:
while the file READ_ONLY_FLAG names exists, a connection *opened* then gets
`PRAGMA query_only = ON` and refuses every write ("attempt to write a readonly database"),
and keeps refusing after the flag is gone, as a connection opened on a read-only file does.
A connection opened without the flag writes. So a worker recovers only if it reconnects,
which is what `core.writes` must make it do. PostgreSQL needs nothing of this:
`ALTER DATABASE ... SET default_transaction_read_only` behaves the same way by itself.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.db.backends.signals import connection_created

from config.settings.base import *  # noqa: F403 - the site's settings, unchanged

_FLAG = os.environ.get("READ_ONLY_FLAG", "")


def _open_read_only(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite" and _FLAG and Path(_FLAG).exists():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = ON")


connection_created.connect(_open_read_only, dispatch_uid="faults-read-only")

# The fault tests log in dozens of members: a fast hash, as in the test settings.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
