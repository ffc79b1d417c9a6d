"""Small text helpers shared by the apps."""

from __future__ import annotations

import re
import unicodedata

_NOT_SLUG = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[-\s]+")


def slug_of(value: str) -> str:
    """Django's `slugify` (ASCII), without its per-call overhead: importers slug every title
    and person of a file. Pure-ASCII text skips the Unicode decomposition it would not change.
    """
    if not value.isascii():
        value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return _SEPARATORS.sub("-", _NOT_SLUG.sub("", value.lower())).strip("-_")
