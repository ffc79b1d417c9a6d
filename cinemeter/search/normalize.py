"""How names and queries are reduced to comparable words: the one place search folds text.

Both the index and every query go through the same functions, so whatever the rules are, a
name and a query that differ only in what they ignore meet. The rules:

- **Case, accents, scripts**: `core.text.transliterate` (NFKC, then `anyascii`, any script to
  ASCII: "Amélie" -> "Amelie", "Сталкер" -> "Stalker", "東京物語" -> "DongJingWuYu"; the very
  spelling slugs use, so "stalker" finds "Сталкер" at /title/stalker-1979/), then case
  folding. Emoji and other symbols are dropped first: anyascii spells them as words
  (":grinning:") nobody searches for.
- **"&" is "and"**, and "and" is ignored when names are compared as keys.
- **Apostrophes join** ("Schindler's" -> "schindlers"); every other punctuation mark separates
  words ("Spider-Man" -> "spider man", "L.A." -> "l a").
- **Runs of single letters join** ("l a" -> "la"), so "L.A.", "L A" and "la" are one word.
- **Compounds**: a name written with a hyphen or a slash also yields its joined form
  ("spiderman") as an extra search term, so the joined query finds the split name; a query
  written apart ("spider man") finds a joined name through the compact key (no spaces at all),
  which the trigram index matches as a substring.
- **Leading articles** (the, a, an, de, het, een, le, la, les, der, die, das, el, ...) are left
  out of the key when more words follow: "The Matrix" and "Matrix" have the key "matrix".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cinemeter.core.text import transliterate

# Leading articles of the languages the catalogue mostly holds. "i" (Italian) is left out on
# purpose: "I, Robot" must keep its "I".
ARTICLES = frozenset(
    {
        "the", "a", "an",  # English
        "de", "het", "een", "t",  # Dutch ("'t Schaep": the apostrophe leaves a lone "t")
        "le", "la", "les", "l", "un", "une", "des",  # French
        "der", "die", "das", "ein", "eine",  # German
        "el", "los", "las", "lo", "il", "gli",  # Spanish, Italian
    }
)  # fmt: skip
CONJUNCTIONS = frozenset({"and"})

# Queries longer than this are cut: nobody types more, and it bounds the work per query.
MAX_QUERY_CHARS = 200

_APOSTROPHES = re.compile(r"['’`ʼ‘]")
_COMPOUND = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)+")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def _is_symbol(char: str) -> bool:
    return unicodedata.category(char)[0] in "SC" and char != "&"


# The ASCII symbols and control characters, for the fast path of plain ASCII text (most names):
# one `translate` in C instead of a category look-up per character.
_ASCII_SYMBOLS = {code: " " for code in range(128) if _is_symbol(chr(code))}


def _drop_symbols(text: str) -> str:
    """Removes emoji, pictographs, control characters (a NUL byte) and other non-text."""
    if text.isascii():
        return text.translate(_ASCII_SYMBOLS)
    return "".join(" " if _is_symbol(char) else char for char in text)


def fold(text: str) -> str:
    """Lower-case ASCII with "&" spelt "and": punctuation still in place."""
    text = transliterate(text, keep="&").casefold()
    # anyascii spells some letters with punctuation ("ʼ" -> "'"); apostrophes join.
    text = _APOSTROPHES.sub("", text)
    return text.replace("&", " and ")


def _join_single_letters(words: list[str]) -> list[str]:
    """["l", "a", "confidential"] -> ["la", "confidential"]: runs of two or more letters."""
    joined: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if len(run) > 1:
            joined.append("".join(run))
        else:
            joined.extend(run)
        run = []
        if word:
            joined.append(word)
    return joined


def _folded_words(folded: str) -> list[str]:
    return _join_single_letters([w for w in _NON_WORD.split(folded) if w])


def _folded_compounds(folded: str) -> list[str]:
    return [_NON_WORD.sub("", match) for match in _COMPOUND.findall(folded)]


def words(text: str) -> list[str]:
    """The words of a name or a query after every rule above (articles still in)."""
    return _folded_words(fold(text))


def compounds(text: str) -> list[str]:
    """Joined forms of the hyphenated or slashed words of a name: "Spider-Man" -> ["spiderman"]."""
    return _folded_compounds(fold(text))


def key_words(name_words: list[str]) -> list[str]:
    """The words that count when two names are compared: no leading article, no "and"."""
    kept = [w for w in name_words if w not in CONJUNCTIONS]
    if len(kept) > 1 and kept[0] in ARTICLES:
        kept = kept[1:]
    return kept


def compact(name_words: list[str]) -> str:
    """The key with no spaces at all: "spider man" and "spiderman" meet here."""
    return "".join(key_words(name_words))


@dataclass(frozen=True)
class NormalizedName:
    """One name as the index stores it."""

    words: tuple[str, ...]  # every word, article included
    terms: tuple[str, ...]  # the words plus the joined compounds: what the word index holds
    key: str  # compact form: the trigram index's text and the exact-match key


def normalize_name(name: str) -> NormalizedName:
    folded = fold(name)  # once for both: folding is most of the work
    name_words = _folded_words(folded)
    extra = [c for c in _folded_compounds(folded) if c not in name_words]
    return NormalizedName(
        words=tuple(name_words),
        terms=tuple(dict.fromkeys([*name_words, *extra])),
        key=compact(name_words),
    )


def clean_query(raw: str) -> str:
    """A query as typed, bounded and stripped of what no name holds (NUL, control characters)."""
    return " ".join(_drop_symbols(raw[:MAX_QUERY_CHARS]).split())
