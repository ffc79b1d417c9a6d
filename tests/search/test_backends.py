"""The same top results on both databases.

`make test` runs this module once on SQLite (FTS5) and once on PostgreSQL (tsvector and
pg_trgm); both runs must give exactly these lists, so both backends agree with each other.
"""

import pytest
from django.db import connection

from cinemeter.search.selectors import search

EXPECTED = {
    "escape": [("film", "Escape"), ("film", "Escape Room"), ("film", "Escape from New York")],
    # A query that matches as typed lists no guesses at typos below its hits (docs/search.md).
    "escape from la": [("film", "Escape from L.A.")],
    "escpae from la": [("film", "Escape from L.A.")],
    "escape fr": [("film", "Escape from New York"), ("film", "Escape from L.A.")],
    "kurt russel": [("person", "Kurt Russell")],
    "snake plissken": [("character", "Snake Plissken"), ("character", "Snake Plissken")],
    "amelie": [("film", "Amélie")],
    "stalker": [("film", "Сталкер")],
    "spider man": [("film", "Spider-Man")],
    "alien": [("film", "Alien"), ("film", "Aliens")],
    "alien 1979": [("film", "Alien"), ("film", "Aliens")],
    "russell": [("person", "Kurt Russell"), ("person", "Ken Russell")],
    "the matrix": [("film", "The Matrix")],
    "flight": [("episode", "Flight")],
    "qwxzv": [],
}


@pytest.mark.parametrize(("query", "expected"), EXPECTED.items())
def test_top_three_are_the_same_on_every_backend(catalogue, query, expected):
    got = [(hit.kind, hit.title) for hit in search(query).hits[:3]]
    assert got == expected, f"{connection.vendor}: {query!r}"


def test_the_backend_uses_its_own_text_index():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        else:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE name IN ('search_terms', 'search_keys')"
            )
        rows = cursor.fetchall()
    assert len(rows) == (1 if connection.vendor == "postgresql" else 2)
