"""Small text helpers shared by the apps, and the one transliteration search and slugs share."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

from anyascii import anyascii

_NOT_SLUG = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[-\s]+")
# Every ASCII character: a slug leaves ASCII punctuation and symbols to Django's rule.
_ASCII = frozenset(map(chr, range(128)))


def transliterate(text: str, *, keep: Container[str] = "&", gap: str = " ") -> str:
    """Any script in ASCII letters: "Сталкер" -> "Stalker", "Ørnen" -> "Ornen", "Straße" ->
    "Strasse", "東京物語" -> "DongJingWuYu" (anyascii, after NFKC).

    Symbols (emoji, pictographs, "™") and control characters become `gap` first, except
    those in `keep`: anyascii would spell them as words (":heart:", "TM") that nobody reads
    in an address or types into a search box. Search folds names and queries with this, and
    slugs spell non-ASCII text with it, so the two can never disagree on a letter.
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(
        gap if unicodedata.category(char)[0] in "SC" and char not in keep else char for char in text
    )
    return anyascii(text)


def slug_of(value: str) -> str:
    """A slug: ASCII lower-case words joined by hyphens.

    Pure-ASCII text gets exactly Django's `slugify` (without its per-call overhead:
    importers slug every title and person of a file). Other text is transliterated first
    ("Сталкер 1979" -> "stalker-1979", "Ørnen & Co" -> "ornen-co"); symbols outside ASCII
    vanish as `slugify` drops those inside it ("8½" -> "812", "Love ❤ Actually" ->
    "love-actually"), so only letters that `slugify` could not spell change their slug.
    """
    if not value.isascii():
        value = transliterate(value, keep=_ASCII, gap="")
    return _SEPARATORS.sub("-", _NOT_SLUG.sub("", value.lower())).strip("-_")


def ascii_slug_of(value: str) -> str:
    """The slug the site gave before slugs were transliterated (Django's `slugify`: letters it
    cannot spell are dropped, "Сталкер 1979" -> "1979"); `catalog.reslug` finds such slugs."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return _SEPARATORS.sub("-", _NOT_SLUG.sub("", value.lower())).strip("-_")


def drops_letters(value: str) -> bool:
    """Whether the ASCII-only slug rule (`ascii_slug_of`) loses letters of this text: a
    Cyrillic, Greek or Japanese name, or a Danish "Ø", a German "ß"; not an "é"."""
    if value.isascii():
        return False
    return any(
        not char.isascii()
        and unicodedata.category(char)[0] == "L"
        and not unicodedata.normalize("NFKD", char).encode("ascii", "ignore")
        for char in value
    )
