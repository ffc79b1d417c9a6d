"""How well a document's names match a query, and how results are ordered.

docs/search.md explains the order for operators; in short, the sort key of a result is
(misses the query's year, match tier, -popularity, -year): the match tier decides, popularity
breaks ties within a tier, recency breaks ties of popularity. The tiers, best first:

0. exact: a name's key (no leading article, no "and", no spaces) equals the query's;
1. prefix: a name's key starts with the query's ("escape fr" -> "Escape from L.A.");
2. words: every query word is a word of one name, the last one possibly a prefix of one;
3. infix: the query's key is inside a name's key ("spider man" in "The Amazing Spider-Man");
4. fuzzy: every query word is within its allowance of a word of one name (edits counted
   with transpositions as one, `rapidfuzz`'s OSA distance), or the whole key is;
5. fuzzy prefix: the same, the last word against the start of a name's word (typing on).

A word of fewer than 4 letters allows no edit, one of 4 to 8 letters one, a longer one two.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from cinemeter.search.normalize import clean_query, compact, key_words, words

EXACT, PREFIX, WORDS, INFIX, FUZZY, FUZZY_PREFIX = range(6)

# Member votes below this count do not make an average worth ranking by (as on the title page).
MEMBER_VOTES_MINIMUM = 3
# About how many IMDb votes weigh as one member vote: MovieMeter's 830 votes for Escape from
# L.A. against IMDb's 81,665.
IMDB_VOTES_PER_MEMBER_VOTE = 100

_YEAR = re.compile(r"^(18[7-9]\d|19\d\d|2[01]\d\d|2200)$")
_IMDB_TITLE = re.compile(r"^tt\d{7,10}$")
_IMDB_NAME = re.compile(r"^nm\d{7,10}$")
_TMDB = re.compile(r"^tmdb:(?:(movie|tv|person):)?(\d{1,10})$")


def popularity(vote_count: int, vote_average: float | None, imdb_votes: int) -> float:
    """One number for "how well known": members' votes, else IMDb's, weighted by the average.

    log10 so that ten times the votes is one step: a film with 830 votes is not 80 times
    more findable than one with 10.
    """
    if vote_count >= MEMBER_VOTES_MINIMUM:
        weight = 0.5 + (vote_average or 0) / 10  # 0.55 for half a star, 1.0 for five
        return math.log10(1 + vote_count) * weight
    return math.log10(1 + imdb_votes / IMDB_VOTES_PER_MEMBER_VOTE) * 0.75


def edits_allowed(word: str) -> int:
    if len(word) < 4:
        return 0
    return 1 if len(word) <= 8 else 2


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # as typed, cleaned (clean_query)
    words: tuple[str, ...]  # every normalised word
    year: int | None  # a year typed after other words: "escape 1996"
    text_words: tuple[str, ...]  # the words without that year
    external: tuple[str, str] | None  # ("imdb", "tt0116225"), ("tmdb", "10061")...

    @property
    def key(self) -> str:
        return compact(list(self.words))

    @property
    def empty(self) -> bool:
        return not self.words and self.external is None


def parse(raw: str) -> ParsedQuery:
    text = clean_query(raw)
    lowered = text.casefold().replace(" ", "")
    external: tuple[str, str] | None = None
    if _IMDB_TITLE.match(lowered) or _IMDB_NAME.match(lowered):
        external = ("imdb", lowered)
    elif match := _TMDB.match(lowered):
        external = (f"tmdb_{match.group(1) or 'movie'}", match.group(2))
    query_words = tuple(words(text))
    year: int | None = None
    text_words = query_words
    if len(query_words) > 1 and _YEAR.match(query_words[-1]):
        year = int(query_words[-1])
        text_words = query_words[:-1]
    return ParsedQuery(text, query_words, year, text_words, external)


def _within(word: str, candidates: list[str], allowed: int) -> bool:
    return any(OSA.distance(word, n, score_cutoff=allowed) <= allowed for n in candidates)


def _word_tier(query: tuple[str, ...], name: list[str], *, prefix_last: bool) -> int | None:
    """WORDS when every query word is a name word (the last may be a prefix), FUZZY when each
    is within its allowance of one (FUZZY_PREFIX: of the start of one), else None."""
    tier = WORDS
    for index, word in enumerate(query):
        last = prefix_last and index == len(query) - 1
        if word in name or (last and any(n.startswith(word) for n in name)):
            continue
        allowed = edits_allowed(word)
        if not allowed:
            return None
        if _within(word, name, allowed):
            tier = max(tier, FUZZY)
        elif last and _within(word, [n[: len(word)] for n in name], allowed):
            tier = FUZZY_PREFIX
        else:
            return None
    return tier


def name_tier(  # noqa: PLR0911 - one return per tier reads as the list in the docstring
    query: tuple[str, ...], name_words: list[str], *, prefix_last: bool
) -> int | None:
    """The best tier at which one name matches the query words, or None."""
    if not query:
        return None
    query_key = compact(list(query))
    name_key = compact(name_words)
    full_key = "".join(name_words)  # with its article: "the matrix" typed in full
    if query_key in (name_key, full_key):
        return EXACT
    if prefix_last and (name_key.startswith(query_key) or full_key.startswith(query_key)):
        return PREFIX
    tier = _word_tier(tuple(key_words(list(query))) or query, name_words, prefix_last=prefix_last)
    if tier == WORDS:
        return WORDS
    if len(query_key) >= 3 and query_key in full_key:
        return INFIX
    # The whole key, for typos across spacing ("spidermna"); then the best word-wise tier.
    allowed = edits_allowed(query_key)
    if allowed and _within(query_key, [name_key], allowed):
        return FUZZY
    if tier is not None:
        return tier
    if allowed and prefix_last and _within(query_key, [name_key[: len(query_key)]], allowed):
        return FUZZY_PREFIX
    return None


def document_tier(query: tuple[str, ...], names: str, *, prefix_last: bool) -> int | None:
    """The best tier over a document's names (`SearchDocument.names`: one name a line)."""
    best: int | None = None
    for line in names.split("\n"):
        tier = name_tier(query, line.split(), prefix_last=prefix_last)
        if tier is not None and (best is None or tier < best):
            best = tier
            if best == EXACT:
                break
    return best
