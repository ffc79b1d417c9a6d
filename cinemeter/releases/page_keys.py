"""The page-version keys of the releases app's pages (`cinemeter.core.page_cache`), and the
way its writers bump them: once per transaction, sorted.

- `title-editions:<slug>`: everything this app shows about one title's editions (the title
  page's editions panel, the editions list, each edition's page, the compare view). An
  edition's NEW marks depend on every other edition of its title, so one key per title.
- `releases`: the new & upcoming releases page and its feed (editions of every title).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from cinemeter.core.page_cache import versions_bump

RELEASES_KEY = "releases"

# The keys gathered by an open `pages_bumped_together`, or None outside one.
_pending: ContextVar[set[str] | None] = ContextVar("releases_pending_keys", default=None)


def title_editions_key(slug: str) -> str:
    """Every page and panel showing one title's editions."""
    return f"title-editions:{slug}"


def edition_keys(title_slugs: Iterable[str]) -> list[str]:
    """What an edition write changes: its title's (or titles', when it moved) editions, and
    the new & upcoming releases."""
    return [*(title_editions_key(slug) for slug in title_slugs), RELEASES_KEY]


def pages_bump(keys: Iterable[str]) -> None:
    """Bump now, or at the end of the open `pages_bumped_together`."""
    pending = _pending.get()
    if pending is None:
        versions_bump(keys)
    else:
        pending.update(keys)


@contextmanager
def pages_bumped_together() -> Iterator[None]:
    """Several writes, one sorted bump at the end: use inside the writers' transaction (the
    admin's save of an edition with its thirty features is one bump, not thirty-one)."""
    if _pending.get() is not None:  # already gathering: the outer block bumps
        yield
        return
    token = _pending.set(set())
    try:
        yield
        keys = _pending.get() or set()
    finally:
        _pending.reset(token)
    versions_bump(keys)
