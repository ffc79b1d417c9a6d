"""A slice of the search evaluation set (bench/search_eval.py) on the real samples and the demo.

The catalogue is the demo, the IMDb famous-40 and 2022 movie subset samples, TMDB 5000 and a
third of MovieLens' ratings, loaded through the importers and indexed; the queries are
generated from it as the benchmark generates them. The issue's targets are asserted on the
slice. `make test` runs this once on SQLite and once on PostgreSQL; each run also compares
the index's top results with a full scan (every document ranked, no text index at all), which
does not depend on the database: both backends equal to it give the same top results.
"""

import random
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from cinemeter.search.backends import neighbours, typo_words
from cinemeter.search.models import SearchDocument
from cinemeter.search.normalize import compact
from cinemeter.search.ranking import FUZZY, parse
from cinemeter.search.selectors import _FIELDS, CANDIDATES, KEY_STAGE_FROM, _rank, search
from tests.datasets import SHARED_DATA

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import search_eval  # bench/ is not a package: found through the path above

NEEDED = ["imdb-sample", "tmdb-5000", "movielens-small"]
pytestmark = pytest.mark.skipif(
    not all((SHARED_DATA / name).is_dir() for name in NEEDED),
    reason=f"needs the real samples in {SHARED_DATA} ({', '.join(NEEDED)})",
)
# How many of the slice's queries are also ranked by a full scan.
FULL_SCAN_QUERIES = 40


class FullScan:
    """The candidate stages of `search.selectors` done in Python over every document, with the
    same rules (the words as terms, the last as a prefix; the compact key as a substring;
    every word or its one-edit neighbours; 300 of each, the most popular first) and no text
    index: what any backend's index must find. Queries that reach the trigram stage (bm25 on
    SQLite, word similarity on PostgreSQL) are not compared."""

    def __init__(self):
        self.rows = list(SearchDocument.objects.values(*_FIELDS, "terms", "keys"))
        self.rows.sort(key=lambda row: (-row["popularity"], row["id"]))
        for row in self.rows:
            row["term_set"] = set(row["terms"].split())
        self.terms = set().union(*(row["term_set"] for row in self.rows))

    def _matching(self, groups, prefix_last):
        """Documents holding a term of every group (the last group's first word may be the
        start of a term), the most popular first, at most CANDIDATES."""
        sets = [set(group) for group in groups]
        last = groups[-1][0] if prefix_last else None
        found = []
        for row in self.rows:
            terms = row["term_set"]
            for index, group in enumerate(sets):
                if terms.isdisjoint(group) and not (
                    index == len(sets) - 1
                    and last is not None
                    and any(t.startswith(last) for t in terms)
                ):
                    break
            else:
                found.append(row)
                if len(found) == CANDIDATES:
                    break
        return found

    def top(self, text, count):
        """The first `count` hits, or None when the search would ask the trigram index."""
        query = parse(text)
        word_sets = [query.words] + ([query.text_words] if query.year is not None else [])
        found: dict[int, dict[str, Any]] = {}
        for words in word_sets:
            last_prefix = len(words[-1]) >= 2
            found.update((r["id"], r) for r in self._matching([[w] for w in words], last_prefix))
            key = compact(list(words))
            if len(key) >= KEY_STAGE_FROM:
                keyed = [r for r in self.rows if key in r["keys"]][:CANDIDATES]
                found.update((r["id"], r) for r in keyed)
        ranked = _rank(query, list(found.values()))
        if not ranked or ranked[0][0][1] >= FUZZY:
            for words in word_sets:
                eligible = typo_words(words, self.terms & set(words))
                if eligible:
                    groups = [neighbours(w) if w in eligible else [w] for w in words]
                    matched = self._matching(groups, len(words[-1]) >= 2)
                    found.update((r["id"], r) for r in matched)
            ranked = _rank(query, list(found.values()))
            if not ranked:
                return None
        return [search_eval.ident_of(r["kind"], r["url"], r["title"]) for _, r in ranked[:count]]


def test_the_evaluation_slice_meets_the_targets_and_both_backends_agree():
    search_eval.catalogue_build(search_eval.SLICE_STEPS)
    queries = search_eval.generate(search_eval.SLICE)
    categories = {q.category for q in queries}
    assert len(queries) >= 100, f"only {len(queries)} defensible queries in the slice"
    assert categories >= set(search_eval.SLICE) - {"typo-2"}

    outcomes = search_eval.evaluate(queries)
    scores = search_eval.scores(outcomes)
    misses = [(o.query.category, o.query.text, o.rank, o.top[:1]) for o in outcomes if o.rank != 1]
    vendor = connection.vendor
    for category, target in (("exact", 0.95), ("punctuation", 0.95), ("accent", 0.95)):
        assert scores[category]["success@1"] >= target, (vendor, category, misses)
    assert scores["typo-1"]["success@1"] >= 0.85, (vendor, misses)
    assert scores["all"]["success@10"] >= 0.97, (vendor, misses)

    # The same top results as a full scan of every document, whatever the text index found.
    scan = FullScan()
    compared = 0
    for query in random.Random(5).sample(queries, FULL_SCAN_QUERIES):  # noqa: S311 - a sample
        expected = scan.top(query.text, 3)
        if expected is None:
            continue
        compared += 1
        got = [search_eval.ident_of(h.kind, h.url, h.title) for h in search(query.text).hits[:3]]
        assert got == expected, (vendor, query)
    assert compared >= FULL_SCAN_QUERIES * 3 // 4, f"only {compared} compared"
