"""Write transactions that take shared rows in one order, retry lost races, and recover.

Every service that writes what members do (votes, messages, helpful marks, moderation) and
every catalogue service runs in `write_transaction`:

- **One lock order.** The body gathers its page versions and counter moves in a write set
  (`core.write_set`); `write_unit` applies them last, counters in name order and then every
  page version in key order, in one call each. The body itself takes its own rows first
  (the vote, the message), then members' rows, then titles' rows, each kind in id order:
  docs/architecture.md, "One lock order for every writer".
- **Retried races.** When the database still answers "deadlock detected" (40P01), "could not
  serialize" (40001) or SQLite's "database is locked", the outermost transaction is rolled
  back and run again as a whole, up to `WRITE_ATTEMPTS` times with a short jittered pause,
  before anyone sees an error. A nested call (a service calling a service) never retries on
  its own: after a deadlock PostgreSQL has aborted the whole transaction, not a savepoint.
- **Recovery.** A database that refuses writes (read-only: SQLite's "attempt to write a
  readonly database", PostgreSQL's 25006) leaves a connection that may stay read-only after
  the cause is gone (SQLite keeps the read-only file handle it opened; PostgreSQL keeps the
  session's `default_transaction_read_only`), and Django keeps a connection that still
  answers `SELECT 1`. So such a connection is closed here, and by `core.errors` for writes
  outside the services (sessions, log-ins): the next request opens a fresh one.
"""

from __future__ import annotations

import functools
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from cinemeter.core import write_set
from cinemeter.core.counters import counters_apply
from cinemeter.core.page_cache import COUNTERS, versions_bump_now

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

# SQLSTATEs and messages of a lost race: the same transaction run again normally succeeds.
_RETRY_STATES = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure
_RETRY_TEXT = ("deadlock detected", "could not serialize", "database is locked")
# ...and of a database that refuses writes for now: a retry at once would fail the same way.
_REFUSED_STATES = frozenset({"25006"})  # read_only_sql_transaction
_REFUSED_TEXT = (
    "readonly database",
    "read-only transaction",
    "database or disk is full",
    "unable to open database file",
)

_stats_lock = threading.Lock()
# Process-wide: how many retries ran (the fault suite and the logs report them).
retries_seen = 0


def _sqlstate(error: BaseException) -> str | None:
    # psycopg 3 names it `sqlstate`, psycopg2 `pgcode`; Django keeps the driver's error as
    # the cause of its own.
    for candidate in (error, error.__cause__):
        state = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if state:
            return str(state)
    return None


def _matches(error: BaseException, states: frozenset[str], texts: tuple[str, ...]) -> bool:
    if not isinstance(error, DatabaseError):
        return False
    if _sqlstate(error) in states:
        return True
    message = str(error).lower()
    return any(text in message for text in texts)


def is_retryable(error: BaseException) -> bool:
    """A lost race (deadlock, serialization failure, SQLite's lock): worth running again."""
    return _matches(error, _RETRY_STATES, _RETRY_TEXT)


def is_write_refused(error: BaseException) -> bool:
    """The database refuses writes for now (read-only, full): a 503, not a 500."""
    return _matches(error, _REFUSED_STATES, _REFUSED_TEXT)


def connection_discard() -> None:
    """Close the default connection so the next request opens a fresh one; a no-op inside
    a transaction (the outermost block's rollback comes first)."""
    if not connection.in_atomic_block:
        connection.close()


def _flush(pending: write_set.WriteSet) -> None:
    """Apply the gathered moves in the one global order: counters, then page versions."""
    if any(pending.counters.values()):
        counters_apply(dict(pending.counters))
        pending.keys.add(COUNTERS)  # the pages that show the counters change with them
    versions_bump_now(pending.keys)


@contextmanager
def write_unit() -> Iterator[write_set.WriteSet]:
    """A transaction (or, inside one, a savepoint) whose page versions and counters are
    applied in the global order when the outermost unit ends. No retry: for a body that
    cannot be run twice (an import batch counts what it read)."""
    outer = write_set.current()
    if outer is not None:
        # Part of an enclosing unit: if this part rolls back, so must its counter moves.
        saved = outer.counters.copy()
        try:
            with transaction.atomic():
                yield outer
        except BaseException:
            outer.counters = saved
            raise
        return
    pending = write_set.WriteSet()
    with transaction.atomic():
        token = write_set.activate(pending)
        try:
            yield pending
        finally:
            write_set.deactivate(token)
        _flush(pending)


def _pause(attempt: int) -> None:
    # Full jitter: two writers that collided should not collide again on the same beat.
    base: float = settings.WRITE_RETRY_BACKOFF
    time.sleep(random.uniform(0, base * 2 ** (attempt - 1)))  # noqa: S311 - not for secrets


def write_run(func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run `func` in a write unit; retried as a whole on a lost race when outermost."""
    global retries_seen  # noqa: PLW0603 - a process-wide tally, guarded by its lock
    if connection.in_atomic_block:
        with write_unit():
            return func(*args, **kwargs)
    attempts: int = settings.WRITE_ATTEMPTS
    for attempt in range(1, attempts + 1):
        try:
            with write_unit():
                return func(*args, **kwargs)
        except DatabaseError as error:
            if is_write_refused(error):
                connection_discard()
                raise
            if attempt == attempts or not is_retryable(error):
                raise
            with _stats_lock:
                retries_seen += 1
            logger.warning(
                "write %s retried (attempt %d of %d): %s",
                getattr(func, "__qualname__", func),
                attempt + 1,
                attempts,
                str(error).splitlines()[0] if str(error) else type(error).__name__,
            )
            _pause(attempt)
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def write_transaction(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate a write service: `@write_transaction` in place of `@transaction.atomic`."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        return write_run(func, *args, **kwargs)

    return wrapper
