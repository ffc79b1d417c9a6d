"""The site counters: maintained in O(1) by writers, recomputed from scratch on demand.

Each counter has a name and a function that computes its true value from the rows it counts.
Apps register their counters in `AppConfig.ready()` (catalog: movies, shows, seasons, actors;
community: votes), so this low-level module never imports the apps above it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections, router, transaction
from django.utils import timezone

from cinemeter.core import write_set
from cinemeter.core.models import SiteCounter
from cinemeter.core.page_cache import COUNTERS, versions_bump, versions_bump_now

_computers: dict[str, Callable[[], int]] = {}
_order: list[str] = []


def counter_register(name: str, compute: Callable[[], int]) -> None:
    """Declare a counter and how to compute its exact value from the database."""
    if name not in _computers:
        _order.append(name)
    _computers[name] = compute


def counter_add(name: str, delta: int) -> None:
    """Move a counter by `delta` atomically; call inside the writer's transaction.

    Inside a write unit (`core.writes`) the delta is only gathered: the unit applies every
    counter of the transaction in name order just before it commits, then the page versions
    ("counters" with them). Outside one it is applied at once.
    """
    if delta == 0:
        return
    if name not in _computers:
        raise KeyError(f"unknown site counter {name!r}")
    pending = write_set.current()
    if pending is not None:
        pending.counters[name] += delta
        return
    counters_apply({name: delta})
    versions_bump_now([COUNTERS])  # pages that show the counters (home) change with them


def counters_apply(deltas: dict[str, int]) -> None:
    """Move these counters, in name order (the order every writer uses); no version bump.

    One plain upsert per counter: every vote moves the "votes" counter, and the ORM's
    compiling of an UPDATE (plus a get_or_create for a counter not yet stored) cost more than
    running it.
    """
    rows = sorted((name, delta) for name, delta in deltas.items() if delta)
    if not rows:
        return
    connection = connections[router.db_for_write(SiteCounter)]
    table = connection.ops.quote_name(SiteCounter._meta.db_table)
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    # The row offered for insertion is checked against `value >= 0` before the conflict is
    # found, so it carries only what is added; an existing row gets the whole change.
    # Only the quoted table name is formatted in; the values travel as parameters.
    sql = (
        f"INSERT INTO {table} (name, value, updated_at) VALUES (%s, %s, %s)"  # noqa: S608
        f" ON CONFLICT (name) DO UPDATE SET value = {table}.value + %s,"
        " updated_at = excluded.updated_at"
    )
    with connection.cursor() as cursor:
        for name, delta in rows:
            cursor.execute(sql, [name, max(delta, 0), stamp, delta])


def counters_read() -> dict[str, int]:
    """All counters by name in one small query; a counter not yet stored reads as 0.

    Plain SQL: the home page's cache key reads the counters on every visit.
    """
    connection = connections[router.db_for_read(SiteCounter)]
    table = connection.ops.quote_name(SiteCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, value FROM {table}")  # noqa: S608 - a table name only
        stored = dict(cursor.fetchall())
    return {name: stored.get(name, 0) for name in _order}


@dataclass(frozen=True)
class Drift:
    name: str
    stored: int
    actual: int


@transaction.atomic
def counters_recount(*, fix: bool = True) -> list[Drift]:
    """Compute every counter from scratch; return the ones that had drifted (and fix them)."""
    drifts = []
    stored = dict(SiteCounter.objects.values_list("name", "value"))
    for name in _order:
        actual = _computers[name]()
        before = stored.get(name, 0)
        if actual != before:
            drifts.append(Drift(name=name, stored=before, actual=actual))
        if fix and (actual != before or name not in stored):
            SiteCounter.objects.update_or_create(name=name, defaults={"value": actual})
    if fix and drifts:
        versions_bump([COUNTERS])
    return drifts
