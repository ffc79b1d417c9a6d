"""What the current write transaction will move in the shared rows: page versions, counters.

Two kinds of rows are written by nearly every transaction: the `PageVersion` rows (one per
cache key) and the `SiteCounter` rows. When writers lock them in varying orders, PostgreSQL
answers "deadlock detected" (issue 17: a vote took "counters" in one call and its title keys
in another, while a message took the same keys in one sorted call). So a transaction run by
`core.writes.write_unit` only *gathers* them here, and `write_unit` applies them once, just
before it commits: counters in name order, then every page version in key order. Outside a
write unit, `versions_bump` and `counter_add` still apply at once (management commands,
tests that call them directly).

Kept apart from `core.writes` so that `page_cache` and `counters` can consult it without
importing the module that flushes into them.
"""

from __future__ import annotations

from collections import Counter
from contextvars import ContextVar, Token
from dataclasses import dataclass, field


@dataclass
class WriteSet:
    """The page-version keys and counter deltas one write transaction has gathered."""

    keys: set[str] = field(default_factory=set)
    counters: Counter[str] = field(default_factory=Counter)


# A context variable rather than a global: each thread (a gunicorn worker's, a test's) has
# its own transaction and so its own write set.
_current: ContextVar[WriteSet | None] = ContextVar("cinemeter_write_set", default=None)


def current() -> WriteSet | None:
    """The write set of the write unit running in this thread, or None outside one."""
    return _current.get()


def activate(write_set: WriteSet | None) -> Token[WriteSet | None]:
    return _current.set(write_set)


def deactivate(token: Token[WriteSet | None]) -> None:
    _current.reset(token)
