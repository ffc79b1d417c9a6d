"""Keeps the index current: the catalogue's changes (core.changes) reindex their documents."""

from __future__ import annotations

from collections.abc import Sequence

from cinemeter.core.changes import changes_subscribe


def on_change(subject: str, ids: Sequence[int]) -> None:
    from cinemeter.search.indexer import index_subject

    index_subject(subject, ids)


def changes_listen() -> None:
    changes_subscribe("search", on_change)
