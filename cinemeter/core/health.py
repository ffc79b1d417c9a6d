"""Readiness: does the database accept writes, and does the task queue run?

`/health/` stays the cheapest answer (the process is up; the benchmark's baseline), and it
answered 200 all through issue 17's read-only database, so a monitor saw nothing.
`/health/ready` answers 200 only when both hold, else 503, with one line per check:

- **database**: a real write that is rolled back (a page version's upsert): SQLite takes its
  write lock and PostgreSQL checks `default_transaction_read_only`, so a read-only or full
  database fails here as the members' writes would. A connection that fails is closed
  (`core.writes.connection_discard`), so the check itself recovers once the cause is gone.
- **queue**: a heartbeat task (`queue_heartbeat`, here so every consumer knows it: the core
  app imports this module when Django starts) stores the time it ran in the queue's own
  storage, which every worker and consumer shares whatever the cache backend. The check asks
  for a new beat when the last is older than `HEALTH_QUEUE_BEAT_SECONDS` and reports the
  queue stalled when the last beat is older than `HEALTH_QUEUE_MAX_AGE_SECONDS`: a consumer
  that runs answers within moments. A queue in immediate mode (the tests) runs tasks inline.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction
from huey.contrib.djhuey import HUEY, task

from cinemeter.core.page_cache import versions_bump_now
from cinemeter.core.writes import connection_discard, is_write_refused

BEAT_KEY = "cinemeter:health:queue-beat"
# The page-version key the write check upserts (and rolls back): no page uses it.
_PROBE_KEY = "health-probe"


class _RollBackError(Exception):
    """Raised to roll the probe write back after it succeeded."""


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@task()  # type: ignore[untyped-decorator]  # huey ships no type information
def queue_heartbeat() -> float:
    """Store the time the queue ran this task; idempotent (the latest beat wins)."""
    now = time.time()
    HUEY.put(BEAT_KEY, now)
    return now


def database_check() -> Check:
    try:
        with transaction.atomic():
            versions_bump_now([_PROBE_KEY])
            raise _RollBackError
    except _RollBackError:
        return Check("database", ok=True, detail="accepts writes")
    except DatabaseError as error:
        connection_discard()
        reason = "read-only" if is_write_refused(error) else "unavailable"
        return Check("database", ok=False, detail=f"{reason}: {str(error).splitlines()[0]}")


def queue_check() -> Check:
    if HUEY.immediate:
        return Check("queue", ok=True, detail="immediate mode: tasks run inline")
    try:
        beat = HUEY.get(BEAT_KEY, peek=True)
    except Exception as error:
        return Check("queue", ok=False, detail=f"storage unavailable: {error}")
    age = None if beat is None else time.time() - float(beat)
    if age is None or age > settings.HEALTH_QUEUE_BEAT_SECONDS:
        queue_heartbeat()  # ask for a new beat; a consumer that runs answers in moments
    if age is None:
        return Check("queue", ok=False, detail="no heartbeat yet (one is queued)")
    if age > settings.HEALTH_QUEUE_MAX_AGE_SECONDS:
        return Check("queue", ok=False, detail=f"stalled: last heartbeat {age:.0f} s ago")
    return Check("queue", ok=True, detail=f"last heartbeat {age:.0f} s ago")


def readiness() -> list[Check]:
    return [database_check(), queue_check()]
