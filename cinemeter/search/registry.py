"""The sources that feed the index: each app registers what it wants found.

As the panel registry does for pages (`core.panels`), a source is registered in an app's
`AppConfig.ready()`; the indexer (`search.indexer`) asks every source for its documents on a
rebuild and, when an app says rows changed (`core.changes`), for the documents of those rows.
The catalogue cannot import search (it is the lower layer), so search registers the
catalogue's sources itself (`search.sources`); releases and editorial, above search, will
register their editions, albums and articles in their own `ready()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """What a source says about one findable thing; the indexer normalises the names."""

    kind: str  # a search.models.DocumentKind value
    object_id: int
    title: str
    url: str
    names: Sequence[str]  # the display title first, then originals, AKAs, aliases
    year: int | None = None
    detail: str = ""
    image_url: str = ""
    title_id: int | None = None  # the title an id look-up or a character leads to
    person_id: int | None = None  # a character's actor
    vote_count: int = 0
    vote_average: float | None = None
    imdb_votes: int = 0


@dataclass(frozen=True)
class Source:
    """One kind of row an app makes findable."""

    name: str  # "<app>.<what>": "catalog.titles"
    kinds: tuple[str, ...]  # the document kinds it yields
    # (subject, ids) -> the documents of the rows those subject ids name, streamed in id order;
    # (None, None) -> every document, for a rebuild.
    documents: Callable[[str | None, Sequence[int] | None], Iterator[Document]]
    count: Callable[[], int]  # about how many documents a rebuild yields: the progress bar
    # The change subjects (`core.changes`: "title", "person") this source follows, each with the
    # document field holding that subject's id: a change deletes the documents whose field is
    # one of the changed ids, then indexes what `documents(subject, ids)` yields now.
    subjects: Mapping[str, str] = field(default_factory=dict)


_registry: dict[str, Source] = {}


def source_register(source: Source) -> None:
    """Adds a source; registering the same name again replaces it (tests, autoreload)."""
    _registry[source.name] = source


def sources() -> list[Source]:
    return list(_registry.values())
