"""A tiny registry through which a low app says which of its rows changed.

The catalogue's write services call `changed("title", ids)` (or "person") in their
transaction; apps above it (search) subscribe in their `AppConfig.ready()` and bring their own
derived data up to date in the same transaction. The catalogue never imports its listeners,
so the layering holds, and the reaction is an explicit call, not a model signal: bulk writers
and raw SQL paths call `changed` themselves, and only where it matters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

# (subject, ids): subject is "title" or "person"; ids are the changed (or deleted) rows.
Listener = Callable[[str, Sequence[int]], None]

_listeners: dict[str, Listener] = {}


def changes_subscribe(name: str, listener: Listener) -> None:
    """Adds a listener under a name; the same name again replaces it (autoreload, tests)."""
    _listeners[name] = listener


def changed(subject: str, ids: Iterable[int | None]) -> None:
    """Tells every listener that these rows changed; call it inside the writing transaction."""
    unique = sorted({pk for pk in ids if pk is not None})
    if not unique:
        return
    for listener in _listeners.values():
        listener(subject, unique)
