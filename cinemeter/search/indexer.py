"""Writes the index: normalises what the sources yield and stores it, in bulk or per change."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from cinemeter.core.bulk_sql import Table
from cinemeter.search import backends
from cinemeter.search.models import SearchDocument
from cinemeter.search.normalize import normalize_name
from cinemeter.search.ranking import popularity
from cinemeter.search.registry import Document, sources

BATCH = 2000
# The repair puts the index back in popularity order when it added at least one document in
# this many (see index_repair): not for a day's import into a large index, which would pay a
# rewrite of the whole index for a few hundred documents.
REORDER_FROM_SHARE = 10
_KEY = ("pk", "kind", "object_id")
Key = tuple[str, int]


# The columns a document fills, in the order `document_values` gives them.
COLUMNS = (
    "kind", "object_id", "title", "year", "detail", "url", "image_url", "title_id",
    "person_id", "vote_count", "vote_average", "imdb_votes", "popularity", "names", "terms",
    "keys",
)  # fmt: skip


def document_values(document: Document) -> tuple[Any, ...] | None:
    """The index row of a source's document in `COLUMNS` order, its names normalised and its
    popularity computed; None when no name is left to find it by."""
    names: list[str] = []
    terms: dict[str, None] = {}
    keys: dict[str, None] = {}
    for raw in document.names:
        if not raw:
            continue
        name = normalize_name(raw)
        line = " ".join(name.words)
        if not line or line in names:
            continue
        names.append(line)
        terms.update(dict.fromkeys(name.terms))
        keys[name.key] = None
    if not names:
        return None
    return (
        document.kind,
        document.object_id,
        document.title[:300],
        document.year,
        document.detail[:300],
        document.url,
        document.image_url[:500],
        document.title_id,
        document.person_id,
        document.vote_count,
        document.vote_average,
        document.imdb_votes,
        popularity(document.vote_count, document.vote_average, document.imdb_votes),
        "\n".join(names),
        " ".join(terms),
        " ".join(keys),
    )


def document_row(document: Document) -> SearchDocument:
    """The index row of a source's document as a model instance (names empty when none)."""
    values = document_values(document)
    if values is None:
        return SearchDocument(kind=document.kind, object_id=document.object_id, names="")
    return SearchDocument(**dict(zip(COLUMNS, values, strict=True)))


def _batches(documents: Iterable[Document]) -> Iterator[list[SearchDocument]]:
    iterator = iter(documents)
    while batch := list(islice(iterator, BATCH)):
        yield [row for row in map(document_row, batch) if row.names]


def _value_batches(documents: Iterable[Document]) -> Iterator[list[tuple[Any, ...]]]:
    iterator = iter(documents)
    while batch := list(islice(iterator, BATCH)):
        yield [values for values in map(document_values, batch) if values is not None]


def _delete_keeping_ids(documents: QuerySet[SearchDocument], ids: dict[Key, int]) -> None:
    """Deletes these documents, remembering each one's id in `ids` for its replacement."""
    ids.update(((kind, object_id), pk) for pk, kind, object_id in documents.values_list(*_KEY))
    documents.delete()


def _create_in_place(rows: list[SearchDocument], ids: dict[Key, int]) -> None:
    """Writes the rows, each replacing a document under that document's id: on SQLite the id
    is the document's place in the popularity order of the index (backends.POPULAR_FIRST),
    kept by an edit or new votes; a new document's id comes after every other."""
    for row in rows:
        row.pk = ids.get((row.kind, row.object_id))
    SearchDocument.objects.bulk_create(rows)


@transaction.atomic
def index_subject(subject: str, ids: Sequence[int]) -> None:
    """Reindexes the documents of these changed (or deleted) rows, in the caller's transaction."""
    replaced: dict[Key, int] = {}
    for source in sources():
        field = source.subjects.get(subject)
        if field is None:
            continue
        _delete_keeping_ids(
            SearchDocument.objects.filter(kind__in=source.kinds, **{f"{field}__in": ids}),
            replaced,
        )
        for batch in _batches(source.documents(subject, ids)):
            # A character whose title and actor both changed comes through both subjects.
            _delete_keeping_ids(
                SearchDocument.objects.filter(
                    kind__in=source.kinds, object_id__in=[row.object_id for row in batch]
                ),
                replaced,
            )
            _create_in_place(batch, replaced)


def index_rebuild(progress: Callable[[str, int, int], None] | None = None) -> int:
    """Empties and refills the whole index in one transaction; returns the documents written.

    Readers keep the old index until the commit (WAL on SQLite, MVCC on PostgreSQL). On
    SQLite the documents are numbered in popularity order at the end (backends.POPULAR_FIRST).
    `progress(source name, done, about how many)` is called after every batch.
    """
    written = 0
    with transaction.atomic():
        backends.rebuild_begin()
        table = Table(SearchDocument, COLUMNS)
        for source in sources():
            total = source.count()
            done = 0
            # Plain tuples through one prepared INSERT per batch: bulk_create's model
            # instances and statement compiling cost more than the database's own work.
            for batch in _value_batches(source.documents(None, None)):
                table.insert(batch)
                done += len(batch)
                if progress:
                    progress(source.name, done, total)
            written += done
        backends.rebuild_end()
    return written


def index_drift(progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """Compares the index with what the sources yield now, without writing: how many
    documents are missing, stale (different) or extra (gone from the sources)."""
    fields = ("title", "year", "detail", "url", "image_url", "names", "terms", "keys")
    drift = {"missing": 0, "stale": 0, "extra": 0}
    seen = 0
    for source in sources():
        total = source.count()
        done = 0
        for batch in _batches(source.documents(None, None)):
            stored = {
                (row["kind"], row["object_id"]): row
                for row in SearchDocument.objects.filter(
                    kind__in=source.kinds, object_id__in=[r.object_id for r in batch]
                ).values("kind", "object_id", "vote_count", "imdb_votes", *fields)
            }
            for row in batch:
                old = stored.get((row.kind, row.object_id))
                if old is None:
                    drift["missing"] += 1
                elif any(old[f] != getattr(row, f) for f in (*fields, "vote_count", "imdb_votes")):
                    drift["stale"] += 1
            seen += len(batch) - sum(1 for r in batch if (r.kind, r.object_id) not in stored)
            done += len(batch)
            if progress:
                progress(source.name, done, total)
    drift["extra"] = SearchDocument.objects.count() - seen
    return drift


def index_repair(progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """Brings the index up to what the sources yield now, writing only the difference:
    missing documents added, stale ones replaced, extra ones deleted. What a bulk writer
    (an importer) runs after its batches, instead of a full rebuild: the unchanged majority
    of the index is only read. Returns the counts it fixed, as `index_drift` reports them."""
    fields = ("title", "year", "detail", "url", "image_url", "names", "terms", "keys")
    fixed = {"missing": 0, "stale": 0, "extra": 0}
    seen: dict[str, set[int]] = {}
    for source in sources():
        total = source.count()
        done = 0
        for batch in _batches(source.documents(None, None)):
            with transaction.atomic():
                stored = {
                    (row["kind"], row["object_id"]): row
                    for row in SearchDocument.objects.filter(
                        kind__in=source.kinds, object_id__in=[r.object_id for r in batch]
                    ).values("kind", "object_id", "vote_count", "imdb_votes", *fields)
                }
                writes = []
                replaced: dict[Key, int] = {}
                for row in batch:
                    seen.setdefault(row.kind, set()).add(row.object_id)
                    old = stored.get((row.kind, row.object_id))
                    if old is None:
                        fixed["missing"] += 1
                        writes.append(row)
                    elif any(
                        old[f] != getattr(row, f) for f in (*fields, "vote_count", "imdb_votes")
                    ):
                        fixed["stale"] += 1
                        writes.append(row)
                if writes:
                    for kind in {row.kind for row in writes}:
                        _delete_keeping_ids(
                            SearchDocument.objects.filter(
                                kind=kind,
                                object_id__in=[r.object_id for r in writes if r.kind == kind],
                            ),
                            replaced,
                        )
                    _create_in_place(writes, replaced)
            done += len(batch)
            if progress:
                progress(source.name, done, total)
    # Documents no source yields any more, read in id order a chunk at a time.
    last = 0
    while True:
        chunk = list(
            SearchDocument.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "kind", "object_id")[:BATCH]
        )
        if not chunk:
            break
        last = chunk[-1][0]
        gone = [pk for pk, kind, object_id in chunk if object_id not in seen.get(kind, ())]
        if gone:
            SearchDocument.objects.filter(pk__in=gone).delete()
            fixed["extra"] += len(gone)
    if fixed["missing"] * REORDER_FROM_SHARE >= SearchDocument.objects.count() > 0:
        # Mostly new documents (a first import): their ids are in the sources' order, not by
        # popularity, and SQLite's candidate cut takes the first ids (backends.POPULAR_FIRST).
        with transaction.atomic():
            backends.order_by_popularity()
    return fixed
