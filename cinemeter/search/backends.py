"""The two databases' text indexes over `search_document`, chosen per connection vendor.

Both answer the same two questions with document ids, and ranking happens afterwards in
Python on the documents' names (`search.ranking`), so both databases give the same order:

- `word_candidates`: documents holding every query word, the last one possibly as a prefix
  (SQLite: FTS5, `unicode61 remove_diacritics 2`; PostgreSQL: a `simple` tsvector, GIN).
- `trigram_candidates`: documents whose compact keys share the most trigrams with the query's
  key, for typos, infixes and spacing (SQLite: FTS5 `trigram` tokenizer; PostgreSQL:
  `pg_trgm`'s word similarity, GIN). Within each, the most popular documents come first.

The text is normalised in Python before it reaches either (search.normalize): the indexes only
ever see lower-case ASCII words, so neither needs `unaccent` and both agree on what a word is.
Every term is quoted or passed as a parameter: query syntax typed by a visitor is just text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.backends.utils import CursorWrapper

# A query's key is cut to this many trigrams: enough to find a long title, bounded work.
MAX_TRIGRAMS = 40
# Keys up to this long also bring the trigrams of each of their one-letter deletions: a
# short word with a swapped pair ("alein") shares no trigram with the word meant ("alien"),
# but its deletion "alin" does.
DELETION_VARIANTS_UP_TO = 8
# How similar (pg_trgm word similarity) a key must be to be a candidate at all.
PG_WORD_SIMILARITY = 0.3
SQLITE_TRIGRAM_VERSION = (3, 34, 0)
# SQLite's cut of a stage's candidates: the documents' ids are in popularity order (the
# rebuild numbers them so, `order_by_popularity`), and FTS5 walks a term's postings in rowid
# order, so the first `limit` matches are the most popular and FTS5 reads no further. Sorting
# by the popularity column instead read every match first: thousands for a common word at
# MovieMeter's scale. Documents added since the rebuild come last in this cut (their ids are
# new); the ranking of the candidates reads the live popularity.
POPULAR_FIRST = "SELECT rowid FROM {table} WHERE {table} MATCH %s ORDER BY rowid LIMIT %s"


def sqlite_version_check() -> None:
    """FTS5's trigram tokenizer came with SQLite 3.34: say so plainly on an older one."""
    if sqlite3.sqlite_version_info < SQLITE_TRIGRAM_VERSION:
        raise ImproperlyConfigured(
            f"Search needs SQLite 3.34 or newer for its trigram index; this Python has "
            f"SQLite {sqlite3.sqlite_version}. Upgrade Python/SQLite, or use PostgreSQL."
        )


def _trigrams(key: str) -> list[str]:
    variants = [key]
    if len(key) <= DELETION_VARIANTS_UP_TO:
        variants += [key[:i] + key[i + 1 :] for i in range(len(key))]
    grams = dict.fromkeys(v[i : i + 3] for v in variants for i in range(len(v) - 2))
    return list(grams)[:MAX_TRIGRAMS]


def word_candidates(terms: Sequence[str], *, prefix_last: bool, limit: int) -> list[int]:
    if not terms:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            parts = [f"'{t}'" for t in terms]  # terms are [a-z0-9]+: nothing to escape
            if prefix_last and len(terms[-1]) >= 2:
                parts[-1] += ":*"
            cursor.execute(
                "SELECT id FROM search_document WHERE tsv @@ to_tsquery('simple', %s) "
                "ORDER BY popularity DESC, id LIMIT %s",
                [" & ".join(parts), limit],
            )
        else:
            parts = [f'"{t}"' for t in terms]
            if prefix_last and len(terms[-1]) >= 2:
                parts[-1] += "*"
            cursor.execute(POPULAR_FIRST.format(table="search_terms"), [" ".join(parts), limit])
        return [row[0] for row in cursor.fetchall()]


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# A word of this many letters or more also brings its one-edit neighbours (see fuzzy_words).
NEIGHBOURS_FROM = 4
# At most this many words of a query bring neighbours (the longest): bounded work per query.
NEIGHBOUR_WORDS = 3
# Nor does a word longer than this (no name has one; its ~50 x length neighbours would not fit
# in a PostgreSQL tsquery): the trigram stage is there for it.
NEIGHBOURS_UP_TO = 20


def neighbours(word: str) -> list[str]:
    """Every string one edit away from `word` (a letter dropped, inserted or replaced, two
    neighbours swapped), the word itself first: what a one-typo word may have meant."""
    found = dict.fromkeys([word])
    for i in range(len(word)):
        found[word[:i] + word[i + 1 :]] = None
        if i + 1 < len(word):
            found[word[:i] + word[i + 1] + word[i] + word[i + 2 :]] = None
        for letter in _LETTERS:
            found[word[:i] + letter + word[i + 1 :]] = None
    for i in range(len(word) + 1):
        for letter in _LETTERS:
            found[word[:i] + letter + word[i:]] = None
    return [w for w in found if w]


def typo_words(terms: Sequence[str], known: set[str]) -> list[str]:
    """The words that bring their neighbours: those of `NEIGHBOURS_FROM` to `NEIGHBOURS_UP_TO`
    letters that no document holds (the longest `NEIGHBOUR_WORDS`), else the longest one (a
    typo that spells another word: "eats west"). Expanding a known word would mostly add its
    namesakes, and the look-ups of its neighbours' postings."""
    long = sorted(
        (t for t in terms if NEIGHBOURS_FROM <= len(t) <= NEIGHBOURS_UP_TO), key=len, reverse=True
    )
    unknown = [t for t in long if t not in known]
    return unknown[:NEIGHBOUR_WORDS] if unknown else long[:1]


def known_terms(terms: Sequence[str]) -> set[str]:
    """The words some document holds as typed (one index look-up each)."""
    known = set()
    with connection.cursor() as cursor:
        for term in dict.fromkeys(terms):
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT 1 FROM search_document WHERE tsv @@ to_tsquery('simple', %s) LIMIT 1",
                    [f"'{term}'"],
                )
            else:
                cursor.execute(
                    "SELECT rowid FROM search_terms WHERE search_terms MATCH %s LIMIT 1",
                    [f'"{term}"'],
                )
            if cursor.fetchone():
                known.add(term)
    return known


def fuzzy_word_candidates(terms: Sequence[str], *, limit: int) -> list[int]:
    """Documents holding, for every query word, the word or one of its one-edit neighbours
    (the words `typo_words` picks; the others as typed, the last also as a prefix): a typo
    found through the word index, whose look-ups are exact terms, instead of the trigram
    index, whose common trigrams match millions of documents."""
    eligible = typo_words(terms, known_terms(terms))
    if not eligible:
        return []
    groups = [neighbours(t) if t in eligible else [t] for t in terms]
    postgres = connection.vendor == "postgresql"
    if postgres:
        # GIN evaluates a few hundred OR-ed lexemes slowly (2-3 s on 150,000 documents);
        # most neighbours are no word at all: the few that are are found first, in one query
        # of a few milliseconds.
        groups = [
            _lexemes(group) if t in eligible else group
            for t, group in zip(terms, groups, strict=True)
        ]
        if not all(groups):
            return []
    parts = []
    for index, group in enumerate(groups):
        prefix = index == len(groups) - 1 and len(terms[-1]) >= 2
        if postgres:
            quoted = [f"'{w}'" for w in group]
            quoted[0] += ":*" if prefix else ""
            parts.append("(" + " | ".join(quoted) + ")")
        else:
            quoted = [f'"{w}"' for w in group]
            quoted[0] += "*" if prefix else ""
            parts.append("(" + " OR ".join(quoted) + ")")
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute(
                "SELECT id FROM search_document WHERE tsv @@ to_tsquery('simple', %s) "
                "ORDER BY popularity DESC, id LIMIT %s",
                [" & ".join(parts), limit],
            )
        else:
            cursor.execute(POPULAR_FIRST.format(table="search_terms"), [" AND ".join(parts), limit])
        return [row[0] for row in cursor.fetchall()]


def _lexemes(words: list[str]) -> list[str]:
    """The words some document holds (PostgreSQL), in the order given; the first, the word as
    typed, is kept for the prefix match of the last word."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w FROM unnest(%s::text[]) WITH ORDINALITY AS u(w, n) WHERE EXISTS "
            "(SELECT 1 FROM search_document WHERE tsv @@ w::tsquery) ORDER BY n",
            [words[1:]],
        )
        return [words[0], *(row[0] for row in cursor.fetchall())]


def key_candidates(key: str, *, limit: int) -> list[int]:
    """Documents with the query's compact key inside one of theirs: exact, prefix and infix
    matches across spacing ("spider man" -> "Spiderman"), the most popular first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT id FROM search_document WHERE keys LIKE %s "
                "ORDER BY popularity DESC, id LIMIT %s",
                [f"%{key}%", limit],
            )
        else:
            # A phrase of the trigram tokenizer is a substring: its trigrams, adjacent.
            cursor.execute(POPULAR_FIRST.format(table="search_keys"), [f'"{key}"', limit])
        return [row[0] for row in cursor.fetchall()]


def trigram_candidates(key: str, *, limit: int) -> list[int]:
    grams = _trigrams(key)
    if not grams:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(PG_WORD_SIMILARITY)],
            )
            cursor.execute(
                "SELECT id FROM search_document WHERE %s <%% keys "
                "ORDER BY word_similarity(%s, keys) DESC, popularity DESC, id LIMIT %s",
                [key, key, limit],
            )
        else:
            # bm25 ranks the documents sharing the most (and the rarest) trigrams first; it
            # needs every match, but ties go by id, the popularity order (POPULAR_FIRST),
            # without reading each match's document.
            cursor.execute(
                "SELECT rowid FROM search_keys WHERE search_keys MATCH %s "
                "ORDER BY rank, rowid LIMIT %s",
                [" OR ".join(f'"{g}"' for g in grams), limit],
            )
        return [row[0] for row in cursor.fetchall()]


# --- Schema: the migration and the rebuild --------------------------------------------------

SQLITE_TABLES = [
    # External-content tables: the text lives once, in search_document; triggers keep them.
    "CREATE VIRTUAL TABLE search_terms USING fts5(terms, content='search_document', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE search_keys USING fts5(keys, content='search_document', "
    "content_rowid='id', tokenize='trigram')",
]
SQLITE_TRIGGERS = [
    "CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN "
    "INSERT INTO search_terms(rowid, terms) VALUES (new.id, new.terms); "
    "INSERT INTO search_keys(rowid, keys) VALUES (new.id, new.keys); END",
    "CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN "
    "INSERT INTO search_terms(search_terms, rowid, terms) VALUES ('delete', old.id, old.terms); "
    "INSERT INTO search_keys(search_keys, rowid, keys) VALUES ('delete', old.id, old.keys); END",
    "CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN "
    "INSERT INTO search_terms(search_terms, rowid, terms) VALUES ('delete', old.id, old.terms); "
    "INSERT INTO search_keys(search_keys, rowid, keys) VALUES ('delete', old.id, old.keys); "
    "INSERT INTO search_terms(rowid, terms) VALUES (new.id, new.terms); "
    "INSERT INTO search_keys(rowid, keys) VALUES (new.id, new.keys); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TABLE IF EXISTS search_terms",
    "DROP TABLE IF EXISTS search_keys",
]
POSTGRES_EXTENSION_HELP = (
    "Search needs PostgreSQL's pg_trgm extension, and this database user may not create it. "
    "Ask the database owner to run, in this database: CREATE EXTENSION IF NOT EXISTS pg_trgm; "
    "then run the migrations again."
)
POSTGRES_INDEXES = [
    "ALTER TABLE search_document ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED",
    "CREATE INDEX search_document_tsv_idx ON search_document USING gin (tsv)",
    "CREATE INDEX search_document_keys_trgm_idx ON search_document USING gin (keys gin_trgm_ops)",
    "CREATE INDEX search_document_popularity_idx ON search_document (popularity DESC)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_document_popularity_idx",
    "DROP INDEX IF EXISTS search_document_keys_trgm_idx",
    "DROP INDEX IF EXISTS search_document_tsv_idx",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS tsv",
]


def _sqlite_triggers_drop(cursor: CursorWrapper) -> None:
    for statement in SQLITE_TRIGGERS:
        name = statement.split()[2]
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def _sqlite_renumber(cursor: CursorWrapper) -> None:
    """Gives the documents new ids in popularity order (the most popular first, ties by the
    old id), above every id in use so that no two collide; the FTS tables are rebuilt after.

    OR FAIL: a statement that may abort halfway keeps every page it changes in a statement
    journal to undo it, in memory here (temp_store): the whole table, 1.5 GB at 4.7 million
    documents. No id can collide, and an error would roll back the caller's transaction."""
    cursor.execute("SELECT coalesce(max(id), 0) FROM search_document")
    (top,) = cursor.fetchone()
    cursor.execute("DROP TABLE IF EXISTS temp.search_order")
    cursor.execute("CREATE TEMP TABLE search_order (old INTEGER PRIMARY KEY, new INTEGER)")
    cursor.execute(
        "INSERT INTO search_order (old, new) SELECT id, %s + row_number() OVER "
        "(ORDER BY popularity DESC, id) FROM search_document",
        [top],
    )
    cursor.execute(
        "UPDATE OR FAIL search_document SET id = "
        "(SELECT new FROM search_order WHERE old = search_document.id)"
    )
    cursor.execute("DROP TABLE search_order")


def _sqlite_text_indexes_refill(cursor: CursorWrapper) -> None:
    """Refills the FTS tables from search_document, each merged into one segment: a refill
    leaves several, and every look-up reads a term's postings in each (at 4.7 million
    documents the merge took 12 s and a typo query a third less time)."""
    for table in ("search_terms", "search_keys"):
        cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")  # noqa: S608
        cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")  # noqa: S608
    for statement in SQLITE_TRIGGERS:
        cursor.execute(statement)


def rebuild_begin() -> None:
    """Empties the index fast: without the per-row triggers, the FTS tables are refilled once
    at the end (`rebuild_end`)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE search_document RESTART IDENTITY")
            return
        _sqlite_triggers_drop(cursor)
        cursor.execute("DELETE FROM search_document")
        # Ids start afresh (AUTOINCREMENT remembers the largest ever): the renumbering at the
        # end then moves them to just above the refill's.
        cursor.execute("DELETE FROM sqlite_sequence WHERE name = 'search_document'")
        cursor.execute("INSERT INTO search_terms(search_terms) VALUES ('delete-all')")
        cursor.execute("INSERT INTO search_keys(search_keys) VALUES ('delete-all')")


def rebuild_end() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE search_document")
            # The refill went into the GIN indexes' pending lists (fastupdate), which every
            # search then reads in full until autovacuum merges them: 0.5 s and more a query
            # after a rebuild of 150,000 documents. Merged here, before the commit.
            cursor.execute(
                "SELECT gin_clean_pending_list('search_document_tsv_idx'::regclass), "
                "gin_clean_pending_list('search_document_keys_trgm_idx'::regclass)"
            )
            return
        _sqlite_renumber(cursor)
        _sqlite_text_indexes_refill(cursor)


def order_by_popularity() -> None:
    """Puts SQLite's index back in popularity order (`POPULAR_FIRST`): every document a new
    id, the FTS tables rebuilt, in the caller's transaction. What the rebuild does at its end;
    also for an index filled or changed mostly by incremental writes (the repair after a first
    import, a database indexed before this order). Nothing to do on PostgreSQL, whose stages
    sort by the popularity column."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        _sqlite_triggers_drop(cursor)
        _sqlite_renumber(cursor)
        _sqlite_text_indexes_refill(cursor)
