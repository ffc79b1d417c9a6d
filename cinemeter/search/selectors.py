"""Answers a query: candidates from the backend's indexes, ranked in Python (search.ranking)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from cinemeter.catalog.models import ExternalId
from cinemeter.search import backends
from cinemeter.search.models import DocumentKind, SearchDocument
from cinemeter.search.normalize import compact
from cinemeter.search.ranking import FUZZY, ParsedQuery, document_tier, parse

# Candidates each index stage may bring; the results page ranks at most their union.
CANDIDATES = 300
# The compact key is looked for inside documents' keys from this length (shorter: the word
# stage finds them, and a two-letter substring is in half the catalogue).
KEY_STAGE_FROM = 4
# The results page's tabs, in this order; "all" first.
TABS = [
    DocumentKind.FILM,
    DocumentKind.SHOW,
    DocumentKind.EPISODE,
    DocumentKind.PERSON,
    DocumentKind.CHARACTER,
    DocumentKind.EDITION,
    DocumentKind.ALBUM,
    DocumentKind.ARTICLE,
]
_FIELDS = (
    "id", "kind", "object_id", "title", "year", "detail", "url", "image_url", "title_id",
    "popularity", "names",
)  # fmt: skip


# (misses the year, tier, -popularity, -year, title, id): see search.ranking.
SortKey = tuple[bool, int, float, int, str, int]


@dataclass(frozen=True)
class Hit:
    """One ranked result."""

    kind: str
    title: str
    year: int | None
    detail: str
    url: str
    image_url: str
    tier: int
    popularity: float


@dataclass
class Results:
    query: ParsedQuery
    hits: list[Hit] = field(default_factory=list)  # every kind, best first
    counts: dict[str, int] = field(default_factory=dict)  # per kind
    did_you_mean: str = ""  # a better query when every hit is a guess at a typo

    def of_kind(self, kind: str | None) -> list[Hit]:
        return [hit for hit in self.hits if kind is None or hit.kind == kind]


class _Candidates:
    """The documents found so far for a query, fetched once each."""

    def __init__(self) -> None:
        self.rows: dict[int, dict[str, Any]] = {}

    def add(self, ids: list[int]) -> None:
        new = [pk for pk in dict.fromkeys(ids) if pk not in self.rows]
        if new:
            for row in SearchDocument.objects.filter(pk__among=set(new)).values(*_FIELDS):
                self.rows[row["id"]] = row


def _ranked(query: ParsedQuery) -> list[tuple[SortKey, dict[str, Any]]]:
    """Candidates in stages, cheapest first, each later one only when the earlier ones found
    nothing it could rank below:

    1. the words as typed (the last as a prefix), and the compact key inside documents' keys
       (exact, prefix and infix matches across spacing: "spider man" -> "Spiderman");
    2. when none of those matches better than a guess: each word or its one-edit neighbours,
       through the word index (typos);
    3. when still nothing matches: the documents sharing the most trigrams (typos across
       spacing, two edits in a short word, a typo in the word being typed).

    A query that matches as typed therefore shows no guesses at typos below its hits, and
    the trigram index, whose common trigrams are in millions of documents, is asked only
    when nothing else answered.
    """
    word_sets = [query.words]
    if query.year is not None:
        word_sets.append(query.text_words)
    found = _Candidates()
    for word_set in word_sets:
        found.add(backends.word_candidates(word_set, prefix_last=True, limit=CANDIDATES))
        key = compact(list(word_set))
        if len(key) >= KEY_STAGE_FROM:
            found.add(backends.key_candidates(key, limit=CANDIDATES))
    ranked = _rank(query, list(found.rows.values()))
    if ranked and ranked[0][0][1] < FUZZY:
        return ranked
    for word_set in word_sets:
        found.add(backends.fuzzy_word_candidates(word_set, limit=CANDIDATES))
    ranked = _rank(query, list(found.rows.values()))
    if ranked:
        return ranked
    for word_set in word_sets:
        key = "".join(word_set)
        if len(key) >= 3:
            found.add(backends.trigram_candidates(key, limit=CANDIDATES))
    return _rank(query, list(found.rows.values()))


def _rank(query: ParsedQuery, rows: list[dict[str, Any]]) -> list[tuple[SortKey, dict[str, Any]]]:
    ranked: list[tuple[SortKey, dict[str, Any]]] = []
    for row in rows:
        names = str(row["names"])
        year_miss = False
        tier = document_tier(query.words, names, prefix_last=True)
        if tier is None and query.year is not None:
            # "escape 1996": the year is not in the name; match the rest, prefer that year.
            tier = document_tier(query.text_words, names, prefix_last=True)
            year_miss = row["year"] != query.year
        if tier is None:
            continue
        year = row["year"] if isinstance(row["year"], int) else 0
        key = (year_miss, tier, -float(row["popularity"]), -year, str(row["title"]), row["id"])
        ranked.append((key, row))
    ranked.sort(key=lambda item: item[0])
    return ranked


def search(raw: str) -> Results:
    """Every kind's hits for a query as typed, best first."""
    query = parse(raw)
    results = Results(query=query)
    if not query.words:
        return results
    ranked = _ranked(query)
    results.hits = [
        Hit(
            kind=str(row["kind"]),
            title=str(row["title"]),
            year=row["year"],
            detail=str(row["detail"]),
            url=str(row["url"]),
            image_url=str(row["image_url"]),
            tier=key[1],
            popularity=float(row["popularity"]),
        )
        for key, row in ranked
    ]
    results.counts = dict(Counter(hit.kind for hit in results.hits))
    if results.hits and all(hit.tier >= FUZZY for hit in results.hits):
        results.did_you_mean = results.hits[0].title
    return results


def external_target(query: ParsedQuery) -> str | None:
    """The URL of the title or person an IMDb or TMDb id names, when the query is one."""
    if query.external is None:
        return None
    source, value = query.external
    row = (
        ExternalId.objects.filter(source=source, value=value)
        .values_list("title__slug", "person__slug")
        .first()
    )
    if row is None:
        return None
    title_slug, person_slug = row
    if title_slug:
        return reverse("catalog:title", kwargs={"slug": title_slug})
    if person_slug:
        return reverse("catalog:person", kwargs={"slug": person_slug})
    return None
