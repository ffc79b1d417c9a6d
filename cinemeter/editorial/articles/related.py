"""Related reading, computed: each published article's best other published articles.

The score of a candidate B for an article A adds, in this order of weight:

1. **What both are about**: for every tag they share, its kind's weight (a film, an edition or
   an album 1.0, a track 0.8, a person 0.6). Two articles about Escape from L.A. and John
   Carpenter score 1.6 before a word of their text is compared.
2. **Their text**: the cosine of their TF-IDF vectors (scikit-learn; headline, standfirst,
   body and tag names), times 0.8.
3. **Recency**: B's publication date on a fixed scale (0 in 2000, 1 forty years on), times
   0.1: a tie goes to the newer article. The scale is fixed, not "days ago", so a score
   stored last month still compares with one computed today.

A candidate needs some likeness (a shared tag or a text cosine of at least
`MIN_LIKENESS`); recency alone never makes an article related. The best `STORED` per article
are kept in `ArticleRelated` (the page shows five, and the callouts take theirs from the
same list first).

All at once (`related_rebuild`): the tag and text matrices of every published article, their
products computed for `CHUNK` articles at a time (sparse × sparse, a dense block of
CHUNK × n scores), the best per row by `argpartition`. Incremental (`related_update`, on a
publication, an edit or a withdrawal): the same computation for only the articles whose list
can change: the changed ones, those that list them, and those for which a changed article now
beats the weakest of their list.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from django.db.models import Count, Min
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from cinemeter.core.page_cache import versions_bump
from cinemeter.core.writes import write_unit
from cinemeter.editorial.articles.models import (
    Article,
    ArticleRelated,
    ArticleStatus,
    ArticleTag,
)
from cinemeter.editorial.page_keys import article_key
from cinemeter.editorial.references import plain_text

logger = logging.getLogger(__name__)

TAG_WEIGHTS = {"title": 1.0, "edition": 1.0, "album": 1.0, "track": 0.8, "person": 0.6}
TEXT_WEIGHT = 0.8
RECENCY_WEIGHT = 0.1
MIN_LIKENESS = 0.05
STORED = 10
CHUNK = 256
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_SPAN_DAYS = 40 * 365.25


@dataclass
class Corpus:
    """Every published article as rows of the two matrices."""

    ids: np.ndarray  # article ids, ascending
    tags: sparse.csr_matrix  # articles × tags, sqrt(weight) where the article has the tag
    text: sparse.csr_matrix  # articles × terms, TF-IDF rows of unit length
    recency: np.ndarray
    tag_names: list[str]

    @property
    def size(self) -> int:
        return len(self.ids)

    def row_of(self, article_ids: Iterable[int]) -> np.ndarray:
        positions = np.searchsorted(self.ids, list(article_ids))
        return np.asarray(positions, dtype=np.int64)


def _recency(published: datetime | None) -> float:
    if published is None:
        return 0.0
    return min(1.0, max(0.0, (published - _EPOCH).total_seconds() / 86400 / _SPAN_DAYS))


def _tag_label(row: Mapping[str, Any]) -> tuple[str, str]:
    kind = str(row["kind"])
    if kind == "title":
        return f"title:{row['title_id']}", str(row["title__title"])
    if kind == "person":
        return f"person:{row['person_id']}", str(row["person__name"])
    if kind == "album":
        return f"album:{row['album_id']}", str(row["album__title"])
    if kind == "track":  # the recording: the same music on every release that carries it
        return f"track:{row['recording_id']}", str(row["recording__title"])
    return f"edition:{row['edition_id']}", f"{row['edition__title__title']}: {row['edition__name']}"


def _text_matrix(texts: Sequence[str]) -> sparse.csr_matrix:
    if not texts:
        return sparse.csr_matrix((0, 0), dtype=np.float32)
    # Words in most articles ("film", a site's house words) say nothing about likeness; with
    # very few articles every word is in most of them, so the cut only applies from ten on.
    vectorizer = TfidfVectorizer(
        stop_words="english",
        sublinear_tf=True,
        max_df=0.5 if len(texts) >= 10 else 1.0,
        dtype=np.float32,
    )
    try:
        return sparse.csr_matrix(vectorizer.fit_transform(texts))
    except ValueError:  # no word left (empty texts): no text likeness at all
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)


def corpus_load() -> Corpus:
    """Three queries: the published articles, their tags with names, nothing else."""
    rows = list(
        Article.objects.filter(status=ArticleStatus.PUBLISHED)
        .order_by("id")
        .values_list("id", "headline", "standfirst", "body", "published_at")
    )
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    texts = [f"{h}\n{s}\n{plain_text(b)}" for _i, h, s, b, _p in rows]
    recency = np.array([_recency(row[4]) for row in rows], dtype=np.float32)
    columns: dict[str, int] = {}
    names: list[str] = []
    data: list[float] = []
    row_index: list[int] = []
    column_index: list[int] = []
    position = {int(pk): n for n, pk in enumerate(ids)}
    tag_rows = (
        ArticleTag.objects.filter(article__status=ArticleStatus.PUBLISHED)
        .order_by("article_id", "order", "id")
        .values(
            "article_id",
            "kind",
            "title_id",
            "title__title",
            "person_id",
            "person__name",
            "edition_id",
            "edition__name",
            "edition__title__title",
            "album_id",
            "album__title",
            "recording_id",
            "recording__title",
        )
    )
    for tag in tag_rows:
        key, name = _tag_label(tag)
        if key not in columns:
            columns[key] = len(names)
            names.append(name)
        row_index.append(position[int(tag["article_id"])])
        column_index.append(columns[key])
        data.append(math.sqrt(TAG_WEIGHTS.get(str(tag["kind"]), 0.5)))
    tags = sparse.csr_matrix(
        (np.array(data, dtype=np.float32), (row_index, column_index)),
        shape=(len(ids), max(1, len(names))),
    )
    text = _text_matrix(texts)
    # Several texts to one article? Never; but an empty corpus still needs a column.
    if text.shape[1] == 0:
        text = sparse.csr_matrix((len(ids), 1), dtype=np.float32)
    return Corpus(ids, tags, text, recency, names)


@dataclass(frozen=True)
class Pick:
    related_id: int
    score: float
    shared: list[str]


def _likeness(corpus: Corpus, rows: np.ndarray) -> np.ndarray:
    """Tag and text likeness of these rows with every article: a dense rows × n block."""
    shared = (corpus.tags[rows] @ corpus.tags.T).toarray()
    alike = (corpus.text[rows] @ corpus.text.T).toarray()
    return np.asarray(shared + TEXT_WEIGHT * alike, dtype=np.float32)


def _shared_names(corpus: Corpus, first: int, second: int) -> list[str]:
    mine = set(corpus.tags.indices[corpus.tags.indptr[first] : corpus.tags.indptr[first + 1]])
    theirs = corpus.tags.indices[corpus.tags.indptr[second] : corpus.tags.indptr[second + 1]]
    return [corpus.tag_names[c] for c in theirs if c in mine]


def picks_for(corpus: Corpus, rows: np.ndarray) -> dict[int, list[Pick]]:
    """The best `STORED` related articles of the articles at these rows, best first."""
    result: dict[int, list[Pick]] = {}
    for start in range(0, len(rows), CHUNK):
        block_rows = rows[start : start + CHUNK]
        likeness = _likeness(corpus, block_rows)
        scores = likeness + RECENCY_WEIGHT * corpus.recency[None, :]
        scores[likeness < MIN_LIKENESS] = -np.inf
        scores[np.arange(len(block_rows)), block_rows] = -np.inf  # never itself
        keep = min(STORED, corpus.size - 1)
        for n, row in enumerate(block_rows):
            line = scores[n]
            if keep <= 0:
                best: np.ndarray = np.array([], dtype=np.int64)
            else:
                best = np.argpartition(-line, keep - 1)[:keep]
            # Best first; equal scores by the newer article (larger id), so runs agree.
            ordered = sorted(
                (int(c) for c in best if np.isfinite(line[c])),
                key=lambda c: (-float(line[c]), -int(corpus.ids[c])),
            )
            result[int(corpus.ids[row])] = [
                Pick(int(corpus.ids[c]), float(line[c]), _shared_names(corpus, int(row), c))
                for c in ordered
            ]
    return result


def _store(picks: dict[int, list[Pick]]) -> int:
    """Replace the lists of these articles; bump the pages whose list changed. Returns how
    many lists changed."""
    stored: dict[int, list[int]] = {}
    for article_id, related_id in (
        ArticleRelated.objects.filter(article_id__in=list(picks))
        .order_by("article_id", "rank")
        .values_list("article_id", "related_id")
    ):
        stored.setdefault(article_id, []).append(related_id)
    changed = [
        pk for pk, chosen in picks.items() if stored.get(pk, []) != [p.related_id for p in chosen]
    ]
    with write_unit():
        ArticleRelated.objects.filter(article_id__in=changed).delete()
        ArticleRelated.objects.bulk_create(
            (
                ArticleRelated(
                    article_id=pk, related_id=p.related_id, rank=n, score=p.score, shared=p.shared
                )
                for pk in changed
                for n, p in enumerate(picks[pk], start=1)
            ),
            batch_size=2000,
        )
        slugs = Article.objects.filter(pk__in=changed).values_list("slug", flat=True)
        versions_bump(article_key(slug) for slug in slugs)
    return len(changed)


def related_rebuild(progress: bool = False) -> tuple[int, int]:
    """Every published article's list, from scratch. Returns (articles, lists changed)."""
    corpus = corpus_load()
    ArticleRelated.objects.exclude(article__status=ArticleStatus.PUBLISHED).delete()
    ArticleRelated.objects.exclude(related__status=ArticleStatus.PUBLISHED).delete()
    picks = picks_for(corpus, np.arange(corpus.size, dtype=np.int64))
    if progress:
        logger.info("related: %d articles scored", corpus.size)
    return corpus.size, _store(picks)


def related_update(article_ids: Sequence[int]) -> int:
    """Bring the lists up to date after these articles were published, edited or withdrawn:
    only the lists that can change are computed again. Returns how many lists changed."""
    listed_by = set(
        ArticleRelated.objects.filter(related_id__in=article_ids).values_list(
            "article_id", flat=True
        )
    )
    # A withdrawn article leaves every list and has none of its own.
    gone = set(
        Article.objects.filter(pk__in=article_ids)
        .exclude(status=ArticleStatus.PUBLISHED)
        .values_list("pk", flat=True)
    )
    if gone:
        with write_unit():
            ArticleRelated.objects.filter(article_id__in=gone).delete()
            ArticleRelated.objects.filter(related_id__in=gone).delete()
    corpus = corpus_load()
    present = [pk for pk in article_ids if pk not in gone and pk in set(corpus.ids.tolist())]
    affected = set(listed_by) - gone
    if present:
        rows = corpus.row_of(present)
        likeness = _likeness(corpus, rows)  # symmetric: A's likeness to B is B's to A
        weakest = {
            row["article_id"]: (row["n"], row["low"])
            for row in ArticleRelated.objects.values("article_id").annotate(
                n=Count("id"), low=Min("score")
            )
        }
        for n, row in enumerate(rows):
            bonus = RECENCY_WEIGHT * float(corpus.recency[row])
            for column in np.flatnonzero(likeness[n] >= MIN_LIKENESS):
                other = int(corpus.ids[column])
                count, low = weakest.get(other, (0, -math.inf))
                if count < STORED or float(likeness[n][column]) + bonus > low:
                    affected.add(other)
        affected.update(present)
    known = set(corpus.ids.tolist())
    rows_to_compute = corpus.row_of(sorted(pk for pk in affected if pk in known))
    changed = _store(picks_for(corpus, rows_to_compute)) if len(rows_to_compute) else 0
    if gone:
        slugs = Article.objects.filter(pk__in=listed_by).values_list("slug", flat=True)
        with write_unit():
            versions_bump(article_key(slug) for slug in slugs)
    return changed
