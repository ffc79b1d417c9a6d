"""Whatever is typed, the page and the suggestions answer normally (both databases)."""

import pytest
from django.urls import reverse

from cinemeter.search.selectors import search

BAD_QUERIES = [
    "",
    " ",
    "a" * 2000,
    "escape " * 300,
    "!!!???...",
    '"',
    '"escape',
    "*",
    "escape*",
    "NEAR(escape from)",
    "NEAR(",
    "escape OR from",
    "OR",
    "AND NOT",
    "-escape",
    "--",
    "escape -from",
    "'; DROP TABLE search_document; --",
    "^escape",
    "escape:title",
    "{}[]()",
    "😀",
    "🎬🍿 escape",
    "שלום עולם",
    "مرحبا",
    "\u202eescape",
    "escape\x00from",
    "\x00",
    "%",
    "_",
    "\\",
    "tt",
    "tmdb:",
    "tmdb:abc",
    "1996",
    "e",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_results_page_never_fails(client, catalogue, query):
    response = client.get(reverse("search:results"), {"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_suggest_never_fails(client, catalogue, query):
    response = client.get(reverse("search:suggest"), {"q": query})
    assert response.status_code == 200
    assert isinstance(response.json()["suggestions"], list)


def test_fts_syntax_is_searched_as_words(catalogue):
    # The operators are plain words: "escape OR from" needs a name with all three words.
    assert search("escape OR from").hits == [] or all(
        "or" in hit.title.lower() for hit in search("escape OR from").hits
    )
    assert search("escape*").hits[0].title == "Escape"
    assert search("NEAR(escape from)").hits == []


def test_sql_in_a_query_changes_nothing(catalogue):
    search("'; DROP TABLE search_document; --")
    assert search("escape from la").hits[0].title == "Escape from L.A."
